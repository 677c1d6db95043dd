import LMDBKit

/// The value of a `purchase_by_order` entry (store format 4): where the order's line is, as the `purchases` key
/// `(customer, occurred-at µs, sequence)`, written compactly. Layout: the instant as 8 bytes in key order (as
/// `Int64Key`), then the customer id and the sequence number as LEB128 varints (shortest form only). A store of a
/// million customers and ten million lines takes 15 bytes where the plain key took 24.
///
/// Format 3 stored the 24-byte `purchases` key itself; `Store.compactOrderIndex` rewrites those on open.
enum OrderLineCodec: ValueCodec {
    /// The widest encoding: 8 bytes of instant and two 10-byte varints.
    static let maximumCount = 28

    static func encode(_ line: (UInt64, Int64, UInt64), into bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(bitPattern: line.1 ^ Int64.min).bigEndian) { bytes.append(contentsOf: $0) }
        Varint.append(line.0, to: &bytes)
        Varint.append(line.2, to: &bytes)
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
        let customer = try Varint.read(bytes, &offset, end: bytes.count)
        let sequence = try Varint.read(bytes, &offset, end: bytes.count)
        guard offset == bytes.count else { throw CodecError("\(bytes.count - offset) unexpected trailing bytes") }
        return (customer, Int64(bitPattern: bits) ^ Int64.min, sequence)
    }
}
