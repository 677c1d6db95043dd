import Clientele

/// Order ids for rows that have none, derived from their content and their ordinal among identical rows of the same
/// file, so that importing the file again (or resuming a killed import) yields the same ids and adds nothing.
///
/// The id is `auto-` + the 32 hex digits of a ``StableHash`` (FNV-1a 128) of the normalized fields (customer id,
/// instant in microseconds, amount in minor units, category, quantity, channel, refunded order) + `-` + the row's
/// ordinal among the rows of this file with the same content (1 for the first). So `12.5` and `12.50` are the same
/// row, and two identical rows in one file are two purchases.
///
/// ## Memory
/// Only rows without an order id are counted. Each costs one 8-byte slot in an open-addressing table kept at most
/// 70% full and doubled when it fills (so 11–23 bytes per row, about 16 on average), plus a dictionary entry (about
/// 40 bytes) for each content that repeats. 10 million rows without order ids therefore take roughly 160 MB;
/// files whose rows carry order ids take nothing. The table lives for one file.
public struct DerivedOrderIDs: Sendable {
    private var table: OrdinalTable

    /// An empty table, for one file.
    public init() { table = OrdinalTable() }

    /// How many distinct contents have been seen.
    public var distinctRows: Int { table.count }

    /// The id for `purchase` (which has no order id), counting it.
    public mutating func next(for purchase: Purchase) -> String {
        var hash = StableHash()
        hash.combine(field: purchase.customer)
        hash.combine(purchase.occurredAt.microseconds)
        hash.combine(purchase.amount.minorUnits)
        hash.combine(field: purchase.category)
        hash.combine(Int64(purchase.quantity))
        hash.combine(field: purchase.channel)
        hash.combine(field: purchase.refundOf)
        let ordinal = table.nextOrdinal(for: hash.digest64)
        return "auto-\(hash.hex)-\(ordinal)"
    }
}

/// A compact multiset of 64-bit keys: `nextOrdinal(for:)` returns 1 the first time a key is seen, 2 the second…
///
/// First occurrences live in an open-addressing table of bare `UInt64`s (linear probing, 0 marks an empty slot, so
/// key 0 is stored as 1); only repeated keys get a dictionary entry for their count.
struct OrdinalTable: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0
    private var repeats: [UInt64: UInt32] = [:]

    init() {
        slots = Array(repeating: 0, count: 1024)
        mask = 1023
    }

    mutating func nextOrdinal(for rawKey: UInt64) -> Int {
        let key = rawKey == 0 ? 1 : rawKey
        if insert(key) { return 1 }
        let next = (repeats[key] ?? 1) &+ 1
        repeats[key] = next
        return Int(next)
    }

    /// Inserts `key`; returns whether it was new.
    private mutating func insert(_ key: UInt64) -> Bool {
        if (count + 1) * 10 > slots.count * 7 { grow() }
        var index = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = slots[index]
            if slot == 0 {
                slots[index] = key
                count += 1
                return true
            }
            if slot == key { return false }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for key in old where key != 0 {
            var index = Int(truncatingIfNeeded: key) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = key
        }
    }
}
