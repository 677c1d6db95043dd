import LMDBKit

/// The value of a `purchase_by_order` entry (store format 4): where the order's line is, as the `purchases` key
/// `(customer, occurred-at µs, sequence)`, written compactly. Layout: the instant as 8 bytes in key order (as
/// `Int64Key`), then the customer id and the sequence number as LEB128 varints (shortest form only). A store of a
/// million customers and ten million lines takes 15 bytes where the plain key took 24.
///
/// Format 3 stored the 24-byte `purchases` key itself; `Store.compactOrderIndex` rewrites those on open. The two
/// cannot be mistaken for each other: a format-3 value starts with the customer id's high byte, 0 for every id
/// below 2⁵⁶, and a format-4 value with the instant's, which is 0x7F or 0x80 for every instant the store accepts
/// (1900 onwards).
enum OrderLineCodec: ValueCodec {
    /// The widest encoding: 8 bytes of instant and two 10-byte varints.
    static let maximumCount = 28

    static func encode(_ line: (UInt64, Int64, UInt64), into bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(bitPattern: line.1 ^ Int64.min).bigEndian) { bytes.append(contentsOf: $0) }
        appendVarint(line.0, to: &bytes)
        appendVarint(line.2, to: &bytes)
    }

    /// The encoding of the line whose `purchases` key is `key` (24 bytes, as `PurchaseKey` encodes it).
    /// - Throws: `CodecError` when `key` is not a purchase key.
    static func encode(purchaseKey key: UnsafeRawBufferPointer, into bytes: inout [UInt8]) throws {
        encode(try PurchaseKey.decode(key), into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (UInt64, Int64, UInt64) {
        guard bytes.count >= 10 else { throw CodecError("order index value of \(bytes.count) bytes is too short") }
        let bits = UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
        var offset = 8
        let customer = try varint(bytes, &offset)
        let sequence = try varint(bytes, &offset)
        guard offset == bytes.count else { throw CodecError("\(bytes.count - offset) unexpected trailing bytes") }
        return (customer, Int64(bitPattern: bits) ^ Int64.min, sequence)
    }

    /// Whether `bytes` is a format-3 value (a 24-byte `purchases` key) rather than this encoding (see above).
    static func isFormatThree(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 24 && bytes[0] == 0
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw CodecError("truncated order index value") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 63 || byte <= 1 else { throw CodecError("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                // Only the shortest form: decoding then encoding gives back the same bytes.
                guard byte != 0 || shift == 0 else { throw CodecError("non-canonical varint") }
                return result
            }
            shift += 7
        }
    }
}
