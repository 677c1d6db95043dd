/// Settings for ``CSVReader``: the delimiter, the input limits and the read size.
///
/// Every limit fails the import as soon as it is crossed (see ``CSVError/Reason``), so memory stays bounded by
/// roughly `maxRecordBytes + readChunkSize` whatever the input.
public struct CSVOptions: Sendable, Hashable {
    /// The field separator; `,` by default. Must be ASCII and not `"`, CR, LF or NUL.
    public var delimiter: UInt8
    /// The largest field, counted in bytes after unquoting (a `""` pair counts as one byte). Default 64 KiB.
    public var maxFieldBytes: Int
    /// The largest record, counted in raw input bytes including quotes and delimiters but excluding the line
    /// terminator. Default 1 MiB.
    public var maxRecordBytes: Int
    /// The most fields a record may have. Default 1024.
    public var maxFieldsPerRecord: Int
    /// The most records the input may hold (a header row read through the reader counts as one); `nil` means no
    /// limit. Blank lines do not count.
    public var maxRecords: Int?
    /// How many bytes one `read` asks the source for. Default 256 KiB; tests use tiny values to exercise
    /// chunk boundaries.
    public var readChunkSize: Int

    /// The default settings: comma, 64 KiB per field, 1 MiB per record, 1024 fields, no record limit, 256 KiB reads.
    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        maxFieldBytes: Int = 64 * 1024,
        maxRecordBytes: Int = 1024 * 1024,
        maxFieldsPerRecord: Int = 1024,
        maxRecords: Int? = nil,
        readChunkSize: Int = 256 * 1024
    ) {
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxFieldsPerRecord = maxFieldsPerRecord
        self.maxRecords = maxRecords
        self.readChunkSize = readChunkSize
    }

    /// Allowed range for the byte limits and the chunk size (1 byte to 1 GiB).
    public static let byteLimitRange = 1...(1 << 30)
    /// Allowed range for ``maxFieldsPerRecord`` (1 to 1,048,576).
    public static let fieldCountRange = 1...(1 << 20)

    /// Checks every setting.
    ///
    /// - Throws: ``ConfigurationError`` naming the first invalid setting.
    public func validate() throws(ConfigurationError) {
        let d = delimiter
        if d >= 0x80 || d == UInt8(ascii: "\"") || d == 0x0A || d == 0x0D || d == 0 {
            throw .invalidDelimiter(d)
        }
        try Self.check("maxFieldBytes", maxFieldBytes, Self.byteLimitRange)
        try Self.check("maxRecordBytes", maxRecordBytes, Self.byteLimitRange)
        try Self.check("readChunkSize", readChunkSize, Self.byteLimitRange)
        try Self.check("maxFieldsPerRecord", maxFieldsPerRecord, Self.fieldCountRange)
        if let maxRecords { try Self.check("maxRecords", maxRecords, 0...Int.max) }
    }

    private static func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws(ConfigurationError) {
        guard range.contains(value) else { throw .limitOutOfRange(name: name, value: value, allowed: range) }
    }
}
