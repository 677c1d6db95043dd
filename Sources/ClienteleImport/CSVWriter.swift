/// Writes CSV records that ``CSVReader`` reads back unchanged.
///
/// A field is quoted when it contains the delimiter, a quote, CR or LF, and quotes inside are doubled. A record
/// made of one empty field is written as `""` so it is not read back as a (skipped) blank line.
///
/// ```swift
/// var out: [UInt8] = []
/// CSVWriter().appendRecord(["c1", "Smith, \"Jo\""], to: &out)   // c1,"Smith, ""Jo"""\n
/// ```
public struct CSVWriter: Sendable, Hashable {
    /// The record terminator to write.
    public enum LineEnding: Sendable, Hashable {
        /// `\n`
        case lf
        /// `\r\n` (RFC 4180)
        case crlf
    }

    /// The field separator.
    public let delimiter: UInt8
    /// The record terminator.
    public let lineEnding: LineEnding

    /// A writer using `,` and LF.
    public init() {
        delimiter = UInt8(ascii: ",")
        lineEnding = .lf
    }

    /// A writer with the given delimiter and line ending.
    ///
    /// - Throws: ``ConfigurationError/invalidDelimiter(_:)`` for a quote, CR, LF, NUL or non-ASCII delimiter.
    public init(delimiter: UInt8, lineEnding: LineEnding = .lf) throws(ConfigurationError) {
        try CSVOptions(delimiter: delimiter).validate()
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }

    /// Whether `field` must be quoted: it contains the delimiter, `"`, CR or LF, or starts with a UTF-8 byte order
    /// mark (which a reader would drop at the start of a file; found by fuzzing).
    public func needsQuoting(_ field: UnsafeRawBufferPointer) -> Bool {
        if field.count >= 3 && field[0] == 0xEF && field[1] == 0xBB && field[2] == 0xBF { return true }
        for byte in field where byte == delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }

    /// Appends one field, quoted if needed, without a delimiter.
    public func appendField(_ field: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        guard needsQuoting(field) else {
            output.append(contentsOf: field)
            return
        }
        output.reserveCapacity(output.count + field.count + 2)
        output.append(0x22)
        for byte in field {
            output.append(byte)
            if byte == 0x22 { output.append(0x22) }
        }
        output.append(0x22)
    }

    /// Appends one field, quoted if needed, without a delimiter.
    public func appendField(_ field: String, to output: inout [UInt8]) {
        var text = field
        text.withUTF8 { appendField(UnsafeRawBufferPointer($0), to: &output) }
    }

    /// Appends the delimiter.
    public func appendDelimiter(to output: inout [UInt8]) {
        output.append(delimiter)
    }

    /// Appends the line ending.
    public func appendLineEnding(to output: inout [UInt8]) {
        if lineEnding == .crlf { output.append(0x0D) }
        output.append(0x0A)
    }

    /// Appends a whole record and its line ending. An empty array writes nothing.
    public func appendRecord(_ fields: [String], to output: inout [UInt8]) {
        guard !fields.isEmpty else { return }
        if fields.count == 1 && fields[0].isEmpty {
            output.append(0x22)
            output.append(0x22)
        } else {
            for (index, field) in fields.enumerated() {
                if index > 0 { appendDelimiter(to: &output) }
                appendField(field, to: &output)
            }
        }
        appendLineEnding(to: &output)
    }
}
