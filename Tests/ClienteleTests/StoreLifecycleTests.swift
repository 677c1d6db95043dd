import Foundation
import Testing
@testable import Clientele

/// `Store.close()`, `backup(to:)`, `Money(Decimal)`, `Purchase(occurredAt: Date)`.
@Suite("Store lifecycle and service types")
struct StoreLifecycleTests {
    @Test func callsAfterCloseThrowStoreClosed() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        try await store.record(Purchase(customer: "a", orderID: "1", occurredAt: at(2024, 1, 1), amount: money(10)))
        _ = try await store.read { try $0.counts() }
        try store.close()
        try store.close()
        #expect(store.isClosed)
        await #expect(throws: ClienteleError.storeClosed) { _ = try await store.read { try $0.counts() } }
        await #expect(throws: ClienteleError.storeClosed) {
            _ = try await store.write { w in try w.upsertCustomer(CustomerUpdate(externalID: "b")).id }
        }
        await #expect(throws: ClienteleError.storeClosed) {
            try await store.record(Purchase(customer: "a", orderID: "2", occurredAt: at(2024, 1, 2), amount: money(5)))
        }
        await #expect(throws: ClienteleError.storeClosed) { _ = try await store.segmentSummary() }
        #expect(throws: ClienteleError.storeClosed) { try store.sync() }
        let synchronous = { () throws in _ = try store.read { try $0.counts() } }
        #expect(throws: ClienteleError.storeClosed) { try synchronous() }
    }

    /// `lastCommittedTransaction` moves with each committed write (another process's too: CrossProcessFollowTests),
    /// not with a read, and throws once the store is closed.
    @Test func lastCommittedTransactionMovesWithCommitsOnly() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let start = try store.lastCommittedTransaction
        try store.write { w in _ = try w.record(Purchase(customer: "a", orderID: "1", occurredAt: at(2024, 1, 1), amount: money(10))) }
        let afterWrite = try store.lastCommittedTransaction
        #expect(afterWrite > start)
        _ = try store.read { try $0.counts() }
        #expect(try store.lastCommittedTransaction == afterWrite)
        try store.write { w in _ = try w.record(Purchase(customer: "b", orderID: "2", occurredAt: at(2024, 1, 2), amount: money(5))) }
        #expect(try store.lastCommittedTransaction > afterWrite)
        try store.close()
        #expect(throws: ClienteleError.storeClosed) { _ = try store.lastCommittedTransaction }
    }

    @Test func backupIsAnOpenableConsistentCopy() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            for index in 0..<200 {
                try w.record(Purchase(customer: "c\(index % 17)", orderID: "o\(index)",
                                      occurredAt: at(2024, 1, 1).advanced(minutes: index * 90), amount: money(Int64(index + 1))))
            }
            _ = try w.erase(externalID: "c3")
        }
        let target = temp.path + "-backup"
        defer { try? FileManager.default.removeItem(atPath: target) }
        try temp.store.backup(to: target)
        let copy = try Store.openExisting(at: target, options: temp.options)
        #expect(try copy.read { try $0.counts() } == (try temp.store.read { try $0.counts() }))
        #expect(try copy.segmentSummary() == (try temp.store.segmentSummary()))
        #expect(try copy.verify().isClean)
        // A directory that is not empty is refused, and left as it was.
        #expect(throws: ClienteleError.self) { try temp.store.backup(to: target) }
        #expect(try copy.read { try $0.counts() }.customers == 16)
    }

    @Test func moneyFromDecimalAtAScale() throws {
        #expect(try Money(Decimal(string: "12.50")!, scale: 2) == Money(minorUnits: 1_250))
        #expect(try Money(Decimal(string: "-0.07")!, scale: 2) == Money(minorUnits: -7))
        #expect(try Money(Decimal(string: "12")!, scale: 0) == Money(minorUnits: 12))
        #expect(try Money(Decimal(string: "92233720368547758.07")!, scale: 2) == Money(minorUnits: .max))
        #expect(throws: ClienteleError.invalidInput(field: "amount", reason: "has more than 2 decimal places")) {
            try Money(Decimal(string: "1.005")!, scale: 2)
        }
        #expect(throws: ClienteleError.overflow(field: "amount")) {
            try Money(Decimal(string: "92233720368547758.08")!, scale: 2)
        }
        #expect(throws: ClienteleError.self) { try Money(Decimal.nan, scale: 2) }
        #expect(Money(minorUnits: -1_250).decimal(scale: 2) == Decimal(string: "-12.5"))
        #expect(Money(minorUnits: 3).decimal(scale: 3) == Decimal(string: "0.003"))
    }

    @Test func purchaseFromADate() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let purchase = Purchase(customer: "a", occurredAt: date, amount: money(1))
        #expect(purchase.occurredAt == Instant(date))
        #expect(purchase.occurredAt.microseconds / 1_000 == 1_700_000_000_123)
    }

    /// Regression: with Foundation imported (as every service does), `occurredAt: .now` was ambiguous between
    /// `Instant.now` and `Date.now` once the `Date` initializer existed, so the README example did not compile.
    @Test func dotNowStillMeansAnInstantBesideFoundation() {
        let before = Instant.now
        let purchase = Purchase(customer: "a", orderID: "o-1", occurredAt: .now, amount: money(1))
        #expect(purchase.occurredAt >= before)
        #expect(purchase.occurredAt <= Instant.now)
    }
}
