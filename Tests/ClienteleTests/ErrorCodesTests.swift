import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Public errors read as their description through `localizedDescription` and carry a stable code per case; `Money`
/// never guesses decimals (issue 13 item 9).
@Suite("Error codes and Money descriptions")
struct ErrorCodesTests {
    static let clienteleErrors: [ClienteleError] = [
        .storage(.usedAfterFork), .invalidInput(field: "quantity", reason: "must not be negative"),
        .overflow(field: "amount"), .unknownCustomer, .customerNotFound, .orderConflict,
        .refundTargetInvalid(reason: "r"), .corrupted(table: "stats", reason: "r"), .notAClienteleStore(reason: "r"),
        .storeMissing(path: "/x"), .settingsMismatch(setting: "currency scale", stored: 0, requested: 2),
    ]

    @Test func localizedDescriptionIsTheDescriptionAndCodesAreDistinct() {
        for error in Self.clienteleErrors {
            #expect((error as any Error).localizedDescription == error.description)
            #expect(error.stableCode.hasPrefix("clientele."))
        }
        #expect(Set(Self.clienteleErrors.map(\.stableCode)).count == Self.clienteleErrors.count)
        let lmdb: [LMDBError] = [.mapCeilingReached(ceiling: 1), .usedAfterFork, .emptyKey(table: "t")]
        for error in lmdb { #expect((error as any Error).localizedDescription == error.description) }
        #expect(Set(lmdb.map(\.stableCode)).count == lmdb.count)
        #expect(ClienteleError.orderConflict.stableCode == "clientele.orderConflict")
    }

    @Test func moneyDescriptionDoesNotGuessTheScale() throws {
        #expect(Money(minorUnits: 2_450).description == "2450 minor units")
        var options = TemporaryStore.defaultOptions
        options.currencyScale = 0
        let yen = try TemporaryStore(options: options)
        #expect(yen.store.format(Money(minorUnits: 2_450)) == "2450")
        let cents = try TemporaryStore()
        #expect(cents.store.format(Money(minorUnits: -2_450)) == "-24.50")
    }
}
