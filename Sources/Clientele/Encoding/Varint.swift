import LMDBKit

/// LEB128 varints, shortest form only: what `RecordWriter`, `RecordReader` and `OrderLineCodec` write and read.
enum Varint {
    /// Appends `value` to `bytes`.
    @inline(__always)
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads the varint at `offset` (moved past it) from `bytes`, which end at `end`.
    /// - Throws: `CodecError` when it is truncated, longer than 64 bits or not in its shortest form.
    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int, end: Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw CodecError("truncated record") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 63 || byte <= 1 else { throw CodecError("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                // Only the shortest encoding is valid, so decoding then encoding gives back the same bytes.
                guard byte != 0 || shift == 0 else { throw CodecError("non-canonical varint") }
                return result
            }
            shift += 7
        }
    }
}
