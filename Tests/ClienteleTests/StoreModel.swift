@testable import Clientele

/// A plain in-memory model of a store, computed the naive way (group, sort, count), independent of the engine's
/// incremental and derivation code. The randomized test compares the engine with it.
struct StoreModel {
    struct Line: Equatable {
        var customer: String
        var orderID: String?
        var instant: Instant
        var counter: Int
        var amount: Int64
        var category: String?
        var quantity: Int32
        var refundOf: String?
    }

    var customers: [String: (email: String?, tags: Set<String>, doNotContact: Bool)] = [:]
    var lines: [Line] = []
    var counter = 0

    func lines(of customer: String) -> [Line] {
        lines.filter { $0.customer == customer }.sorted { ($0.instant, $0.counter) < ($1.instant, $1.counter) }
    }

    func day(_ instant: Instant) -> Day { Day(instant) }

    /// The expected aggregate, with categories as names.
    struct Aggregate: Equatable {
        var orders = 0, occasions = 0
        var first = Instant(microseconds: 0), last = Instant(microseconds: 0)
        var firstDay = Day(rawValue: 0), lastDay = Day(rawValue: 0), previousDay = Day(rawValue: 0)
        var gross: Int64 = 0, firstDayRevenue: Int64 = 0, refundCount = 0, refundTotal: Int64 = 0, largest: Int64 = 0
        var firstCategory: String?, lastCategory: String?
        var gapSquares: Int64 = 0
    }

    func aggregate(of customer: String) -> Aggregate? {
        let all = lines(of: customer)
        guard !all.isEmpty else { return nil }
        var result = Aggregate()
        let purchases = all.filter { $0.amount >= 0 }
        let refunds = all.filter { $0.amount < 0 }
        result.refundCount = refunds.count
        result.refundTotal = refunds.reduce(0) { $0 - $1.amount }
        guard let first = purchases.first, let last = purchases.last else { return result }
        let days = Array(Set(purchases.map { day($0.instant) })).sorted()
        result.orders = purchases.count
        result.occasions = days.count
        result.first = first.instant
        result.last = last.instant
        result.firstDay = days[0]
        result.lastDay = days[days.count - 1]
        result.previousDay = days.count > 1 ? days[days.count - 2] : days[0]
        result.gross = purchases.reduce(0) { $0 + $1.amount }
        result.firstDayRevenue = purchases.filter { day($0.instant) == days[0] }.reduce(0) { $0 + $1.amount }
        result.largest = purchases.map(\.amount).max() ?? 0
        result.firstCategory = first.category
        result.lastCategory = last.category
        result.gapSquares = zip(days, days.dropFirst()).reduce(0) {
            let gap = Int64($1.1.rawValue - $1.0.rawValue)
            return $0 + gap * gap
        }
        return result
    }

    /// Expected daily totals: (revenue, refunds, refundCount, orders, new, returning) per day.
    func daily() -> [Day: [Int64]] {
        var result: [Day: [Int64]] = [:]
        for line in lines {
            var row = result[day(line.instant)] ?? [0, 0, 0, 0, 0, 0]
            if line.amount >= 0 {
                row[0] += line.amount
                row[3] += 1
            } else {
                row[1] -= line.amount
                row[2] += 1
            }
            result[day(line.instant)] = row
        }
        for customer in Set(lines.map(\.customer)) {
            let days = Set(lines(of: customer).filter { $0.amount >= 0 }.map { day($0.instant) })
            guard let firstDay = days.min() else { continue }
            for occasion in days { result[occasion]![occasion == firstDay ? 4 : 5] += 1 }
        }
        return result
    }

    /// Expected cohort cells: (cohort month, month) → (active, revenue).
    func cohorts() -> [[Int32]: [Int64]] {
        var result: [[Int32]: [Int64]] = [:]
        for customer in Set(lines.map(\.customer)) {
            let all = lines(of: customer)
            guard let first = all.first(where: { $0.amount >= 0 }) else { continue }
            let cohort = day(first.instant).month.rawValue
            for line in all {
                let key = [cohort, day(line.instant).month.rawValue]
                result[key, default: [0, 0]][1] += line.amount
            }
            for month in Set(all.filter { $0.amount >= 0 }.map { day($0.instant).month.rawValue }) {
                result[[cohort, month], default: [0, 0]][0] = 1 + (result[[cohort, month]]?[0] ?? 0)
            }
        }
        return result.filter { $0.value != [0, 0] }
    }

    /// Expected category × month cells: [category name or "", month] → (net revenue, purchases).
    func categoryMonths() -> [[String]: [Int64]] {
        var result: [[String]: [Int64]] = [:]
        for line in lines {
            let key = [line.category ?? "", "\(day(line.instant).month.rawValue)"]
            var cell = result[key] ?? [0, 0]
            cell[0] += line.amount
            cell[1] += line.amount >= 0 ? 1 : 0
            result[key] = cell
        }
        return result.filter { $0.value != [0, 0] }
    }

    /// Expected transitions by category name ("" for none) and entry cells.
    func transitionsAndEntry() -> (transitions: [[String]: Int64], entry: [String: [Int64]]) {
        var transitions: [[String]: Int64] = [:]
        var entry: [String: [Int64]] = [:]
        for customer in Set(lines.map(\.customer)) {
            let purchases = lines(of: customer).filter { $0.amount >= 0 }
            guard let first = purchases.first else { continue }
            for (a, b) in zip(purchases, purchases.dropFirst()) {
                transitions[[a.category ?? "", b.category ?? ""], default: 0] += 1
            }
            let occasions = Set(purchases.map { day($0.instant) }).count
            entry[first.category ?? "", default: [0, 0]][0] += 1
            entry[first.category ?? "", default: [0, 0]][1] += occasions >= 2 ? 1 : 0
        }
        return (transitions, entry)
    }
}
