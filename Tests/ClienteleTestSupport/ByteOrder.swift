/// LMDB's default key order (`memcmp` over the common length, then shorter first) as -1, 0 or 1.
public func byteOrder(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a == b { return 0 }
    return a.lexicographicallyPrecedes(b) ? -1 : 1
}

/// -1, 0 or 1 for two comparable values.
public func valueOrder<T: Comparable>(_ a: T, _ b: T) -> Int {
    a < b ? -1 : (a == b ? 0 : 1)
}

/// Hex for messages.
public func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
}
