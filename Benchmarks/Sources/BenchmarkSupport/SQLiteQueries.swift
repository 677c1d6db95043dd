import Clientele
import GRDB

extension SQLiteBaseline {
    /// Quintile boundaries per axis, cached in memory as Clientele caches its score snapshot: the (value, id) at
    /// ranks ⌈k·N/5⌉ through `ORDER BY … LIMIT 1 OFFSET`.
    public struct Boundaries: Sendable {
        var recency: [(Int64, Int64)] = []
        var frequency: [(Int64, Int64)] = []
        var monetary: [(Int64, Int64)] = []
    }

    public func boundaries() throws -> Boundaries {
        try queue.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stats WHERE orders > 0") ?? 0
            func marks(_ column: String) throws -> [(Int64, Int64)] {
                try (1...4).compactMap { k -> (Int64, Int64)? in
                    let offset = (k * count + 4) / 5
                    guard offset < count else { return nil }
                    let row = try Row.fetchOne(db, sql: """
                        SELECT \(column), customer_id FROM stats WHERE orders > 0
                        ORDER BY \(column), customer_id LIMIT 1 OFFSET ?
                        """, arguments: [offset])
                    return row.map { ($0[0], $0[1]) }
                }
            }
            return Boundaries(recency: try marks("last_at"), frequency: try marks("orders"),
                              monetary: try marks("net"))
        }
    }

    /// One customer's RFM figures, scores and segment (the stats row by external id, scored against `boundaries`).
    public func customerRFM(_ externalID: String, boundaries: Boundaries) throws -> (RFMScores, String)? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT s.customer_id, s.last_at, s.orders, s.net FROM stats s JOIN customers c ON c.id = s.customer_id
                WHERE c.external_id = ?
                """), arguments: [externalID]) else { return nil }
            let id: Int64 = row[0]
            func score(_ value: Int64, _ marks: [(Int64, Int64)]) -> Int { 1 + marks.filter { $0 <= (value, id) }.count }
            let scores = RFMScores(recency: score(row[1], boundaries.recency),
                                   frequency: score(row[2], boundaries.frequency),
                                   monetary: score(row[3], boundaries.monetary))
            return (scores, SegmentMap.standard.segment(for: scores))
        }
    }

    /// Segment counts over the whole population, ranks computed by window functions.
    public func segmentCounts() throws -> [String: Int] {
        try queue.read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT NTILE(5) OVER (ORDER BY last_at, customer_id), NTILE(5) OVER (ORDER BY orders, customer_id),
                       NTILE(5) OVER (ORDER BY net, customer_id) FROM stats WHERE orders > 0
                """)
            while let row = try rows.next() {
                let scores = RFMScores(recency: row[0], frequency: row[1], monetary: row[2])
                counts[SegmentMap.standard.segment(for: scores), default: 0] += 1
            }
            return counts
        }
    }

    /// The top `limit` customers by net monetary value.
    public func topByMonetary(_ limit: Int) throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                SELECT c.external_id FROM stats s JOIN customers c ON c.id = s.customer_id
                WHERE c.do_not_contact = 0 ORDER BY s.net DESC, s.customer_id DESC LIMIT ?
                """), arguments: [limit])
        }
    }

    /// The lifetimes-compatible summary (days) of every customer, as of `endDay`.
    public func summary(endDay: Int64) throws -> Int {
        try queue.read { db in
            var count = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.external_id, s.occasions - 1, s.last_day - s.first_day, ? - s.first_day,
                    CASE WHEN s.occasions > 1 THEN (s.gross - s.first_day_revenue) * 1.0 / (s.occasions - 1) ELSE 0 END
                FROM stats s JOIN customers c ON c.id = s.customer_id WHERE s.orders > 0 ORDER BY s.customer_id
                """, arguments: [endDay])
            while let row = try rows.next() {
                consume((row[0] as String, row[1] as Int, row[2] as Int, row[3] as Int, row[4] as Double))
                count += 1
            }
            return count
        }
    }

    /// Customers whose last purchase is before `since` (µs), excluding do-not-contact ones.
    public func lapsed(since: Int64) throws -> Int {
        try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT c.external_id FROM stats s JOIN customers c ON c.id = s.customer_id
                WHERE s.orders > 0 AND s.last_at < ? AND c.do_not_contact = 0 ORDER BY s.last_at, s.customer_id
                """, arguments: [since]).count
        }
    }
}
