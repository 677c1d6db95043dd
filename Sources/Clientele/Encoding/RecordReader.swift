import LMDBKit

/// Reads the fields of a record written by `RecordWriter`, after checking its checksum; every read is bounds-checked
/// and throws `CodecError` on damage.
struct RecordReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    private let end: Int
    /// The record's format version (its first byte).
    let version: UInt8

    /// Checks the trailing CRC32C and the version byte.
    /// - Throws: `CodecError` when the record is too short, the checksum differs, or the version is not in `versions`.
    init(_ bytes: UnsafeRawBufferPointer, versions: ClosedRange<UInt8>) throws {
        guard bytes.count >= 5 else { throw CodecError("record of \(bytes.count) bytes is too short") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
        guard CRC32C.checksum(body) == stored else { throw CodecError("checksum mismatch") }
        guard versions.contains(bytes[0]) else { throw CodecError("unknown record version \(bytes[0])") }
        self.bytes = bytes
        self.version = bytes[0]
        offset = 1
        end = bytes.count - 4
    }

    /// Whether every field has been read.
    var isAtEnd: Bool { offset == end }

    /// Throws unless every byte before the checksum has been read.
    func finish() throws {
        guard isAtEnd else { throw CodecError("\(end - offset) unexpected trailing bytes") }
    }

    mutating func u8() throws -> UInt8 {
        guard offset < end else { throw CodecError("truncated record") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw CodecError("invalid boolean")
        }
    }

    mutating func fixed<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let width = T.bitWidth / 8
        guard end - offset >= width else { throw CodecError("truncated record") }
        var value = T.zero
        if MemoryLayout<T>.size == width {
            value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        } else {
            for index in 0..<width { value |= T(bytes[offset + index]) << (8 * index) }
        }
        offset += width
        return value
    }

    mutating func varint() throws -> UInt64 {
        try Varint.read(bytes, &offset, end: end)
    }

    mutating func signedVarint() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func count(limit: Int = 1 << 20) throws -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw CodecError("length \(value) out of range") }
        return Int(value)
    }

    mutating func string() throws -> String {
        try bytes(count: try count())
    }

    /// The next `length` bytes as a UTF-8 string.
    private mutating func bytes(count length: Int) throws -> String {
        guard end - offset >= length else { throw CodecError("truncated string") }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
        guard let string = UTF8Decoding.string(slice) else { throw CodecError("string is not valid UTF-8") }
        offset += length
        return string
    }

    mutating func optionalString() throws -> String? {
        try bool() ? try string() : nil
    }

    /// A string `RecordWriter.compactOptionalString` wrote.
    mutating func compactOptionalString() throws -> String? {
        let prefix = try count(limit: (1 << 20) + 1)
        guard prefix > 0 else { return nil }
        return try bytes(count: prefix - 1)
    }
}
