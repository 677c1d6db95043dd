@testable import Clientele

/// One step of a change-feed scenario: a write transaction of purchases, an advance, or a segment sweep.
enum FeedStep: Sendable {
    case purchases([Purchase])
    case advance(Instant)
    case sweep(Instant)
}

/// A simple model of the change feed, written from the rules as documented (not from the store's code): it keeps
/// every customer's lines, recomputes its status and segment after each step and lists the events the store must
/// have written. Standard status rules, `FeedModel.segments`, UTC, customers created in the order first seen.
struct FeedModel {
    struct Line { var instant: Instant; var cents: Int64 }
    struct Expected: Equatable, CustomStringConvertible {
        var customer: String, kind: ChangeEvent.Kind, from: String?, to: String?, cause: ChangeEvent.Cause
        var instant: Instant
        var description: String { "\(customer) \(kind) \(from ?? "-")>\(to ?? "-") \(cause) \(instant)" }
    }

    var names: [String] = []
    var lines: [[Line]] = []
    var clock: Int32?
    /// Per axis, the (value, id) keys at which scores 2…5 start, from the last sweep.
    var marks: [[(Int64, Int)]]?
    let rules = StatusRules()
    let map: SegmentMap
    /// The standard map with a monetary rule in front, so refunds can move a segment.
    static let segments = (try? SegmentMap(rules: [SegmentRule("Big Spenders", monetary: 5...5)] + SegmentMap.standard.rules))
        ?? SegmentMap.standard

    init(map: SegmentMap = FeedModel.segments) { self.map = map }

    static func day(_ instant: Instant) -> Int32 { Day(instant).rawValue }

    /// (last purchase µs, orders, net, first day, last day, occasions) of customer `i`, nil without purchases.
    func figures(_ i: Int) -> (last: Int64, orders: Int64, net: Int64, first: Int32, lastDay: Int32, occasions: Int)? {
        let buys = lines[i].filter { $0.cents >= 0 }
        guard let first = buys.map({ Self.day($0.instant) }).min() else { return nil }
        let days = Set(buys.map { Self.day($0.instant) })
        return (buys.map(\.instant.microseconds).max()!, Int64(buys.count), lines[i].reduce(0) { $0 + $1.cents },
                first, days.max()!, days.count)
    }

    func status(_ i: Int, on day: Int32) -> CustomerStatus? {
        guard let f = figures(i) else { return nil }
        let e = max(day, f.lastDay)
        let gap = f.occasions > 1 ? Double(f.lastDay - f.first) / Double(f.occasions - 1) : nil
        return rules.status(daysSinceLast: Int(e - f.lastDay), daysSinceFirst: Int(e - f.first),
                            occasions: f.occasions, usualGapDays: gap)
    }

    func keys(_ i: Int) -> [(Int64, Int)]? {
        guard let f = figures(i) else { return nil }
        return [(f.last, i + 1), (f.orders, i + 1), (f.net, i + 1)]
    }

    func segment(_ i: Int, marks: [[(Int64, Int)]]?) -> String? {
        guard let marks, let keys = keys(i) else { return nil }
        let s = (0..<3).map { axis in min(5, 1 + marks[axis].filter { $0 <= keys[axis] }.count) }
        return map.segment(for: RFMScores(recency: s[0], frequency: s[1], monetary: s[2]))
    }

    mutating func apply(_ step: FeedStep) -> [Expected] {
        var out: [Expected] = []
        switch step {
        case .purchases(let purchases):
            var touched: [Int: (instant: Instant, purchase: Bool)] = [:]
            var before: [Int: (CustomerStatus?, String?)] = [:]
            for p in purchases {
                let i: Int
                if let known = names.firstIndex(of: p.customer) { i = known } else {
                    names.append(p.customer)
                    lines.append([])
                    i = names.count - 1
                }
                if before[i] == nil { before[i] = (status(i, on: clock ?? Int32.min), segment(i, marks: marks)) }
                lines[i].append(Line(instant: p.occurredAt, cents: p.amount.minorUnits))
                touched[i] = (p.occurredAt, (touched[i]?.purchase ?? false) || p.amount.minorUnits >= 0)
            }
            for i in touched.keys.sorted() {
                let (oldStatus, oldSegment) = before[i]!
                let newStatus = status(i, on: clock ?? Int32.min), newSegment = segment(i, marks: marks)
                let cause: ChangeEvent.Cause = touched[i]!.purchase ? .purchase : .refund
                if oldStatus != newStatus {
                    out.append(Expected(customer: names[i], kind: .status, from: oldStatus?.rawValue,
                                        to: newStatus?.rawValue, cause: cause, instant: touched[i]!.instant))
                }
                if oldSegment != newSegment {
                    out.append(Expected(customer: names[i], kind: .segment, from: oldSegment, to: newSegment,
                                        cause: cause, instant: touched[i]!.instant))
                }
            }
        case .advance(let instant):
            let target = Self.day(instant)
            let start = clock ?? (names.indices.compactMap { figures($0)?.lastDay }.min() ?? target)
            if target > start {
                for day in (start + 1)...target {
                    for i in names.indices {
                        guard let was = status(i, on: day - 1), let now = status(i, on: day), was != now else { continue }
                        out.append(Expected(customer: names[i], kind: .status, from: was.rawValue, to: now.rawValue,
                                            cause: .time, instant: Instant(day: Day(rawValue: day))))
                    }
                }
            }
            clock = max(clock ?? Int32.min, target)
        case .sweep(let instant):
            let ranked = names.indices.compactMap { i in keys(i).map { (i, $0) } }
            guard !ranked.isEmpty else { break }
            var fresh: [[(Int64, Int)]] = []
            for axis in 0..<3 {
                let sorted = ranked.map { $0.1[axis] }.sorted { $0 < $1 }
                var axisMarks: [(Int64, Int)] = []
                for (index, key) in sorted.enumerated() {
                    let score = min(5 * index / sorted.count + 1, 5)
                    while axisMarks.count < score - 1 { axisMarks.append(key) }
                }
                fresh.append(axisMarks)
            }
            for (i, _) in ranked {
                let old = segment(i, marks: marks), new = segment(i, marks: fresh)
                if old != new {
                    out.append(Expected(customer: names[i], kind: .segment, from: old, to: new, cause: .sweep,
                                        instant: instant))
                }
            }
            marks = fresh
        }
        return out
    }

    /// Runs a step against the store.
    static func run(_ step: FeedStep, on store: Store) throws {
        switch step {
        case .purchases(let purchases): try store.write { w in for p in purchases { _ = try w.record(p) } }
        case .advance(let instant): try store.advance(to: instant)
        case .sweep(let instant): try store.sweepSegments(at: instant)
        }
    }

    /// A random scenario of `count` steps over `customers` customers from 2019-01-01.
    static func scenario(_ random: inout TestGenerator, steps count: Int, customers: Int) -> [FeedStep] {
        var steps: [FeedStep] = []
        var now = Instant(day: Day(year: 2019, month: 1, day: 1)!).microseconds
        var order = 0
        var bought = Set<Int>()
        for _ in 0..<count {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6:
                var batch: [Purchase] = []
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let c = Int.random(in: 0..<customers, using: &random)
                    order += 1
                    // Mostly recent, sometimes out of order (up to 60 days back).
                    let back = Int64.random(in: 0...(Bool.random(using: &random) ? 0 : 60), using: &random)
                    let at = Instant(microseconds: now - back * 86_400_000_000 + Int64(order) * 1_000_000)
                    let refund = bought.contains(c) && Int.random(in: 0..<6, using: &random) == 0
                    let cents = refund ? -Int64.random(in: 1...300, using: &random) : Int64.random(in: 100...9_000, using: &random)
                    if !refund { bought.insert(c) }
                    batch.append(Purchase(customer: "c\(c)", orderID: "o\(order)", occurredAt: at, amount: money(cents)))
                }
                steps.append(.purchases(batch))
            case 6..<9:
                now += Int64.random(in: 1...120, using: &random) * 86_400_000_000
                steps.append(.advance(Instant(microseconds: now)))
            default:
                steps.append(.sweep(Instant(microseconds: now)))
            }
        }
        return steps
    }
}

extension ChangeEvent {
    var expected: FeedModel.Expected {
        FeedModel.Expected(customer: externalID, kind: kind, from: from, to: to, cause: cause, instant: instant)
    }
}
