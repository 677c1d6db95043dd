import ClientelePredict

/// FNV-1a with a 128-bit state (Fowler, Noll, Vo): a fixed, documented hash whose value never changes between runs,
/// processes or versions (unlike Swift's `Hasher`, which is seeded randomly per process).
///
/// Not cryptographic; used to name rows that have no order id (``DerivedOrderIDs``).
public struct StableHash: Sendable, Hashable {
    /// The high 64 bits of the state.
    public private(set) var high: UInt64 = 0x6C62_272E_07BB_0142
    /// The low 64 bits of the state.
    public private(set) var low: UInt64 = 0x62B8_2175_6295_C58D

    /// The FNV-1a 128 offset basis.
    public init() {}

    /// Mixes in one byte: xor, then multiply by the 128-bit FNV prime 2^88 + 2^8 + 0x3B (mod 2^128).
    @inline(__always)
    public mutating func combine(_ byte: UInt8) {
        low ^= UInt64(byte)
        // (high·2^64 + low) · (2^88 + 0x13B) mod 2^128
        let product = low.multipliedFullWidth(by: 0x13B)
        high = high &* 0x13B &+ product.high &+ (low << 24)
        low = product.low
    }

    /// Mixes in bytes.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { combine(byte) }
    }

    /// Mixes in a 64-bit integer, little-endian.
    public mutating func combine(_ value: Int64) {
        var v = UInt64(bitPattern: value)
        for _ in 0..<8 {
            combine(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// Mixes in a length-prefixed string, or a distinct marker for `nil`, so that field boundaries count.
    public mutating func combine(field: String?) {
        guard let field else {
            combine(UInt8(0))
            return
        }
        combine(UInt8(1))
        combine(Int64(field.utf8.count))
        combine(field.utf8)
    }

    /// The 128-bit value as 32 lowercase hex digits.
    public var hex: String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(high) + digits(low)
    }

    /// A 64-bit digest of the state, well mixed (for hash tables).
    public var digest64: UInt64 {
        SplitMix64.mix(high ^ (low &* 0x9E37_79B9_7F4A_7C15))
    }
}
