/// Why stored or given bytes could not be turned into a value. The reason never contains the bytes themselves.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in words.
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Turns keys into bytes whose order (LMDB's `memcmp` order, shorter first on a tie) equals the keys' order.
///
/// Codecs are types, not values: a `Table<UInt64Key, StringValue>` names its codecs in its type.
public protocol KeyCodec {
    /// The Swift type of the key.
    associatedtype Value
    /// Appends the encoding of `value` to `bytes`.
    /// - Throws: `CodecError` when the value cannot be encoded.
    static func encode(_ value: Value, into bytes: inout [UInt8]) throws
    /// Decodes a whole key.
    /// - Throws: `CodecError` when the bytes are not a valid encoding.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Value
}

/// A key codec whose encoding can be followed by another component in a composite key without breaking the order:
/// fixed-width integers, and strings or bytes written with an escaped terminator.
public protocol ComponentKeyCodec: KeyCodec {
    /// Appends a self-delimiting encoding of `value`.
    /// - Throws: `CodecError` when the value cannot be encoded.
    static func encodeComponent(_ value: Value, into bytes: inout [UInt8]) throws
    /// Decodes one component starting at `offset`, advancing it past the component.
    /// - Throws: `CodecError` when the bytes are truncated or malformed.
    static func decodeComponent(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws -> Value
}

/// Turns stored values into bytes and back.
public protocol ValueCodec {
    /// The Swift type of the value.
    associatedtype Value
    /// Appends the encoding of `value` to `bytes`.
    /// - Throws: `CodecError` when the value cannot be encoded.
    static func encode(_ value: Value, into bytes: inout [UInt8]) throws
    /// Decodes a stored value.
    /// - Throws: `CodecError` when the bytes are not a valid encoding (damage, or another format).
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Value
}
