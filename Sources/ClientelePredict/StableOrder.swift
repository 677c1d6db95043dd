/// The indices of `keys` in ascending key order, equal keys keeping their original order: a stable counting sort over
/// the distinct keys, which the likelihoods use to group customers by their repeat purchases x (few distinct values).
func stableOrder(byKey keys: [Int]) -> [Int] {
    var slotOfKey: [Int: Int] = [:]
    var distinct: [Int] = []
    var counts: [Int] = []
    for key in keys {
        if let slot = slotOfKey[key] {
            counts[slot] += 1
        } else {
            slotOfKey[key] = distinct.count
            distinct.append(key)
            counts.append(1)
        }
    }
    var offset = [Int](repeating: 0, count: distinct.count)
    var next = 0
    for slot in distinct.indices.sorted(by: { distinct[$0] < distinct[$1] }) {
        offset[slot] = next
        next += counts[slot]
    }
    var order = [Int](repeating: 0, count: keys.count)
    for (index, key) in keys.enumerated() {
        if let slot = slotOfKey[key] {
            order[offset[slot]] = index
            offset[slot] += 1
        }
    }
    return order
}
