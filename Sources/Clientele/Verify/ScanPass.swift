import LMDBKit

/// A difference the scan pass found; `verify` then runs the entry-by-entry checks, which name it.
struct ScanMismatch: Error {
    /// The table where the pass stopped.
    var table: String
}

/// What `verify` needs to recompute the change feed's due index and states, read once per snapshot.
struct FeedExpectation {
    var rules: LifecycleRules
    /// Where the due entries are (`DueSchedule`); its clock is the feed clock.
    var schedule: DueSchedule
    var clock: Int32 { schedule.clock }
    var boundaries: SegmentBoundaries?
}

/// What one scan pass over a range of customer numbers derived and checked.
struct ScanPassResult: Sendable {
    /// Digests of the secondary entries the range's customers and purchases imply.
    var expected = TableDigests()
    /// The sum of the range's rollup contributions.
    var contribution = Contribution()
    var customers = 0
    var purchases = 0
    var records = 0
    var highestCustomer: UInt64 = 0
    var highestSequence: UInt64 = 0
    /// Each customer's lifecycle state recomputed now (`nil` inside: no purchases), when the feed is checked.
    var feedStates: [UInt64: LifecycleState?] = [:]

    mutating func merge(_ other: ScanPassResult) throws(ClienteleError) {
        expected.merge(other.expected)
        try contribution.add(other.contribution, sign: 1)
        customers += other.customers
        purchases += other.purchases
        records += other.records
        highestCustomer = max(highestCustomer, other.highestCustomer)
        highestSequence = max(highestSequence, other.highestSequence)
        feedStates.merge(other.feedStates) { first, _ in first }
    }
}

/// One sequential pass over the customers, purchases and aggregates of customer numbers `lower..<upper`, in key
/// order and in chunks of a few thousand customers: it decodes every record, recomputes each customer's aggregate
/// from its lines and compares it with the stored one, and digests the secondary entries the records imply.
///
/// It stops at the first difference (`ScanMismatch`): naming differences is the entry-by-entry checks' work.
struct ScanPass {
    let store: Store
    let txn: ReadTxn
    let categories: Set<UInt32>
    let feed: FeedExpectation?
    var result = ScanPassResult()
    private var schema: Schema { store.schema }
    private var keyBytes: [UInt8] = []
    private var valueBytes: [UInt8] = []
    /// Customers per chunk: each chunk's records and aggregates are held at once.
    let chunkSize: Int

    init(store: Store, txn: ReadTxn, categories: Set<UInt32>, feed: FeedExpectation?, chunkSize: Int) {
        self.store = store
        self.chunkSize = max(1, chunkSize)
        self.txn = txn
        self.categories = categories
        self.feed = feed
    }

    /// Checks customer numbers `lower..<upper` (`upper` nil: to the end).
    mutating func run(from lower: UInt64, to upper: UInt64?) throws {
        var next = lower
        while true {
            let (customers, end) = try customerChunk(from: next, to: upper)
            let stats = try statsChunk(from: next, to: end)
            try checkChunk(from: next, to: end, customers: customers, stats: stats)
            guard let end, end != upper else { return }
            next = end
        }
    }

    // MARK: - Chunks

    /// Up to `chunkSize` customers from `lower`, and where the chunk ends (the next customer's number, or `upper`).
    private mutating func customerChunk(
        from lower: UInt64, to upper: UInt64?
    ) throws -> (customers: [(UInt64, Customer)], end: UInt64?) {
        var customers: [(UInt64, Customer)] = []
        var end = upper
        var damaged = false
        var sampler = LookupSampler(schema.customers, in: txn)
        try schema.customers.scanRaw(in: txn, over: Self.bounds(lower, upper)) { key, value in
            guard let id = try? UInt64Key.decode(key) else {
                damaged = true
                return false
            }
            if customers.count == chunkSize {
                end = id
                return false
            }
            try sampler.visit(key)
            guard let customer = try? CustomerCodec.decode(value) else {
                damaged = true
                return false
            }
            customers.append((id, customer))
            return true
        }
        if damaged { throw ScanMismatch(table: "customers") }
        try sampler.finish()
        result.records += customers.count
        return (customers, end)
    }

    private mutating func statsChunk(from lower: UInt64, to upper: UInt64?) throws -> [(UInt64, CustomerStats)] {
        var stats: [(UInt64, CustomerStats)] = []
        var damaged = false
        var sampler = LookupSampler(schema.stats, in: txn)
        try schema.stats.scanRaw(in: txn, over: Self.bounds(lower, upper)) { key, value in
            guard let id = try? UInt64Key.decode(key), let decoded = try? CustomerStatsCodec.decode(value) else {
                damaged = true
                return false
            }
            try sampler.visit(key)
            stats.append((id, decoded))
            return true
        }
        if damaged { throw ScanMismatch(table: "stats") }
        try sampler.finish()
        result.records += stats.count
        return stats
    }

    /// Walks the chunk's purchases, matching each customer's lines with its record and aggregate.
    private mutating func checkChunk(
        from lower: UInt64, to upper: UInt64?, customers: [(UInt64, Customer)], stats: [(UInt64, CustomerStats)]
    ) throws {
        var customerIndex = 0
        var statsIndex = 0
        var lines: [HistoryLine] = []
        var current: UInt64?
        var previous: (UInt64, Int64, UInt64)?
        var failure: ScanMismatch?
        var sampler = LookupSampler(schema.purchases, in: txn)
        // Customers before `id` have no lines; then `id`'s own record and lines.
        func finish(_ id: UInt64?, _ pass: inout ScanPass) throws {
            while customerIndex < customers.count, id.map({ customers[customerIndex].0 < $0 }) ?? true {
                try pass.checkCustomer(customers[customerIndex], lines: [], stored: &statsIndex, in: stats)
                customerIndex += 1
            }
            guard let id else { return }
            guard customerIndex < customers.count, customers[customerIndex].0 == id else {
                throw ScanMismatch(table: "purchases")
            }
            try pass.checkCustomer(customers[customerIndex], lines: lines, stored: &statsIndex, in: stats)
            customerIndex += 1
        }
        try schema.purchases.scanRaw(in: txn, over: Self.bounds(lower, upper)) { keyRaw, valueRaw in
            guard let key = try? PurchaseKey.decode(keyRaw),
                  previous.map({ $0 < key }) ?? true,
                  let purchase = try? StoredPurchaseCodec.decode(valueRaw) else {
                failure = ScanMismatch(table: "purchases")
                return false
            }
            previous = key
            try sampler.visit(keyRaw)
            if key.0 != current {
                if current != nil { try finish(current, &self) }
                current = key.0
                lines.removeAll(keepingCapacity: true)
            }
            lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
            try digestLine(key, purchase)
            return true
        }
        if let failure { throw failure }
        try sampler.finish()
        if current != nil { try finish(current, &self) }
        try finish(nil, &self)
        if statsIndex != stats.count { throw ScanMismatch(table: "stats") }
    }

    // MARK: - One purchase line, one customer

    private mutating func digestLine(_ key: (UInt64, Int64, UInt64), _ purchase: StoredPurchase) throws {
        result.purchases += 1
        result.records += 1
        result.highestSequence = max(result.highestSequence, key.2)
        if let order = purchase.orderID { digest(.purchaseByOrder, StringKey.self, order, OrderLineCodec.self, key) }
        if purchase.categoryID != 0, !categories.contains(purchase.categoryID) {
            throw ScanMismatch(table: "category_names")
        }
    }

    /// Checks one customer: its lines' recomputed aggregate against the stored one (`stats[statsIndex]` onwards),
    /// and digests the index and view entries it implies.
    private mutating func checkCustomer(
        _ record: (UInt64, Customer), lines: [HistoryLine], stored statsIndex: inout Int, in stats: [(UInt64, CustomerStats)]
    ) throws {
        let (id, customer) = record
        result.customers += 1
        result.highestCustomer = max(result.highestCustomer, id)
        digestIndexes(id, customer)
        if statsIndex < stats.count, stats[statsIndex].0 < id { throw ScanMismatch(table: "stats") }
        let derived: (stats: CustomerStats?, contribution: Contribution)
        do { derived = try CustomerHistory.derive(lines, calendar: store.dayCalendar) } catch {
            throw ScanMismatch(table: "purchases")
        }
        guard let expected = derived.stats else {
            if statsIndex < stats.count, stats[statsIndex].0 == id { throw ScanMismatch(table: "stats") }
            if feed != nil { result.feedStates[id] = .some(nil) }
            return
        }
        guard statsIndex < stats.count, stats[statsIndex].0 == id, stats[statsIndex].1 == expected else {
            throw ScanMismatch(table: "stats")
        }
        statsIndex += 1
        do { try result.contribution.add(derived.contribution, sign: 1) } catch { throw ScanMismatch(table: "rollups") }
        if let views = OrderedViews(expected) {
            digest(.byRecency, OrderedViewKey.self, (views.recency, id), StringValue.self, customer.externalID)
            digest(.byFrequency, OrderedViewKey.self, (views.frequency, id), StringValue.self, customer.externalID)
            digest(.byMonetary, OrderedViewKey.self, (views.monetary, id), StringValue.self, customer.externalID)
        }
        if let feed {
            if let day = feed.schedule.entryDay(expected, id: id, rules: feed.rules) {
                digest(.feedDue, DueKey.self, (day, id), EmptyValue.self, ())
            }
            result.feedStates[id] = .some(feed.rules.state(expected, id: id, clock: feed.clock, boundaries: feed.boundaries))
        }
    }

    private mutating func digestIndexes(_ id: UInt64, _ customer: Customer) {
        digest(.customerByExternalID, StringKey.self, customer.externalID, UInt64Value.self, id)
        if let email = customer.normalizedEmail {
            digest(.customerByEmail, EmailKey.self, (email, id), EmptyValue.self, ())
        }
        for tag in customer.tags { digest(.tags, TagKey.self, (tag, id), EmptyValue.self, ()) }
        if customer.doNotContact { digest(.doNotContact, UInt64Key.self, id, EmptyValue.self, ()) }
    }

    /// Adds the entry `key → value`, encoded as its table encodes it, to the expected digest of `table`.
    private mutating func digest<K: KeyCodec, V: ValueCodec>(
        _ table: DigestedTable, _: K.Type, _ key: K.Value, _: V.Type, _ value: V.Value
    ) {
        keyBytes.removeAll(keepingCapacity: true)
        valueBytes.removeAll(keepingCapacity: true)
        // The codecs used here encode every value (integers, strings); a failure would be a verify bug, and it
        // shows as a digest difference, which the entry-by-entry checks then examine.
        try? K.encode(key, into: &keyBytes)
        try? V.encode(value, into: &valueBytes)
        result.expected[table].add(key: keyBytes, value: valueBytes)
    }

    /// Keys whose leading customer number is in `lower..<upper`.
    static func bounds(_ lower: UInt64, _ upper: UInt64?) -> KeyBounds {
        var lowerBytes: [UInt8] = []
        UInt64Key.encode(lower, into: &lowerBytes)
        var upperBytes: [UInt8]?
        if let upper {
            var bytes: [UInt8] = []
            UInt64Key.encode(upper, into: &bytes)
            upperBytes = bytes
        }
        return KeyBounds(lower: lowerBytes, lowerInclusive: true, upper: upperBytes, upperInclusive: false)
    }
}
