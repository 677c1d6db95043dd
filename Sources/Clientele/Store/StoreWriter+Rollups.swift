import LMDBKit

// The rollup tables (`daily`, `cohorts`, `transitions`, `entry`, `category_months`) as one write transaction changes
// them: every change goes into the transaction's `RollupCache` (read from LMDB on a cell's first touch), and
// `flushRollups` writes the dirty cells back, in key order, when the transaction finishes or the cache is full.
extension StoreWriter {
    /// Cells held past this count are written back and dropped (bounded memory for any batch size).
    static let maxCachedCells = 65_536

    /// Adds `contribution` times `sign` to the rollups, cell by cell, in the order of the tables.
    func applyRollups(_ contribution: Contribution, sign: Int64) throws {
        for (day, totals) in contribution.daily { try addDaily(day, totals, sign: sign) }
        for (index, value) in contribution.cohorts { try addCohort(index, value, sign: sign) }
        for (index, count) in contribution.transitions { try addTransition(index, count, sign: sign) }
        for (category, value) in contribution.entry { try addEntry(category, value, sign: sign) }
        for (index, value) in contribution.categoryMonths { try addCategoryMonth(index, value, sign: sign) }
        try trimRollups()
    }

    /// Adds one in-order line's change (the same cells, in the same order, as its `Contribution`).
    func applyRollups(_ delta: LineDelta) throws {
        try addDaily(delta.day, delta.daily, sign: 1)
        if let cohort = delta.cohort { try addCohort(cohort.index, cohort.cell, sign: 1) }
        if let transition = delta.transition { try addTransition(transition, 1, sign: 1) }
        if let entry = delta.entry { try addEntry(entry.category, entry.cell, sign: 1) }
        try addCategoryMonth(delta.categoryMonth.index, delta.categoryMonth.cell, sign: 1)
        try trimRollups()
    }

    private func addDaily(_ day: Day, _ totals: DailyTotals, sign: Int64) throws {
        let key = day.rawValue
        if let index = rollups.daily.index(forKey: key) {
            var cell = rollups.daily.values[index]
            try cell.value.add(totals, sign: sign)
            cell.dirty = true
            rollups.daily.values[index] = cell
        } else {
            let stored = try schema.daily.get(key, in: txn, buffer: &scratch)
            var cell = CachedCell(value: stored ?? DailyTotals(), stored: stored != nil)
            try cell.value.add(totals, sign: sign)
            cell.dirty = true
            rollups.daily[key] = cell
        }
        rollups.dirty = true
    }

    private func addCohort(_ key: Contribution.CohortIndex, _ value: CohortCell, sign: Int64) throws {
        let slot = rollups.cohorts.index(forKey: key)
        var cell: CachedCell<CohortCell>
        if let slot { cell = rollups.cohorts.values[slot] } else {
            let stored = try schema.cohorts.get((key.cohort.rawValue, key.month.rawValue), in: txn, buffer: &scratch)
            cell = CachedCell(value: stored ?? CohortCell(), stored: stored != nil)
        }
        cell.value.activeCustomers += value.activeCustomers * sign
        cell.value.revenue = try checkedAdd(
            cell.value.revenue, try checkedMultiply(value.revenue, sign, field: "cohort revenue"), field: "cohort revenue")
        cell.dirty = true
        if let slot { rollups.cohorts.values[slot] = cell } else { rollups.cohorts[key] = cell }
        rollups.dirty = true
    }

    private func addTransition(_ key: Contribution.TransitionIndex, _ count: Int64, sign: Int64) throws {
        let slot = rollups.transitions.index(forKey: key)
        var cell: CachedCell<Int64>
        if let slot { cell = rollups.transitions.values[slot] } else {
            let stored = try schema.transitions.get((key.from, key.to), in: txn, buffer: &scratch)
            cell = CachedCell(value: Int64(clamping: stored ?? 0), stored: stored != nil)
        }
        // As stored: a count that drops to zero or below deletes the cell, which then reads as zero.
        let total = cell.value + count * sign
        cell.value = total <= 0 ? 0 : total
        cell.dirty = true
        if let slot { rollups.transitions.values[slot] = cell } else { rollups.transitions[key] = cell }
        rollups.dirty = true
    }

    private func addEntry(_ key: UInt32, _ value: EntryCell, sign: Int64) throws {
        let slot = rollups.entry.index(forKey: key)
        var cell: CachedCell<EntryCell>
        if let slot { cell = rollups.entry.values[slot] } else {
            let stored = try schema.entry.get(key, in: txn, buffer: &scratch)
            cell = CachedCell(value: stored ?? EntryCell(), stored: stored != nil)
        }
        cell.value.customers += value.customers * sign
        cell.value.converted += value.converted * sign
        cell.dirty = true
        if let slot { rollups.entry.values[slot] = cell } else { rollups.entry[key] = cell }
        rollups.dirty = true
    }

    private func addCategoryMonth(
        _ key: Contribution.CategoryMonthIndex, _ value: CategoryMonthCell, sign: Int64
    ) throws {
        let slot = rollups.categoryMonths.index(forKey: key)
        var cell: CachedCell<CategoryMonthCell>
        if let slot { cell = rollups.categoryMonths.values[slot] } else {
            let stored = try schema.categoryMonths.get((key.category, key.month.rawValue), in: txn, buffer: &scratch)
            cell = CachedCell(value: stored ?? CategoryMonthCell(), stored: stored != nil)
        }
        try cell.value.add(value, sign: sign)
        cell.dirty = true
        if let slot { rollups.categoryMonths.values[slot] = cell } else { rollups.categoryMonths[key] = cell }
        rollups.dirty = true
    }

    /// Writes back and drops every cell once the cache holds too many.
    private func trimRollups() throws {
        guard rollups.count > Self.maxCachedCells else { return }
        try flushRollups()
        rollups.removeAll()
    }

    /// Writes every changed cell to LMDB, in key order: zero cells are deleted, the others stored.
    func flushRollups() throws {
        guard rollups.dirty else { return }
        for key in rollups.daily.keys.sorted() {
            try writeBack(&rollups.daily[key], isZero: \.isZero) { value in
                try schema.daily.put(value, for: key, flags: .clustered, in: txn, buffer: &scratch)
            } delete: { try schema.daily.delete(key, in: txn, buffer: &scratch) }
        }
        for key in rollups.cohorts.keys.sorted() {
            let encoded = (key.cohort.rawValue, key.month.rawValue)
            try writeBack(&rollups.cohorts[key], isZero: \.isZero) { value in
                try schema.cohorts.put(value, for: encoded, flags: .clustered, in: txn, buffer: &scratch)
            } delete: { try schema.cohorts.delete(encoded, in: txn, buffer: &scratch) }
        }
        for key in rollups.transitions.keys.sorted() {
            try writeBack(&rollups.transitions[key], isZero: { $0 <= 0 }) { value in
                try schema.transitions.put(UInt64(value), for: (key.from, key.to), flags: .clustered, in: txn, buffer: &scratch)
            } delete: { try schema.transitions.delete((key.from, key.to), in: txn, buffer: &scratch) }
        }
        for key in rollups.entry.keys.sorted() {
            try writeBack(&rollups.entry[key], isZero: \.isZero) { value in
                try schema.entry.put(value, for: key, flags: .clustered, in: txn, buffer: &scratch)
            } delete: { try schema.entry.delete(key, in: txn, buffer: &scratch) }
        }
        for key in rollups.categoryMonths.keys.sorted() {
            let encoded = (key.category, key.month.rawValue)
            try writeBack(&rollups.categoryMonths[key], isZero: \.isZero) { value in
                try schema.categoryMonths.put(value, for: encoded, flags: .clustered, in: txn, buffer: &scratch)
            } delete: { try schema.categoryMonths.delete(encoded, in: txn, buffer: &scratch) }
        }
        rollups.dirty = false
    }

    private func writeBack<Value>(
        _ cell: inout CachedCell<Value>?, isZero: (Value) -> Bool, put: (Value) throws -> Void,
        delete: () throws -> Void
    ) throws {
        noteResidentStep()
        guard var current = cell, current.dirty else { return }
        if isZero(current.value) {
            if current.stored { _ = try delete() }
            current.stored = false
        } else {
            try put(current.value)
            current.stored = true
        }
        current.dirty = false
        cell = current
    }
}
