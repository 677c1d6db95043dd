import LMDBKit

extension Store {
    /// Recomputes every aggregate, index entry and rollup from the raw customers and purchases on one snapshot,
    /// checks every record's checksum, and reports each difference. A clean store returns an empty report; any
    /// difference is a bug (or damage).
    ///
    /// Cost: one sequential pass over every table, split across two cores (see `verifyByScans`); memory grows with
    /// a few thousand customers' records, the rollups and (with the change feed) one state per customer. When the
    /// pass finds a difference, a second pass looks every expected entry up to name each difference.
    /// - Throws: `ClienteleError.storage` when the store cannot be read at all (damaged records are reported, not
    ///   thrown).
    public func verify() throws -> VerifyReport {
        var report = try verifyTables()
        if let from = try pendingOrders() {
            report.report("purchase_by_order", "lines after #\(from)", expected: "their order index entries",
                          found: "pending: an import is writing them (or was killed: open the store again)")
        }
        return report
    }

    private func verifyTables() throws -> VerifyReport {
        let tables: [String]
        switch try verifyByScans() {
        case let .report(report): return report
        case let .mismatch(mismatched): tables = mismatched
        }
        return try read { reader in
            var verifier = Verifier(store: self, txn: reader.txn)
            var report = try verifier.run()
            // The scan compares whole entries (values too); a difference only it sees is reported by table.
            if report.isClean {
                for table in Set(tables).sorted() {
                    report.report(table, "entries", expected: "the entries the customers and purchases imply",
                                  found: "other entries")
                }
            }
            return report
        }
    }
}

/// The checks behind `Store.verify()`; see docs/storage.md for the invariants.
struct Verifier {
    let store: Store
    let txn: ReadTxn
    var schema: Schema { store.schema }
    var report = VerifyReport()
    var customers: [UInt64: Customer] = [:]
    var total = Contribution()
    var expectedCounts: [String: Int] = [:]

    init(store: Store, txn: ReadTxn) {
        self.store = store
        self.txn = txn
    }

    mutating func run() throws -> VerifyReport {
        try loadCustomers()
        try checkPurchases()
        try checkCounts()
        try checkRollups()
        try checkCategories()
        try checkFeed()
        return report
    }

    /// Decodes `bytes` with `decode`, reporting a damaged record instead of throwing.
    mutating func decoded<T>(_ table: String, _ key: String, _ bytes: UnsafeRawBufferPointer,
                             _ decode: (UnsafeRawBufferPointer) throws -> T) -> T? {
        report.records += 1
        do { return try decode(bytes) } catch {
            report.report(table, key, expected: "a valid record", found: "damaged record (\(error))")
            return nil
        }
    }

    mutating func expect(_ table: String, _ count: Int) { expectedCounts[table, default: 0] += count }

    /// The records of a table keyed by a `UInt64` (a key that does not decode reads as 0), copied out so that
    /// decoding them, which reports damage, runs after the scan.
    func rawRecords<V>(of table: Table<UInt64Key, V>) throws -> [(UInt64, [UInt8])] {
        var raw: [(UInt64, [UInt8])] = []
        try table.scanRaw(in: txn) { key, value in
            raw.append(((try? UInt64Key.decode(key)) ?? 0, Array(value)))
            return true
        }
        return raw
    }

    // MARK: - Customers and their indexes

    private mutating func loadCustomers() throws {
        for (id, bytes) in try rawRecords(of: schema.customers) {
            guard let customer = bytes.withUnsafeBytes({ decoded("customers", "customer #\(id)", $0, CustomerCodec.decode) })
            else { continue }
            customers[id] = customer
            let indexed = try schema.customerByExternalID.get(customer.externalID, in: txn)
            if indexed != id {
                report.report("customer_by_external_id", "customer #\(id)", expected: "#\(id)",
                              found: indexed.map { "#\($0)" } ?? "missing")
            }
            if let email = customer.normalizedEmail {
                if try !schema.customerByEmail.contains((email, id), in: txn) {
                    report.report("customer_by_email", "customer #\(id)", expected: "an entry", found: "missing")
                }
                expect("customer_by_email", 1)
            }
            for tag in customer.tags {
                if try !schema.tags.contains((tag, id), in: txn) {
                    report.report("customers_by_tag", "customer #\(id)", expected: "an entry", found: "missing")
                }
            }
            expect("customers_by_tag", customer.tags.count)
            if customer.doNotContact {
                expect("do_not_contact", 1)
                if try !schema.doNotContact.contains(id, in: txn) {
                    report.report("do_not_contact", "customer #\(id)", expected: "an entry", found: "missing")
                }
            }
        }
        expect("customer_by_external_id", customers.count)
        report.customers = customers.count
        let sequence = try counter(.customerSequence)
        if let highest = customers.keys.max(), highest > sequence {
            report.report("meta", "customer_seq", expected: "≥ \(highest)", found: "\(sequence)")
        }
    }

    func counter(_ key: MetaKey) throws -> UInt64 { try schema.meta.counter(key, in: txn) }

    // MARK: - Purchases, aggregates and views

    private mutating func checkPurchases() throws {
        var current: UInt64?
        var lines: [HistoryLine] = []
        var raw: [(key: [UInt8], value: [UInt8])] = []
        // Collect one customer's lines at a time (they are contiguous), then check them. Keys must come in strictly
        // ascending order: on a damaged tree a resumed scan can land before keys already read, and looping over them
        // again would never end, so the scan stops there and the damage is reported.
        var previous: [UInt8]? = nil
        var outOfOrder = false
        func collect(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool {
            if let previous, !previous.lexicographicallyPrecedes(key) {
                outOfOrder = true
                return false
            }
            previous = Array(key)
            raw.append((Array(key), Array(value)))
            return raw.count < 4096
        }
        try schema.purchases.scanRaw(in: txn) { key, value in collect(key, value) }
        var resume: [UInt8]? = nil
        while true {
            if raw.isEmpty { break }
            for (keyBytes, valueBytes) in raw {
                resume = keyBytes
                let key = keyBytes.withUnsafeBytes { bytes in try? PurchaseKey.decode(bytes) }
                guard let key else {
                    report.report("purchases", "undecodable key", expected: "a valid key", found: "damaged key")
                    continue
                }
                if key.0 != current {
                    if let current { try checkCustomer(current, lines) }
                    current = key.0
                    lines = []
                }
                report.purchases += 1
                guard let purchase = valueBytes.withUnsafeBytes({
                    decoded("purchases", "customer #\(key.0) line \(key.2)", $0, StoredPurchaseCodec.decode)
                }) else { continue }
                lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
                try checkLineIndexes(key, purchase)
            }
            raw.removeAll(keepingCapacity: true)
            if outOfOrder { break }
            var bounds = KeyBounds.all
            bounds.lower = resume
            bounds.lowerInclusive = false
            try schema.purchases.scanRaw(in: txn, over: bounds) { key, value in collect(key, value) }
        }
        if outOfOrder {
            report.report("purchases", "key order", expected: "ascending keys", found: "a key out of order (damaged tree)")
        }
        if let current { try checkCustomer(current, lines) }
        // Customers without any line must have no aggregate.
        for id in customers.keys.sorted() where !customersWithLines.contains(id) {
            if try schema.stats.contains(id, in: txn) {
                report.report("stats", "customer #\(id)", expected: "no aggregate (no purchases)", found: "an aggregate")
            }
        }
    }

    private var customersWithLines: Set<UInt64> {
        get { _customersWithLines }
        set { _customersWithLines = newValue }
    }
    private var _customersWithLines = Set<UInt64>()

    private mutating func checkLineIndexes(_ key: (UInt64, Int64, UInt64), _ purchase: StoredPurchase) throws {
        if let order = purchase.orderID {
            expect("purchase_by_order", 1)
            var found: String?
            do {
                if let indexed = try schema.purchaseByOrder.get(order, in: txn) {
                    if indexed != key { found = "another line" }
                } else {
                    found = "missing"
                }
            } catch LMDBError.decoding { found = "an undecodable entry" }
            if let found {
                report.report("purchase_by_order", "customer #\(key.0) line \(key.2)", expected: "this line", found: found)
            }
        }
        if purchase.categoryID != 0, try schema.categoryNames.get(purchase.categoryID, in: txn) == nil {
            report.report("category_names", "category \(purchase.categoryID)", expected: "a name", found: "missing")
        }
        let sequence = try counter(.purchaseSequence)
        if key.2 > sequence {
            report.report("meta", "purchase_seq", expected: "≥ \(key.2)", found: "\(sequence)")
        }
    }

    private mutating func checkCustomer(_ id: UInt64, _ lines: [HistoryLine]) throws {
        customersWithLines.insert(id)
        if customers[id] == nil {
            report.report("purchases", "customer #\(id)", expected: "a customer record", found: "missing")
        }
        let derived: (stats: CustomerStats?, contribution: Contribution)
        do {
            derived = try CustomerHistory.derive(lines, calendar: store.dayCalendar)
        } catch {
            report.report("purchases", "customer #\(id)", expected: "sums within range", found: "\(error)")
            return
        }
        do { try total.add(derived.contribution, sign: 1) } catch {
            report.report("rollups", "all", expected: "sums within range", found: "\(error)")
        }
        var storedStats: CustomerStats?
        if let raw = try schema.stats.withRawValue(forEncodedKey: try schema.stats.encodeKey(id), in: txn, { Array($0) }) {
            storedStats = raw.withUnsafeBytes { decoded("stats", "customer #\(id)", $0, CustomerStatsCodec.decode) }
        }
        if let expected = derived.stats {
            expect("stats", 1)
            if let storedStats, storedStats != expected {
                report.report("stats", "customer #\(id)", expected: "the recomputed aggregate",
                              found: "differences in " + differingFields(expected, storedStats).joined(separator: ", "))
            } else if storedStats == nil {
                report.report("stats", "customer #\(id)", expected: "an aggregate", found: "missing")
            }
            if let views = OrderedViews(expected) {
                expect("by_recency", 1)
                expect("by_frequency", 1)
                expect("by_monetary", 1)
                for (table, value) in [(schema.byRecency, views.recency), (schema.byFrequency, views.frequency),
                                       (schema.byMonetary, views.monetary)] {
                    let key = try table.encodeKey((value, id))
                    // The value is the customer's external id; compared as bytes (never printed).
                    let name = try table.withRawValue(forEncodedKey: key, in: txn) { Array($0) }
                    if name == nil {
                        report.report(table.name, "customer #\(id)", expected: "an entry at the recomputed value",
                                      found: "missing")
                    } else if let customer = customers[id], name != Array(customer.externalID.utf8) {
                        report.report(table.name, "customer #\(id)", expected: "the customer's external id",
                                      found: "another value")
                    }
                }
            }
        }
    }

    private func differingFields(_ a: CustomerStats, _ b: CustomerStats) -> [String] {
        var fields: [String] = []
        if a.orders != b.orders { fields.append("orders") }
        if a.occasions != b.occasions { fields.append("occasions") }
        if a.firstPurchase != b.firstPurchase { fields.append("first purchase") }
        if a.lastPurchase != b.lastPurchase { fields.append("last purchase") }
        if a.firstDay != b.firstDay { fields.append("first day") }
        if a.lastDay != b.lastDay { fields.append("last day") }
        if a.previousOccasionDay != b.previousOccasionDay { fields.append("previous occasion day") }
        if a.grossRevenue != b.grossRevenue { fields.append("gross revenue") }
        if a.firstDayRevenue != b.firstDayRevenue { fields.append("first-day revenue") }
        if a.refundCount != b.refundCount { fields.append("refund count") }
        if a.refundTotal != b.refundTotal { fields.append("refund total") }
        if a.largestOrder != b.largestOrder { fields.append("largest order") }
        if a.firstCategory != b.firstCategory { fields.append("first category") }
        if a.lastCategory != b.lastCategory { fields.append("last category") }
        if a.gapSquareSum != b.gapSquareSum { fields.append("gap squares") }
        return fields
    }

    // MARK: - Counts: with every expected entry present, equal counts mean no extra entries

    private mutating func checkCounts() throws {
        let tables: [(String, Int)] = [
            ("customer_by_external_id", try schema.customerByExternalID.count(in: txn)),
            ("customer_by_email", try schema.customerByEmail.count(in: txn)),
            ("customers_by_tag", try schema.tags.count(in: txn)),
            ("do_not_contact", try schema.doNotContact.count(in: txn)),
            ("purchase_by_order", try schema.purchaseByOrder.count(in: txn)),
            ("stats", try schema.stats.count(in: txn)),
            ("by_recency", try schema.byRecency.count(in: txn)),
            ("by_frequency", try schema.byFrequency.count(in: txn)),
            ("by_monetary", try schema.byMonetary.count(in: txn)),
        ]
        for (table, found) in tables {
            let expected = expectedCounts[table, default: 0]
            if found != expected {
                report.report(table, "entry count", expected: "\(expected)", found: "\(found)")
            }
        }
    }
}
