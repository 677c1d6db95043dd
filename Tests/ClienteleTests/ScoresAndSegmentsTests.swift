import Testing
@testable import Clientele

/// Ten customers whose quintile scores are computed by hand below (shared with MarketingListTests).
///
/// Days are offsets from 2024-01-01, purchases at 12:00 UTC. N = 10, so the customer at 0-based rank i (ascending by
/// the view's value, ties by customer number) scores ⌊5·i/10⌋ + 1: ranks 0–1 → 1, 2–3 → 2, 4–5 → 3, 6–7 → 4, 8–9 → 5.
///
/// | customer | purchases (day: $)          | last | orders | net  |
/// |----------|-----------------------------|------|--------|------|
/// | c1       | 1: 50                       | 1    | 1      | 50   |
/// | c2       | 20: 50                      | 20   | 1      | 50   |
/// | c3       | 20: 10                      | 20   | 1      | 10   |
/// | c4       | 2: 30, 10: 30               | 10   | 2      | 60   |
/// | c5       | 5: 20, 30: 20, refund 31: 15 | 30  | 2      | 25   |
/// | c6       | 3, 4, 6: 10 each            | 6    | 3      | 30   |
/// | c7       | 7, 8, 20: 100 each          | 20   | 3      | 300  |
/// | c8       | 9, 11, 40: 5 each           | 40   | 3      | 15   |
/// | c9       | 12…16: 20 each              | 16   | 5      | 100  |
/// | c10      | 40: 50                      | 40   | 1      | 50   |
/// | c11      | (none)                      |      |        |      |
/// | c12      | refund 5: 5 (no purchase)   |      |        |      |
///
/// Recency, ascending (last purchase, then number): c1, c6 | c4, c9 | c2, c3 | c7, c5 | c8, c10 — the tie at day 20
/// (c2, c3, c7) straddles scores 3 and 4.
/// Frequency: c1, c2 | c3, c10 | c4, c5 | c6, c7 | c8, c9 — the ties at 1 and 3 orders straddle.
/// Monetary: c3, c8 | c5, c6 | c1, c2 | c10, c4 | c9, c7 — the tie at $50 (c1, c2, c10) straddles 3 and 4.
enum TenCustomers {
    static let ids = (1...12).map { "c\($0)" }

    static let purchases: [Purchase] = {
        var list: [Purchase] = []
        func buy(_ customer: String, _ days: [Int], _ cents: Int64) {
            for day in days { list.append(line(customer, day2024(day), cents)) }
        }
        buy("c1", [1], 5_000)
        buy("c2", [20], 5_000)
        buy("c3", [20], 1_000)
        buy("c4", [2, 10], 3_000)
        buy("c5", [5, 30], 2_000)
        list.append(line("c5", day2024(31), -1_500))
        buy("c6", [3, 4, 6], 1_000)
        buy("c7", [7, 8, 20], 10_000)
        buy("c8", [9, 11, 40], 500)
        buy("c9", [12, 13, 14, 15, 16], 2_000)
        buy("c10", [40], 5_000)
        list.append(line("c12", day2024(5), -500))
        return list
    }()

    /// (R, F, M, segment of the standard map) by customer.
    static let expected: [String: (RFMScores, String)] = [
        "c1": (RFMScores(recency: 1, frequency: 1, monetary: 3), "Hibernating"),
        "c2": (RFMScores(recency: 3, frequency: 1, monetary: 3), "About to Sleep"),
        "c3": (RFMScores(recency: 3, frequency: 2, monetary: 1), "About to Sleep"),
        "c4": (RFMScores(recency: 2, frequency: 3, monetary: 4), "At Risk"),
        "c5": (RFMScores(recency: 4, frequency: 3, monetary: 2), "Potential Loyalist"),
        "c6": (RFMScores(recency: 1, frequency: 4, monetary: 2), "At Risk"),
        "c7": (RFMScores(recency: 4, frequency: 4, monetary: 5), "Loyal"),
        "c8": (RFMScores(recency: 5, frequency: 5, monetary: 1), "Champions"),
        "c9": (RFMScores(recency: 2, frequency: 5, monetary: 5), "Can't Lose Them"),
        "c10": (RFMScores(recency: 5, frequency: 2, monetary: 4), "Potential Loyalist"),
    ]

    /// The store, with c6 and c7 do-not-contact, c7 and c8 tagged `advocate`, c9 `toxic`.
    static func make() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        try temp.store.createCustomers(ids)
        try temp.store.recordAll(purchases)
        try temp.store.write { w in
            try w.setDoNotContact("c6", true)
            try w.setDoNotContact("c7", true)
            try w.tag("c7", "advocate")
            try w.tag("c8", "advocate")
            try w.tag("c9", "toxic")
        }
        return temp
    }
}

/// A row without its clock-dependent fields (as-of instant, days since, status), for comparing two reads.
func clockFree(_ row: CustomerRFM) -> CustomerRFM {
    var row = row
    row.asOf = Instant(microseconds: 0)
    row.daysSinceLastPurchase = 0
    row.daysSinceFirstPurchase = 0
    row.status = .active
    return row
}

@Suite("Scores and segments")
struct ScoresAndSegmentsTests {
    // MARK: - The segment map

    /// RFM.md §3 A, row by row (R 5 … 1), columns F 1 … 5.
    static let gridA: [Int: [String]] = [
        5: ["New Customers", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"],
        4: ["Promising", "Potential Loyalist", "Potential Loyalist", "Loyal", "Loyal"],
        3: ["About to Sleep", "About to Sleep", "Need Attention", "Loyal", "Loyal"],
        2: ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"],
        1: ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"],
    ]

    @Test func everyCellOfTheStandardGridMapsToExactlyOneSegment() {
        let map = SegmentMap.standard
        var used = Set<String>()
        for r in 1...5 {
            for f in 1...5 {
                for m in 1...5 {
                    let scores = RFMScores(recency: r, frequency: f, monetary: m)
                    let matching = map.rules.filter {
                        $0.recency.contains(r) && $0.frequency.contains(f) && $0.monetary.contains(m)
                    }
                    #expect(matching.count == 1, "cell \(scores) matches \(matching.map(\.name))")
                    #expect(map.segment(for: scores) == Self.gridA[r]![f - 1], "cell \(scores)")
                    used.insert(map.segment(for: scores))
                }
            }
        }
        #expect(used.count == 10)
        #expect(!used.contains(map.fallback))
        #expect(map.names == ["Champions", "Loyal", "Potential Loyalist", "New Customers", "Promising",
                              "Need Attention", "About to Sleep", "At Risk", "Can't Lose Them", "Hibernating"])
    }

    @Test func aRuleNoScoreCanReachIsRejectedByName() {
        // RFM.md §3 B's caution: At Risk (R1–2, F2–5, M2–5) comes before and contains Can't Lose Them (R1, F4–5, M4–5).
        #expect(throws: ClienteleError.invalidInput(
            field: "segment rules", reason: "segment 'Can't Lose Them' (rule 2) can never be reached")) {
            try SegmentMap(rules: [
                SegmentRule("At Risk", recency: 1...2, frequency: 2...5, monetary: 2...5),
                SegmentRule("Can't Lose Them", recency: 1...1, frequency: 4...5, monetary: 4...5),
            ])
        }
        // The whole §3 B list in its published order: New Customers (rule 4) is the first rule that Potential
        // Loyalist (R3–5 F1–3 M1–3) already covers entirely.
        let rfmPackage = [
            SegmentRule("Champions", recency: 4...5, frequency: 4...5, monetary: 4...5),
            SegmentRule("Loyal Customers", recency: 2...5, frequency: 3...5, monetary: 3...5),
            SegmentRule("Potential Loyalist", recency: 3...5, frequency: 1...3, monetary: 1...3),
            SegmentRule("New Customers", recency: 4...5, frequency: 1...1, monetary: 1...1),
            SegmentRule("Promising", recency: 3...4, frequency: 1...1, monetary: 1...1),
            SegmentRule("Need Attention", recency: 2...3, frequency: 2...3, monetary: 2...3),
            SegmentRule("About To Sleep", recency: 2...3, frequency: 1...2, monetary: 1...2),
            SegmentRule("At Risk", recency: 1...2, frequency: 2...5, monetary: 2...5),
            SegmentRule("Can't Lose Them", recency: 1...1, frequency: 4...5, monetary: 4...5),
            SegmentRule("Lost", recency: 1...2, frequency: 1...2, monetary: 1...2),
        ]
        #expect(throws: ClienteleError.invalidInput(
            field: "segment rules", reason: "segment 'New Customers' (rule 4) can never be reached")) {
            try SegmentMap(rules: rfmPackage, fallback: "Others")
        }
        // Most specific first, as the engine requires: every rule reachable; unmatched cells → the fallback.
        let reordered = [rfmPackage[0], rfmPackage[3], rfmPackage[4], rfmPackage[8], rfmPackage[1], rfmPackage[2],
                         rfmPackage[5], rfmPackage[6], rfmPackage[7], rfmPackage[9]]
        let map = try? SegmentMap(rules: reordered, fallback: "Others")
        #expect(map != nil)
        #expect(map?.segment(for: RFMScores(recency: 1, frequency: 5, monetary: 5)) == "Can't Lose Them")
        #expect(map?.segment(for: RFMScores(recency: 5, frequency: 1, monetary: 1)) == "New Customers")
        #expect(map?.segment(for: RFMScores(recency: 5, frequency: 5, monetary: 1)) == "Others")
        #expect(map?.names.last == "Others")
        // Ranges outside 1…5 reach nothing.
        #expect(throws: ClienteleError.invalidInput(
            field: "segment rules", reason: "segment 'Ghost' (rule 1) can never be reached")) {
            try SegmentMap(rules: [SegmentRule("Ghost", recency: 6...9)])
        }
    }

    @Test func firstMatchWins() throws {
        let map = try SegmentMap(rules: [
            SegmentRule("Recent", recency: 5...5),
            SegmentRule("Frequent", recency: 4...5, frequency: 5...5),
            SegmentRule("Rich", monetary: 5...5),
        ], fallback: "Rest")
        #expect(map.segment(for: RFMScores(recency: 5, frequency: 5, monetary: 5)) == "Recent")
        #expect(map.segment(for: RFMScores(recency: 4, frequency: 5, monetary: 5)) == "Frequent")
        #expect(map.segment(for: RFMScores(recency: 3, frequency: 5, monetary: 5)) == "Rich")
        #expect(map.segment(for: RFMScores(recency: 3, frequency: 5, monetary: 4)) == "Rest")
        #expect(map.names == ["Recent", "Frequent", "Rich", "Rest"])
        // A map that covers everything never names the fallback.
        let total = try SegmentMap(rules: [SegmentRule("Everyone")])
        #expect(total.names == ["Everyone"])
    }

    // MARK: - Quintile scores, by hand

    @Test func quintileScoresOfTenCustomersWithTies() throws {
        let temp = try TenCustomers.make()
        let table = try temp.store.rfmTable()
        #expect(table.map(\.externalID) == (1...10).map { "c\($0)" })
        for row in table {
            let (scores, segment) = try #require(TenCustomers.expected[row.externalID])
            #expect(row.scores == scores, "\(row.externalID): \(row.scores) ≠ \(scores)")
            #expect(row.segment == segment, "\(row.externalID)")
            let single = try #require(try temp.store.customerRFM(externalID: row.externalID))
            #expect(clockFree(single) == clockFree(row))
        }
        #expect(try temp.store.customerRFM(externalID: "c11") == nil)   // no lines
        #expect(try temp.store.customerRFM(externalID: "c12") == nil)   // a refund only
        #expect(try temp.store.customerRFM(externalID: "nobody") == nil)

        // c5's classic figures: 2 orders on 2 days, net 40 − 15, AOV = gross / orders, one gap of 25 days.
        let c5 = try #require(table.first { $0.externalID == "c5" })
        #expect(c5.orders == 2 && c5.occasions == 2 && c5.netMonetary == money(2_500))
        #expect(c5.averageOrderValue == money(2_000) && c5.meanGapDays == 25 && c5.lastGapDays == 25)
        let c9 = try #require(table.first { $0.externalID == "c9" })
        #expect(c9.meanGapDays == 1 && c9.lastGapDays == 1)
        let c1 = try #require(table.first { $0.externalID == "c1" })
        #expect(c1.meanGapDays == nil && c1.lastGapDays == nil)

        // The same scores as of an instant after every purchase (the as-of path).
        for row in try temp.store.rfmTable(asOf: at(2024, 12, 31)) {
            #expect(row.scores == TenCustomers.expected[row.externalID]?.0, "\(row.externalID) as of")
        }
    }

    @Test func segmentSummaryOfTenCustomers() throws {
        let temp = try TenCustomers.make()
        let summary = try temp.store.segmentSummary()
        let byName = Dictionary(uniqueKeysWithValues: summary.map { ($0.name, $0) })
        #expect(summary.map(\.name) == SegmentMap.standard.names)
        let expected: [String: (Int, Int64)] = [
            "Champions": (1, 1_500), "Loyal": (1, 30_000), "Potential Loyalist": (2, 7_500), "New Customers": (0, 0),
            "Promising": (0, 0), "Need Attention": (0, 0), "About to Sleep": (2, 6_000), "At Risk": (2, 9_000),
            "Can't Lose Them": (1, 10_000), "Hibernating": (1, 5_000),
        ]
        for (name, (customers, revenue)) in expected {
            let row = try #require(byName[name])
            #expect(row.customers == customers && row.revenue == money(revenue), "\(name)")
            #expect(near(row.share, Double(customers) / 10), "\(name)")
            #expect(near(row.revenueShare, Double(revenue) / 69_000), "\(name)")
        }
        #expect(summary.reduce(0) { $0 + $1.customers } == 10)
        #expect(near(summary.reduce(0) { $0 + $1.revenueShare }, 1))
    }

    @Test func scoresFollowTheNextWrite() throws {
        // The score snapshot is cached per read snapshot: a write must be visible to the next query.
        let temp = try TenCustomers.make()
        #expect(try temp.store.customerRFM(externalID: "c1")?.scores == TenCustomers.expected["c1"]?.0)
        try temp.store.recordAll([line("c1", day2024(41), 100_000), line("c1", day2024(42), 100)])
        // c1 now: the latest purchase (rank 9 → R5), 3 orders (ranks by orders: c2 c3 c10 c4 c5 | c1 c6 c7 c8 | c9,
        // so rank 5 → F3, the tie broken by number), the highest net (M5).
        let c1 = try #require(try temp.store.customerRFM(externalID: "c1"))
        #expect(c1.scores == RFMScores(recency: 5, frequency: 3, monetary: 5))
        #expect(c1.segment == "Potential Loyalist")
        #expect(try temp.store.segmentMembers("Potential Loyalist", includeDoNotContact: true).map(\.externalID)
            .contains("c1"))
        #expect(try temp.store.segmentMembers("Hibernating", includeDoNotContact: true).map(\.externalID)
            .contains("c1") == false)
    }

    // MARK: - Random populations

    /// The independent model of the scores: sort by (value, customer number), score ⌊5·i/N⌋ + 1.
    static func modelScores(_ purchases: [Purchase], numbers: [String: Int]) -> [String: RFMScores] {
        var last: [String: Int64] = [:], orders: [String: Int64] = [:], net: [String: Int64] = [:]
        for purchase in purchases {
            net[purchase.customer, default: 0] += purchase.amount.minorUnits
            guard !purchase.isRefund else { continue }
            orders[purchase.customer, default: 0] += 1
            last[purchase.customer] = max(last[purchase.customer] ?? .min, purchase.occurredAt.microseconds)
        }
        let buyers = Array(orders.keys)
        func scores(_ value: (String) -> Int64) -> [String: Int] {
            let ranked = buyers.sorted { (value($0), numbers[$0]!) < (value($1), numbers[$1]!) }
            var result: [String: Int] = [:]
            for (index, customer) in ranked.enumerated() { result[customer] = 5 * index / ranked.count + 1 }
            return result
        }
        let r = scores { last[$0]! }, f = scores { orders[$0]! }, m = scores { net[$0]! }
        return Dictionary(uniqueKeysWithValues: buyers.map {
            ($0, RFMScores(recency: r[$0]!, frequency: f[$0]!, monetary: m[$0]!))
        })
    }

    @Test(arguments: 0..<3)
    func randomPopulationScoresSegmentsAndPagination(round: Int) throws {
        var generator = TestGenerator()
        let world = AsOfTests.world(&generator)
        let temp = try TemporaryStore()
        try temp.store.createCustomers(world.customers)
        try temp.store.recordAll(world.purchases.shuffled(using: &generator))
        let doNotContact = Set(world.customers.filter { _ in Int.random(in: 0..<4, using: &generator) == 0 })
        try temp.store.write { w in for customer in doNotContact { try w.setDoNotContact(customer, true) } }
        let numbers = Dictionary(uniqueKeysWithValues: world.customers.enumerated().map { ($1, $0 + 1) })
        let model = Self.modelScores(world.purchases, numbers: numbers)

        let table = try temp.store.rfmTable()
        #expect(table.count == model.count, generator.comment)
        for row in table {
            #expect(row.scores == model[row.externalID], "\(row.externalID); \(generator.comment)")
            #expect(row.segment == SegmentMap.standard.segment(for: row.scores), generator.comment)
            let single = try temp.store.customerRFM(externalID: row.externalID)
            #expect(single.map(clockFree) == clockFree(row), generator.comment)
        }

        // Counts sum to the customers with purchases; revenue shares to 1.
        let summary = try temp.store.segmentSummary()
        #expect(summary.reduce(0) { $0 + $1.customers } == model.count, generator.comment)
        let total = table.reduce(Int64(0)) { $0 + $1.netMonetary.minorUnits }
        #expect(summary.reduce(Int64(0)) { $0 + $1.revenue.minorUnits } == total, generator.comment)
        if total > 0 { #expect(near(summary.reduce(0) { $0 + $1.revenueShare }, 1), generator.comment) }
        #expect(near(summary.reduce(0) { $0 + $1.share }, 1), generator.comment)

        // Every segment, page by page: no duplicates, no misses, ascending customer numbers, right segment.
        for includeDoNotContact in [true, false] {
            var seen: [String] = []
            for segment in summary {
                let limit = Int.random(in: 1...7, using: &generator)
                var after: CustomerID?
                var pages = 0
                while true {
                    let page = try temp.store.segmentMembers(segment.name, limit: limit, after: after,
                                                             includeDoNotContact: includeDoNotContact)
                    #expect(page.count <= limit, generator.comment)
                    #expect(zip(page, page.dropFirst()).allSatisfy { $0.id < $1.id }, generator.comment)
                    for member in page {
                        #expect(table.first { $0.externalID == member.externalID }?.segment == segment.name,
                                generator.comment)
                        #expect(member.scores == model[member.externalID], generator.comment)
                    }
                    seen += page.map(\.externalID)
                    pages += 1
                    guard let last = page.last, pages < 1_000 else { break }
                    after = last.id
                }
            }
            let expected = table.map(\.externalID).filter { includeDoNotContact || !doNotContact.contains($0) }
            #expect(seen.count == Set(seen).count, "duplicates; \(generator.comment)")
            #expect(Set(seen) == Set(expected), "\(generator.comment)")
        }
    }

    @Test func segmentMembersValidatesItsArguments() throws {
        let temp = try TenCustomers.make()
        #expect(throws: ClienteleError.self) { try temp.store.segmentMembers("No Such Segment") }
        #expect(throws: ClienteleError.self) { try temp.store.segmentMembers("Champions", limit: 0) }
        #expect(try temp.store.segmentMembers("Champions", after: CustomerID(rawValue: .max)).isEmpty)
        #expect(try temp.store.segmentMembers("Champions").map(\.externalID) == ["c8"])
        // A user map: its names, its members.
        let map = try SegmentMap(rules: [SegmentRule("Top spenders", monetary: 5...5)], fallback: "Everyone else")
        #expect(try temp.store.segmentMembers("Top spenders", segments: map, includeDoNotContact: true)
            .map(\.externalID) == ["c7", "c9"])
        #expect(try temp.store.segmentSummary(segments: map).map(\.customers) == [2, 8])
    }
}
