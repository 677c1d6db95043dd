/// The encoded key range a scan covers. Build it from encoded bytes, or from keys with `Table.bounds(from:to:)`.
///
/// ```swift
/// try table.scan(in: txn, over: .prefix(try Pair<UInt64Key, Int64Key>.prefix(42))) { key, value in … }
/// ```
public struct KeyBounds: Sendable, Hashable {
    /// The smallest key included (or excluded, see `lowerInclusive`); `nil` starts at the first key.
    public var lower: [UInt8]?
    /// Whether a key equal to `lower` is included.
    public var lowerInclusive: Bool
    /// The largest key included (or excluded, see `upperInclusive`); `nil` runs to the last key.
    public var upper: [UInt8]?
    /// Whether a key equal to `upper` is included.
    public var upperInclusive: Bool

    public init(lower: [UInt8]? = nil, lowerInclusive: Bool = true, upper: [UInt8]? = nil,
                upperInclusive: Bool = false) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// Every key.
    public static let all = KeyBounds()

    /// Every key that starts with `prefix`.
    public static func prefix(_ prefix: [UInt8]) -> KeyBounds {
        KeyBounds(lower: prefix, lowerInclusive: true, upper: successor(ofPrefix: prefix), upperInclusive: false)
    }

    /// The smallest byte string greater than every string starting with `prefix`, or `nil` when there is none
    /// (the prefix is empty or all `FF`).
    static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }

    /// Whether `key` is above the lower bound.
    func admitsFromBelow(_ key: UnsafeRawBufferPointer) -> Bool {
        guard let lower else { return true }
        let order = compareBytes(key, lower)
        return order > 0 || (order == 0 && lowerInclusive)
    }

    /// Whether `key` is below the upper bound.
    func admitsFromAbove(_ key: UnsafeRawBufferPointer) -> Bool {
        guard let upper else { return true }
        let order = compareBytes(key, upper)
        return order < 0 || (order == 0 && upperInclusive)
    }
}

/// LMDB's default key order: `memcmp` over the common length, then the shorter first.
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Int {
    b.withUnsafeBytes { b in
        let common = min(a.count, b.count)
        if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let order = memcmp(pa, pb, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
