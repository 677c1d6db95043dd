import LMDBKit

/// One rollup cell as it stands in the current write transaction: read from LMDB on first touch, then updated in
/// memory and written back by `StoreWriter.flushRollups`.
struct CachedCell<Value> {
    /// The value the transaction has produced so far (zero when the cell is absent).
    var value: Value
    /// Whether LMDB holds the cell now (so a zero value must be deleted).
    var stored: Bool
    /// Whether `value` differs from what LMDB holds.
    var dirty = false
}

/// The rollup cells touched by one write transaction (`daily`, `cohorts`, `transitions`, `entry`,
/// `category_months`). Rollups are sums, and every change is applied here exactly as it would be applied to the
/// stored cell (the same checked arithmetic, in the same order), so writing the cells back once gives the very
/// state, and raises the very errors, of writing each change through. It lives in a `StoreWriter`, which lives in
/// one run of a write closure: it dies with the transaction, also when the transaction aborts or is replayed.
struct RollupCache {
    var daily: [Int32: CachedCell<DailyTotals>] = [:]
    var cohorts: [Contribution.CohortIndex: CachedCell<CohortCell>] = [:]
    var transitions: [Contribution.TransitionIndex: CachedCell<Int64>] = [:]
    var entry: [UInt32: CachedCell<EntryCell>] = [:]
    var categoryMonths: [Contribution.CategoryMonthIndex: CachedCell<CategoryMonthCell>] = [:]
    /// Whether any cell differs from LMDB.
    var dirty = false

    /// How many cells are held (the cache is written back and emptied past `StoreWriter.maxCachedCells`).
    var count: Int { daily.count + cohorts.count + transitions.count + entry.count + categoryMonths.count }

    mutating func removeAll() {
        daily.removeAll()
        cohorts.removeAll()
        transitions.removeAll()
        entry.removeAll()
        categoryMonths.removeAll()
        dirty = false
    }
}
