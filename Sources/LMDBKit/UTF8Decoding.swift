/// Strings from stored bytes, validated: ASCII (most ids, emails and labels) is valid UTF-8 as it is and takes a
/// fast path of eight bytes per step; anything else goes through the standard library's validation.
public enum UTF8Decoding {
    /// The string the bytes encode, or `nil` when they are not valid UTF-8.
    @inlinable
    public static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether every byte is below 0x80.
    @inlinable
    public static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var combined: UInt64 = 0
        while bytes.count - index >= 8 {
            combined |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            combined |= UInt64(bytes[index])
            index += 1
        }
        return combined & 0x8080_8080_8080_8080 == 0
    }
}
