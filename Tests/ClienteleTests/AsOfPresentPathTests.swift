import Testing
@testable import Clientele

/// An `asOf` in the current day, or on a day after the newest line, takes the present path (issue 13 item 4): same
/// answers as the as-of path, without re-deriving from the purchases.
@Suite("As-of: the present path")
struct AsOfPresentPathTests {
    @Test func afterTheNewestLineAndInTheCurrentDayArePresentWithTheSameAnswers() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        try store.recordAll([
            line("a", day2024(0), 1_000), line("a", day2024(10), 2_000), line("b", day2024(3), 500),
            line("b", day2024(20), -200), line("c", day2024(5), 9_000),
        ])
        // Day 20 (a refund) is the newest line: day 21 is after everything stored.
        let later = day2024(21, 8)
        let pastBefore = store.pastPathCount.withLock { $0 }
        let present = try #require(try store.customerRFM(externalID: "a", asOf: later))
        let table = try store.rfmTable(asOf: later)
        #expect(store.pastPathCount.withLock { $0 } == pastBefore)

        // The as-of path, forced, gives the same answers.
        let forced = try store.read { reader in
            try PastPopulation.build(reader, asOf: later)
        }
        let stats = try #require(forced.stats[present.id.rawValue])
        let scores = try #require(forced.snapshot.scores(of: present.id.rawValue))
        let rederived = try store.read { reader in
            reader.rfm("a", present.id, stats, asOf: later, scores: scores, segments: .standard, rules: StatusRules())
        }
        #expect(present == rederived)
        #expect(table.count == 3)

        // On the newest line's day itself: the as-of path (a later line that day could be left out).
        _ = try store.customerRFM(externalID: "a", asOf: day2024(20, 1))
        #expect(store.pastPathCount.withLock { $0 } == pastBefore + 1)
    }

    @Test func earlierTodayIsThePresent() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        try store.recordAll([line("a", daysAgo(30), 1_000), line("a", daysAgo(0), 2_000)])
        let startOfToday = Instant(day: Day(Instant.now))
        let before = store.pastPathCount.withLock { $0 }
        let today = try #require(try store.customerRFM(externalID: "a", asOf: startOfToday))
        let now = try #require(try store.customerRFM(externalID: "a"))
        #expect(store.pastPathCount.withLock { $0 } == before)
        #expect(today.daysSinceLastPurchase == now.daysSinceLastPurchase)
        #expect(today.scores == now.scores)
        #expect(today.orders == 2)
    }
}
