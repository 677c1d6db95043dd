/// Appends the fields of a record: fixed-width little-endian integers, LEB128 varints and length-prefixed strings.
struct RecordWriter {
    var bytes: [UInt8]
    /// Where the record starts in `bytes` (after what `init(version:appendingTo:capacity:)` took over).
    private let start: Int

    init(version: UInt8, capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(version)
        start = 0
    }

    /// A record appended to `target`'s bytes: the writer takes them over (leaving `target` empty) and `seal(into:)`
    /// hands them back with the record after them, so the record is written in place, without a copy.
    init(version: UInt8, appendingTo target: inout [UInt8], capacity: Int) {
        bytes = []
        swap(&bytes, &target)
        start = bytes.count
        bytes.reserveCapacity(start + capacity)
        bytes.append(version)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        let little = value.littleEndian
        withUnsafeBytes(of: little) { bytes.append(contentsOf: $0) }
    }

    mutating func varint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }

    mutating func signedVarint(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ value: String) {
        varint(UInt64(value.utf8.count))
        // Native strings (every string built here) lend their UTF-8 contiguously: one copy.
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: value.utf8) }
    }

    mutating func optionalString(_ value: String?) {
        if let value {
            u8(1)
            string(value)
        } else {
            u8(0)
        }
    }

    /// An optional string in one prefix: 0 for none, otherwise the length plus one as a varint, then the UTF-8
    /// bytes (a byte shorter than `optionalString`'s presence byte and length).
    mutating func compactOptionalString(_ value: String?) {
        guard let value else { return u8(0) }
        varint(UInt64(value.utf8.count) + 1)
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: value.utf8) }
    }

    /// Seals the record: appends the CRC32C of the record's bytes, little-endian.
    mutating func finish() -> [UInt8] {
        let start = start
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        fixed(crc)
        return bytes
    }

    /// Seals the record and hands the bytes (what `target` held before, then the record) back to `target`.
    mutating func seal(into target: inout [UInt8]) {
        let start = start
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        fixed(crc)
        swap(&bytes, &target)
    }
}
