/// A two-part key `(A, B)` ordered by `A`, then `B`. `A` must be self-delimiting; `B` may be anything.
///
/// ```swift
/// let byCustomer = try env.openTable("purchases", key: Pair<UInt64Key, Int64Key>.self, value: BytesValue.self)
/// // every purchase of customer 7, in time order:
/// try byCustomer.scan(in: txn, over: .prefix(Pair<UInt64Key, Int64Key>.prefix(7))) { key, value in … }
/// ```
public enum Pair<A: ComponentKeyCodec, B: KeyCodec>: KeyCodec {
    public typealias Value = (A.Value, B.Value)

    @inlinable
    public static func encode(_ value: (A.Value, B.Value), into bytes: inout [UInt8]) throws {
        try A.encodeComponent(value.0, into: &bytes)
        try B.encode(value.1, into: &bytes)
    }

    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (A.Value, B.Value) {
        var offset = 0
        let first = try A.decodeComponent(bytes, at: &offset)
        let second = try B.decode(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        return (first, second)
    }

    /// The encoded prefix shared by every key whose first part is `first`.
    /// - Throws: `CodecError` when `first` cannot be encoded.
    @inlinable
    public static func prefix(_ first: A.Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try A.encodeComponent(first, into: &bytes)
        return bytes
    }
}

extension Pair: ComponentKeyCodec where B: ComponentKeyCodec {
    @inlinable
    public static func encodeComponent(_ value: (A.Value, B.Value), into bytes: inout [UInt8]) throws {
        try A.encodeComponent(value.0, into: &bytes)
        try B.encodeComponent(value.1, into: &bytes)
    }

    @inlinable
    public static func decodeComponent(
        _ bytes: UnsafeRawBufferPointer, at offset: inout Int
    ) throws -> (A.Value, B.Value) {
        let first = try A.decodeComponent(bytes, at: &offset)
        let second = try B.decodeComponent(bytes, at: &offset)
        return (first, second)
    }
}

/// A three-part key `(A, B, C)` ordered by `A`, then `B`, then `C`.
public enum Triple<A: ComponentKeyCodec, B: ComponentKeyCodec, C: KeyCodec>: KeyCodec {
    public typealias Value = (A.Value, B.Value, C.Value)

    @inlinable
    public static func encode(_ value: (A.Value, B.Value, C.Value), into bytes: inout [UInt8]) throws {
        try A.encodeComponent(value.0, into: &bytes)
        try B.encodeComponent(value.1, into: &bytes)
        try C.encode(value.2, into: &bytes)
    }

    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (A.Value, B.Value, C.Value) {
        var offset = 0
        let first = try A.decodeComponent(bytes, at: &offset)
        let second = try B.decodeComponent(bytes, at: &offset)
        let third = try C.decode(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        return (first, second, third)
    }

    /// The encoded prefix shared by every key whose first part is `first`.
    /// - Throws: `CodecError` when `first` cannot be encoded.
    @inlinable
    public static func prefix(_ first: A.Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try A.encodeComponent(first, into: &bytes)
        return bytes
    }

    /// The encoded prefix shared by every key whose first two parts are `first` and `second`.
    /// - Throws: `CodecError` when a part cannot be encoded.
    @inlinable
    public static func prefix(_ first: A.Value, _ second: B.Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try A.encodeComponent(first, into: &bytes)
        try B.encodeComponent(second, into: &bytes)
        return bytes
    }
}
