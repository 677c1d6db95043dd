import LMDBKit

/// Every customer's aggregate as of a past instant, re-derived from the purchases up to it, and the population
/// scores among them (one pass over the purchase table).
struct PastPopulation {
    var ids: [UInt64] = []
    var stats: [UInt64: CustomerStats] = [:]
    var snapshot: ScoreSnapshot

    static func build(_ reader: StoreReader, asOf: Instant) throws -> PastPopulation {
        var ids: [UInt64] = []
        var all: [UInt64: CustomerStats] = [:]
        let calendar = reader.store.dayCalendar
        try CustomerHistory.forEachCustomer(schema: reader.schema, txn: reader.txn, through: asOf.microseconds) { id, lines in
            if let stats = try CustomerHistory.derive(lines, calendar: calendar).stats, stats.hasPurchases {
                ids.append(id)
                all[id] = stats
            }
        }
        return PastPopulation(ids: ids, stats: all, snapshot: ScoreSnapshot.ranking(all, transactionID: reader.txn.id))
    }
}

extension ScoreSnapshot {
    /// Scores from aggregates held in memory, ranked exactly as the ordered views rank them.
    static func ranking(_ stats: [UInt64: CustomerStats], transactionID: Int) -> ScoreSnapshot {
        let size = Int(stats.keys.max() ?? 0) + 1
        var builder = ScoreSnapshot.Builder(size: size, count: stats.count)
        builder.withPasses { pass in
            for rank in [RankBy.recency, .frequency, .monetary] {
                let keyed: [(Int64, UInt64)] = stats.compactMap { id, stats in
                    guard let views = OrderedViews(stats) else { return nil }
                    switch rank {
                    case .recency: return (views.recency, id)
                    case .frequency: return (views.frequency, id)
                    case .monetary: return (views.monetary, id)
                    }
                }.sorted { $0 < $1 }
                for (index, key) in keyed.enumerated() { pass(rank, index, key.0, key.1) }
            }
        }
        return builder.snapshot(transactionID: transactionID)
    }
}
