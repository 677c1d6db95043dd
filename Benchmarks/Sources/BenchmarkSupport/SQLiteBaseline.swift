import Clientele
import Foundation
import GRDB

/// What a Swift developer would build instead: SQLite through GRDB, WAL, the same customers and purchases schema,
/// and the same per-customer stats and rollups (daily, cohorts, transitions, entry, category × month) maintained in
/// the same transaction, with indexes, prepared statements and batched transactions.
///
/// Like Clientele's fast path it maintains the aggregates incrementally for purchases that arrive in time order per
/// customer (the benchmark data does); it does not re-derive out-of-order purchases.
public final class SQLiteBaseline: @unchecked Sendable {
    public let queue: DatabaseQueue
    public let path: String

    /// Opens (creating) a database file. `durable`: synchronous=FULL; otherwise NORMAL (WAL's relaxed mode).
    public init(path: String, durable: Bool) throws {
        self.path = path
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durable ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA cache_size = -262144")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE,
                    email TEXT, name TEXT, city TEXT, do_not_contact INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                CREATE TABLE IF NOT EXISTS purchases (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
                    order_id TEXT UNIQUE, occurred_at INTEGER NOT NULL, day INTEGER NOT NULL, amount INTEGER NOT NULL,
                    category_id INTEGER NOT NULL, quantity INTEGER NOT NULL, channel TEXT);
                CREATE INDEX IF NOT EXISTS purchases_by_customer ON purchases(customer_id, occurred_at);
                CREATE INDEX IF NOT EXISTS purchases_by_day ON purchases(day);
                CREATE TABLE IF NOT EXISTS stats (customer_id INTEGER PRIMARY KEY, orders INTEGER, occasions INTEGER,
                    first_at INTEGER, last_at INTEGER, first_day INTEGER, last_day INTEGER, previous_day INTEGER,
                    gross INTEGER, first_day_revenue INTEGER, refund_count INTEGER, refund_total INTEGER, net INTEGER,
                    largest INTEGER, first_category INTEGER, last_category INTEGER, gap_squares INTEGER);
                CREATE INDEX IF NOT EXISTS stats_by_recency ON stats(last_at, customer_id);
                CREATE INDEX IF NOT EXISTS stats_by_frequency ON stats(orders, customer_id);
                CREATE INDEX IF NOT EXISTS stats_by_monetary ON stats(net, customer_id);
                CREATE TABLE IF NOT EXISTS daily (day INTEGER PRIMARY KEY, revenue INTEGER, refunds INTEGER,
                    refund_count INTEGER, orders INTEGER, new_customers INTEGER, returning_customers INTEGER);
                CREATE TABLE IF NOT EXISTS cohorts (cohort INTEGER, month INTEGER, active INTEGER, revenue INTEGER,
                    PRIMARY KEY (cohort, month));
                CREATE TABLE IF NOT EXISTS transitions (from_category INTEGER, to_category INTEGER, count INTEGER,
                    PRIMARY KEY (from_category, to_category));
                CREATE TABLE IF NOT EXISTS entry (category INTEGER PRIMARY KEY, customers INTEGER, converted INTEGER);
                CREATE TABLE IF NOT EXISTS category_months (category INTEGER, month INTEGER, revenue INTEGER,
                    orders INTEGER, PRIMARY KEY (category, month));
                """)
        }
    }

    /// Moves the write-ahead log into the database file and truncates it (before the file's size is taken).
    public func checkpoint() throws {
        try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// Records purchases in one transaction with prepared statements.
    public func record(_ purchases: some Sequence<Purchase>) throws {
        try queue.write { db in
            let writer = try Writer(db)
            for purchase in purchases { try writer.record(purchase) }
        }
    }

    /// The prepared statements of one write transaction.
    final class Writer {
        let db: Database
        let findCustomer, insertCustomer, findCategory, insertCategory, findOrder, insertPurchase, findStats,
            upsertStats, upsertDaily, upsertCohort, upsertTransition, upsertEntry, upsertCategoryMonth: Statement

        init(_ db: Database) throws {
            self.db = db
            findCustomer = try db.cachedStatement(sql: "SELECT id FROM customers WHERE external_id = ?")
            insertCustomer = try db.cachedStatement(sql: "INSERT INTO customers(external_id) VALUES (?)")
            findCategory = try db.cachedStatement(sql: "SELECT id FROM categories WHERE name = ?")
            insertCategory = try db.cachedStatement(sql: "INSERT INTO categories(name) VALUES (?)")
            findOrder = try db.cachedStatement(sql: "SELECT 1 FROM purchases WHERE order_id = ?")
            insertPurchase = try db.cachedStatement(sql: """
                INSERT INTO purchases(customer_id, order_id, occurred_at, day, amount, category_id, quantity, channel)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            findStats = try db.cachedStatement(sql: """
                SELECT orders, occasions, first_at, last_at, first_day, last_day, gross, first_day_revenue,
                    refund_count, refund_total, largest, first_category, last_category, gap_squares
                FROM stats WHERE customer_id = ?
                """)
            upsertStats = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO stats(customer_id, orders, occasions, first_at, last_at, first_day, last_day,
                    previous_day, gross, first_day_revenue, refund_count, refund_total, net, largest, first_category,
                    last_category, gap_squares) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            upsertDaily = try db.cachedStatement(sql: """
                INSERT INTO daily VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET
                    revenue = revenue + excluded.revenue, refunds = refunds + excluded.refunds,
                    refund_count = refund_count + excluded.refund_count, orders = orders + excluded.orders,
                    new_customers = new_customers + excluded.new_customers,
                    returning_customers = returning_customers + excluded.returning_customers
                """)
            upsertCohort = try db.cachedStatement(sql: """
                INSERT INTO cohorts VALUES (?, ?, ?, ?) ON CONFLICT(cohort, month) DO UPDATE SET
                    active = active + excluded.active, revenue = revenue + excluded.revenue
                """)
            upsertTransition = try db.cachedStatement(sql: """
                INSERT INTO transitions VALUES (?, ?, 1) ON CONFLICT(from_category, to_category) DO UPDATE SET
                    count = count + 1
                """)
            upsertEntry = try db.cachedStatement(sql: """
                INSERT INTO entry VALUES (?, ?, ?) ON CONFLICT(category) DO UPDATE SET
                    customers = customers + excluded.customers, converted = converted + excluded.converted
                """)
            upsertCategoryMonth = try db.cachedStatement(sql: """
                INSERT INTO category_months VALUES (?, ?, ?, ?) ON CONFLICT(category, month) DO UPDATE SET
                    revenue = revenue + excluded.revenue, orders = orders + excluded.orders
                """)
        }

        func record(_ purchase: Purchase) throws {
            if let order = purchase.orderID, try Int.fetchOne(findOrder, arguments: [order]) != nil { return }
            let customer: Int64
            if let id = try Int64.fetchOne(findCustomer, arguments: [purchase.customer]) {
                customer = id
            } else {
                try insertCustomer.execute(arguments: [purchase.customer])
                customer = db.lastInsertedRowID
            }
            var category: Int64 = 0
            if let name = purchase.category {
                if let id = try Int64.fetchOne(findCategory, arguments: [name]) { category = id } else {
                    try insertCategory.execute(arguments: [name])
                    category = db.lastInsertedRowID
                }
            }
            let day = Int64(Day(purchase.occurredAt).rawValue)
            let month = Int64(Day(purchase.occurredAt).month.rawValue)
            let amount = purchase.amount.minorUnits
            try insertPurchase.execute(arguments: [customer, purchase.orderID, purchase.occurredAt.microseconds, day,
                                                   amount, category, Int64(purchase.quantity), purchase.channel])
            try upsertCategoryMonth.execute(arguments: [category, month, amount, amount >= 0 ? 1 : 0])
            let row = try Row.fetchOne(findStats, arguments: [customer])
            var s: [Int64] = row.map { row in (0..<14).map { row[$0] as Int64 } }
                ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            // s: orders, occasions, first_at, last_at, first_day, last_day, gross, first_day_revenue, refund_count,
            //    refund_total, largest, first_category, last_category, gap_squares
            var previousDay = s[5]
            if amount < 0 {
                s[8] += 1
                s[9] -= amount
                try upsertDaily.execute(arguments: [day, 0, -amount, 1, 0, 0, 0])
                if s[0] > 0 { try upsertCohort.execute(arguments: [Int64(Day(rawValue: Int32(s[4])).month.rawValue), month, 0, amount]) }
            } else if s[0] == 0 {
                s = [1, 1, purchase.occurredAt.microseconds, purchase.occurredAt.microseconds, day, day, amount, amount,
                     s[8], s[9], amount, category, category, 0]
                previousDay = day
                try upsertDaily.execute(arguments: [day, amount, 0, 0, 1, 1, 0])
                try upsertCohort.execute(arguments: [month, month, 1, amount])
                try upsertEntry.execute(arguments: [category, 1, 0])
            } else {
                var returning: Int64 = 0
                var active: Int64 = 0
                if day != s[5] {
                    s[13] += (day - s[5]) * (day - s[5])
                    if month != Int64(Day(rawValue: Int32(s[5])).month.rawValue) { active = 1 }
                    previousDay = s[5]
                    s[5] = day
                    s[1] += 1
                    returning = 1
                    if s[1] == 2 { try upsertEntry.execute(arguments: [s[11], 0, 1]) }
                } else if day == s[4] {
                    s[7] += amount
                }
                try upsertDaily.execute(arguments: [day, amount, 0, 0, 1, 0, returning])
                try upsertCohort.execute(arguments: [Int64(Day(rawValue: Int32(s[4])).month.rawValue), month, active, amount])
                try upsertTransition.execute(arguments: [s[12], category])
                s[0] += 1
                s[3] = purchase.occurredAt.microseconds
                s[6] += amount
                s[10] = max(s[10], amount)
                s[12] = category
            }
            try upsertStats.execute(arguments: [customer, s[0], s[1], s[2], s[3], s[4], s[5], previousDay, s[6], s[7],
                                                s[8], s[9], s[6] - s[9], s[10], s[11], s[12], s[13]])
        }
    }
}
