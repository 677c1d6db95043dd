import Foundation
import Testing
@testable import Clientele

/// The flat JSON forms of query results (`Encoding/FlatCoding.swift`).
@Suite("Flat Codable results")
struct FlatCodingTests {
    @Test func resultsEncodeFlatAndRoundTrip() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        try await store.record(Purchase(customer: "ann", orderID: "1", occurredAt: Instant(microseconds: 1_709_294_400_000_250),
                                        amount: money(1_250), category: "books"))
        let rfm = try #require(try await store.customerRFM(externalID: "ann", asOf: Instant(microseconds: 1_709_294_400_000_250)))
        let data = try store.jsonEncoder().encode(rfm)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains(#""netMonetary":"12.50""#), "\(json)")
        #expect(json.contains(#""asOf":"2024-03-01T12:00:00.000250Z""#), "\(json)")
        #expect(json.contains(#""id":1"#), "\(json)")
        #expect(json.contains(#""segment":""#), "\(json)")
        #expect(!json.contains("minorUnits") && !json.contains("rawValue") && !json.contains("microseconds"))
        #expect(try store.jsonDecoder().decode(CustomerRFM.self, from: data) == rfm)
        let page = try await store.purchases(of: "ann")
        let pageJSON = try #require(String(data: try store.jsonEncoder().encode(page), encoding: .utf8))
        #expect(pageJSON.contains(#""category":"books""#) && pageJSON.contains(#""amount":"12.50""#), "\(pageJSON)")
        #expect(try store.jsonDecoder().decode(PurchasePage.self, from: try store.jsonEncoder().encode(page)) == page)
    }

    @Test func valuesEncodeFlatAndTheOldFormsStillDecode() throws {
        let encoder = JSONEncoder()
        #expect(String(data: try encoder.encode([Money(minorUnits: -705)]), encoding: .utf8) == "[-705]")
        #expect(String(data: try encoder.encode([Day(year: 2026, month: 3, day: 29)!]), encoding: .utf8) == #"["2026-03-29"]"#)
        #expect(String(data: try encoder.encode([Month(year: 2026, month: 3)]), encoding: .utf8) == #"["2026-03"]"#)
        #expect(String(data: try encoder.encode([Instant(microseconds: -1)]), encoding: .utf8)
                == #"["1969-12-31T23:59:59.999999Z"]"#)
        let decoder = JSONDecoder()
        // The synthesized forms written before (a saved purchase model holds an Instant).
        #expect(try decoder.decode(Instant.self, from: Data(#"{"microseconds":42}"#.utf8)) == Instant(microseconds: 42))
        #expect(try decoder.decode(Money.self, from: Data(#"{"minorUnits":42}"#.utf8)) == Money(minorUnits: 42))
        #expect(try decoder.decode(CustomerID.self, from: Data(#"{"rawValue":42}"#.utf8)) == CustomerID(rawValue: 42))
        #expect(try decoder.decode(Day.self, from: Data(#"{"rawValue":3}"#.utf8)) == Day(rawValue: 3))
        #expect(try decoder.decode(Instant.self, from: Data(#""2024-03-01T12:00:00Z""#.utf8))
                == Instant(microseconds: 1_709_294_400_000_000))
        // A decimal string needs the scale, and no more decimals than it.
        #expect(throws: DecodingError.self) { try decoder.decode(Money.self, from: Data(#""1.25""#.utf8)) }
        decoder.userInfo[.currencyScale] = 2
        #expect(try decoder.decode(Money.self, from: Data(#""1.25""#.utf8)) == Money(minorUnits: 125))
        #expect(throws: DecodingError.self) { try decoder.decode(Money.self, from: Data(#""1.255""#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Instant.self, from: Data(#""2024-02-30T00:00:00Z""#.utf8)) }
    }
}
