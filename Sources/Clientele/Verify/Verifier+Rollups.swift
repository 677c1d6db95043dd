import LMDBKit

extension Verifier {
    /// Compares each rollup table, cell by cell, with the sum of every customer's recomputed contribution.
    mutating func checkRollups() throws {
        var daily: [Day: DailyTotals] = [:]
        try scanDecoded(schema.daily, "daily") { key, value in daily[Day(rawValue: key)] = value }
        compare("daily", expected: total.daily, found: daily) { "day \($0)" }

        var cohorts: [Contribution.CohortIndex: CohortCell] = [:]
        try scanDecoded(schema.cohorts, "cohorts") { key, value in
            cohorts[.init(cohort: Month(rawValue: key.0), month: Month(rawValue: key.1))] = value
        }
        compare("cohorts", expected: total.cohorts, found: cohorts) { "cohort \($0.cohort) month \($0.month)" }

        var transitions: [Contribution.TransitionIndex: Int64] = [:]
        try scanDecoded(schema.transitions, "transitions") { key, value in
            transitions[.init(from: key.0, to: key.1)] = Int64(clamping: value)
        }
        compare("transitions", expected: total.transitions, found: transitions) { "category \($0.from) → \($0.to)" }

        var entry: [UInt32: EntryCell] = [:]
        try scanDecoded(schema.entry, "entry") { key, value in entry[key] = value }
        compare("entry", expected: total.entry, found: entry) { "category \($0)" }

        var categoryMonths: [Contribution.CategoryMonthIndex: CategoryMonthCell] = [:]
        try scanDecoded(schema.categoryMonths, "category_months") { key, value in
            categoryMonths[.init(category: key.0, month: Month(rawValue: key.1))] = value
        }
        compare("category_months", expected: total.categoryMonths, found: categoryMonths) {
            "category \($0.category) month \($0.month)"
        }
    }

    /// Checks that the two category tables are inverse of each other.
    mutating func checkCategories() throws {
        var names: [UInt32: String] = [:]
        try scanDecoded(schema.categoryNames, "category_names") { id, name in names[id] = name }
        // Keyed by stored bytes: two byte forms of one text (NFC, NFD) are two entries, as in LMDB.
        var byName: [StoredBytes: UInt32] = [:]
        try scanDecoded(schema.categoryByName, "category_by_name") { name, id in byName[StoredBytes(name)] = id }
        for (id, name) in names where byName[StoredBytes(name)] != id {
            report.report("category_by_name", "category \(id)", expected: "\(id)",
                          found: byName[StoredBytes(name)].map { "\($0)" } ?? "missing")
        }
        if names.count != byName.count {
            report.report("category_by_name", "entry count", expected: "\(names.count)", found: "\(byName.count)")
        }
    }

    private mutating func scanDecoded<K: KeyCodec, V: ValueCodec>(
        _ table: Table<K, V>, _ name: String, _ body: (K.Value, V.Value) -> Void
    ) throws {
        var rows: [([UInt8], [UInt8])] = []
        try table.scanRaw(in: txn) { key, value in
            rows.append((Array(key), Array(value)))
            return true
        }
        for (keyBytes, valueBytes) in rows {
            guard let key = keyBytes.withUnsafeBytes({ try? K.decode($0) }) else {
                report.report(name, "undecodable key", expected: "a valid key", found: "damaged key")
                continue
            }
            if let value = valueBytes.withUnsafeBytes({ decoded(name, "\(keyBytes.count)-byte key", $0, V.decode) }) {
                body(key, value)
            }
        }
    }

    private mutating func compare<K: Hashable & Comparable, V: Equatable>(
        _ table: String, expected: [K: V], found: [K: V], describe: (K) -> String
    ) {
        for key in Set(expected.keys).union(found.keys).sorted() where expected[key] != found[key] {
            report.report(table, describe(key), expected: expected[key].map { "\($0)" } ?? "no row",
                          found: found[key].map { "\($0)" } ?? "no row")
        }
    }
}
