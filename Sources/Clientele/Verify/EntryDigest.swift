import ClientelePredict

/// An order-independent fingerprint of a multiset of table entries: their count and the wrapping sum of a 64-bit
/// hash of each entry's key and value bytes.
///
/// `verify` computes one digest from the entries a table should hold (derived from the customers and purchases) and
/// one from the entries it holds (a sequential scan), so each table is read once in key order instead of looked up
/// entry by entry. Equal digests mean equal contents except with probability about 2⁻⁶⁴ per table; on any
/// difference `verify` falls back to the entry-by-entry checks that name each difference.
struct EntryDigest: Equatable, Sendable {
    private(set) var count = 0
    private(set) var sum: UInt64 = 0

    /// Adds the entry with these key and value bytes.
    mutating func add(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        count += 1
        let keyHash = Self.hash(key, seed: 0x243F_6A88_85A3_08D3)
        let valueHash = Self.hash(value, seed: 0x1319_8A2E_0370_7344)
        sum &+= SplitMix64.mix(keyHash &+ valueHash &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Adds the entry with these key and value bytes.
    mutating func add(key: [UInt8], value: [UInt8]) {
        key.withUnsafeBytes { key in value.withUnsafeBytes { value in add(key: key, value: value) } }
    }

    /// Adds every entry of `other`.
    mutating func merge(_ other: EntryDigest) {
        count += other.count
        sum &+= other.sum
    }

    /// A 64-bit hash of `bytes`, eight bytes at a time (not cryptographic: it detects damage, not tampering).
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var state = seed ^ (UInt64(bytes.count) &* 0xFF51_AFD7_ED55_8CCD)
        var offset = 0
        while offset + 8 <= bytes.count {
            state = SplitMix64.mix(state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        return SplitMix64.mix(state ^ tail ^ 0xC4CE_B9FE_1A85_EC53)
    }
}

/// The secondary tables `verify` checks by digest, each derivable from the customers, purchases and aggregates.
enum DigestedTable: Int, CaseIterable, Sendable {
    case customerByExternalID, customerByEmail, tags, doNotContact, purchaseByOrder
    case byRecency, byFrequency, byMonetary, feedDue

    /// The table's name in the store.
    var name: String {
        switch self {
        case .customerByExternalID: "customer_by_external_id"
        case .customerByEmail: "customer_by_email"
        case .tags: "customers_by_tag"
        case .doNotContact: "do_not_contact"
        case .purchaseByOrder: "purchase_by_order"
        case .byRecency: "by_recency"
        case .byFrequency: "by_frequency"
        case .byMonetary: "by_monetary"
        case .feedDue: "feed_due"
        }
    }
}

/// One digest per digested table.
struct TableDigests: Equatable, Sendable {
    private var digests = [EntryDigest](repeating: EntryDigest(), count: DigestedTable.allCases.count)

    subscript(table: DigestedTable) -> EntryDigest {
        get { digests[table.rawValue] }
        set { digests[table.rawValue] = newValue }
    }

    mutating func merge(_ other: TableDigests) {
        for table in DigestedTable.allCases { self[table].merge(other[table]) }
    }

    /// The tables whose digests differ between `self` and `other`.
    func differences(from other: TableDigests) -> [DigestedTable] {
        DigestedTable.allCases.filter { self[$0] != other[$0] }
    }
}
