/// Raw byte keys and values, stored as they are. As a composite-key component, zero bytes are escaped
/// (`00` → `00 01`) and the component ends with `00 00`, which keeps the order.
public enum BytesKey: ComponentKeyCodec, ValueCodec {
    public typealias Value = [UInt8]

    @inlinable
    public static func encode(_ value: [UInt8], into bytes: inout [UInt8]) { bytes.append(contentsOf: value) }

    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] { Array(bytes) }

    @inlinable
    public static func encodeComponent(_ value: [UInt8], into bytes: inout [UInt8]) {
        EscapedComponent.encode(value, into: &bytes)
    }

    @inlinable
    public static func decodeComponent(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws -> [UInt8] {
        try EscapedComponent.decode(bytes, at: &offset)
    }
}

/// Raw byte values.
public typealias BytesValue = BytesKey

/// UTF-8 string keys and values, ordered by their UTF-8 bytes (which is Unicode scalar order).
public enum StringKey: ComponentKeyCodec, ValueCodec {
    public typealias Value = String

    @inlinable
    public static func encode(_ value: String, into bytes: inout [UInt8]) { bytes.append(contentsOf: value.utf8) }

    @inlinable
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> String {
        guard let string = UTF8Decoding.string(bytes) else {
            throw CodecError("stored string is not valid UTF-8")
        }
        return string
    }

    @inlinable
    public static func encodeComponent(_ value: String, into bytes: inout [UInt8]) {
        EscapedComponent.encode(value.utf8, into: &bytes)
    }

    @inlinable
    public static func decodeComponent(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws -> String {
        let raw = try EscapedComponent.decode(bytes, at: &offset)
        guard let string = raw.withUnsafeBytes({ UTF8Decoding.string($0) }) else {
            throw CodecError("stored string is not valid UTF-8")
        }
        return string
    }
}

/// String values.
public typealias StringValue = StringKey

/// An empty value, for index tables whose key says everything.
public enum EmptyValue: ValueCodec {
    public typealias Value = Void
    @inlinable public static func encode(_ value: Void, into bytes: inout [UInt8]) {}
    @inlinable public static func decode(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.isEmpty else { throw CodecError("expected an empty value, found \(bytes.count) bytes") }
    }
}

/// The escaped, terminated encoding of a variable-length component: `00` becomes `00 01` and the component ends with
/// `00 00`, so a shorter component sorts before any longer one that extends it.
@usableFromInline
enum EscapedComponent {
    @inlinable
    static func encode<Bytes: Sequence<UInt8>>(_ value: Bytes, into bytes: inout [UInt8]) {
        for byte in value {
            bytes.append(byte)
            if byte == 0 { bytes.append(1) }
        }
        bytes.append(0)
        bytes.append(0)
    }

    @inlinable
    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var index = offset
        while index < bytes.count {
            let byte = bytes[index]
            if byte != 0 {
                result.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw CodecError("truncated escaped component") }
            switch bytes[index + 1] {
            case 0:
                offset = index + 2
                return result
            case 1:
                result.append(0)
                index += 2
            default:
                throw CodecError("invalid escape in key component")
            }
        }
        throw CodecError("unterminated key component")
    }
}
