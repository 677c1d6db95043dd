/// Strict UTF-8 validation (RFC 3629) over raw bytes.
///
/// Rejects overlong encodings (`C0`, `C1`, `E0 80..9F`, `F0 80..8F`), UTF-16 surrogates (`ED A0..BF`), code points
/// above U+10FFFF (`F4 90..`, `F5..FF`), stray continuation bytes and sequences cut short. Unlike
/// `String(decoding:as:)` it never repairs: the caller learns where the first bad byte is.
public enum UTF8Validation {
    /// The offset of the first byte that starts an invalid sequence, or `nil` when all `count` bytes are valid.
    ///
    /// - Parameters:
    ///   - start: The first byte; may be `nil` only when `count` is 0.
    ///   - count: The number of bytes to check.
    public static func firstInvalidOffset(_ start: UnsafeRawPointer?, count: Int) -> Int? {
        guard let p = start, count > 0 else { return nil }
        var i = 0
        while i < count {
            // ASCII fast path: eight bytes at a time.
            while i + 8 <= count {
                let word = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= count { break }
            let b0 = p.load(fromByteOffset: i, as: UInt8.self)
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard count - i >= length else { return i }
            let b1 = p.load(fromByteOffset: i + 1, as: UInt8.self)
            guard b1 >= low && b1 <= high else { return i }
            var k = 2
            while k < length {
                guard p.load(fromByteOffset: i + k, as: UInt8.self) & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += length
        }
        return nil
    }

    /// Whether `bytes` is entirely valid UTF-8.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        firstInvalidOffset(bytes.baseAddress, count: bytes.count) == nil
    }
}
