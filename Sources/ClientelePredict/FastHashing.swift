/// Open-addressing hash tables for the O(n) passes over millions of rows (collapse, distinct-value indexing).
/// Swift's `Dictionary` with SipHash costs ~300 ns per insert at a million distinct keys; these flat tables with
/// a multiplicative mix cost a fraction of that. Keys are compared bit for bit.
@inline(__always)
func mixBits(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
    var h = a &* 0x9E37_79B9_7F4A_7C15
    h ^= b &* 0xC2B2_AE3D_27D4_EB4F
    h ^= c &* 0x1656_67B1_9E37_79F9
    h ^= h >> 29
    h = h &* 0xBF58_476D_1CE4_E5B9
    h ^= h >> 32
    return h
}

/// Power-of-two table size with load factor ≤ 1/2 for `count` keys, or nil when that is not representable.
func tableCapacity(for count: Int) -> Int? {
    let (doubled, overflow) = count.multipliedReportingOverflow(by: 2)
    guard !overflow, doubled < Int(Int32.max) else { return nil }
    var capacity = 16
    while capacity < doubled { capacity <<= 1 }
    return capacity
}

/// Maps distinct `Double` values (bitwise) to dense indices 0, 1, 2, ... in order of first appearance.
struct DistinctDoubles {
    private(set) var values: [Double] = []
    private var slots: [Int32]
    private let mask: Int

    /// - Parameter expected: upper bound on the number of insertions; must have passed `tableCapacity`.
    init(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The dense index of `value`, inserting it if new.
    mutating func index(of value: Double) -> Int32 {
        let bits = value.bitPattern
        var i = Int(truncatingIfNeeded: mixBits(bits, 0, 0)) & mask
        while true {
            let slot = slots[i]
            if slot < 0 {
                let index = Int32(truncatingIfNeeded: values.count)
                slots[i] = index
                values.append(value)
                return index
            }
            if values[Int(slot)].bitPattern == bits { return slot }
            i = (i + 1) & mask
        }
    }
}
