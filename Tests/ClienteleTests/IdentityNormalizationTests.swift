import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Identity is decided once (issue 16): every identifier in NFC at the boundary, caches compared by stored bytes.
@Suite("Identifiers in NFC")
struct IdentityNormalizationTests {
    static let nfc = "Jos\u{E9}"
    static let nfd = "Jose\u{301}"

    @Test func canonicallyEqualIdsInOneBatchAreOneCustomerAndVerifyStaysClean() throws {
        let temp = try TemporaryStore()
        try temp.store.write { writer in
            _ = try writer.record(Purchase(customer: Self.nfc, orderID: "o1", occurredAt: at(2024, 1, 1),
                                           amount: money(1_000), category: "caf\u{E9}", channel: "t\u{EA}l\u{E9}"))
            _ = try writer.record(Purchase(customer: Self.nfd, orderID: "o2", occurredAt: at(2024, 1, 2),
                                           amount: money(500), category: "cafe\u{301}", channel: "te\u{302}le\u{301}"))
        }
        // The reverse order in a second transaction: the form seen first must not matter.
        try temp.store.write { writer in
            _ = try writer.record(Purchase(customer: Self.nfd, orderID: "o3", occurredAt: at(2024, 1, 3),
                                           amount: money(250)))
            _ = try writer.record(Purchase(customer: Self.nfc, orderID: "o4", occurredAt: at(2024, 1, 4),
                                           amount: money(125)))
        }
        let report = try temp.store.verify()
        #expect(report.isClean, "\(report.differences)")
        try temp.store.read { reader in
            #expect(try reader.counts().customers == 1)
            let byNFC = try #require(try reader.profile(externalID: Self.nfc))
            #expect(try reader.profile(externalID: Self.nfd)?.id == byNFC.id)
            #expect(Array(byNFC.customer.externalID.utf8) == Array(Self.nfc.utf8))
            #expect(byNFC.stats?.orders == 4)
            #expect(try reader.categoryID("caf\u{E9}") == reader.categoryID("cafe\u{301}"))
            #expect(try reader.categoryName(1).map { Array($0.utf8) } == Array("caf\u{E9}".utf8))
        }
        try temp.store.read { reader in
            var names: [[UInt8]] = []
            try temp.store.schema.customerByExternalID.scan(in: reader.txn) { key, _ in
                names.append(Array(key.utf8))
                return true
            }
            #expect(names == [Array(Self.nfc.utf8)])
        }
    }

    @Test func orderIdsInEitherFormAreOneOrder() throws {
        let temp = try TemporaryStore()
        let purchase = Purchase(customer: "c1", orderID: "ord-\u{E9}", occurredAt: at(2024, 1, 1), amount: money(100))
        #expect(try temp.store.write { try $0.record(purchase) } == .recorded(createdCustomer: true))
        var again = purchase
        again.orderID = "ord-e\u{301}"
        #expect(try temp.store.write { try $0.record(again) } == .duplicate)
        let refund = Purchase(customer: "c1", orderID: "r1", occurredAt: at(2024, 1, 2), amount: money(-50),
                              refundOf: "ord-e\u{301}")
        #expect(try temp.store.write { try $0.record(refund) } == .recorded(createdCustomer: false))
        #expect(try temp.store.verify().isClean)
    }

    @Test func tagsEmailsAndLookupsAgreeAcrossForms() throws {
        let temp = try TemporaryStore()
        try temp.store.write { writer in
            try writer.upsertCustomer(CustomerUpdate(externalID: Self.nfd, email: "Jose\u{301}@Example.com",
                                                     addTags: ["ni\u{F1}o"]))
            try writer.tag(Self.nfc, "cafe\u{301}")
        }
        #expect(try temp.store.customers(taggedWith: "nin\u{303}o").count == 1)
        #expect(try temp.store.customers(taggedWith: "caf\u{E9}").count == 1)
        try temp.store.read { reader in
            #expect(try reader.profiles(email: "jos\u{E9}@example.com").count == 1)
            let profile = try #require(try reader.profile(externalID: Self.nfc))
            #expect(profile.customer.tags.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
                == [Array("caf\u{E9}".utf8), Array("ni\u{F1}o".utf8)])
        }
        try temp.store.write { writer in try writer.untag(Self.nfc, "nin\u{303}o") }
        #expect(try temp.store.customers(taggedWith: "ni\u{F1}o").isEmpty)
        #expect(try temp.store.write { try $0.erase(externalID: Self.nfc) })
        #expect(try temp.store.read { try $0.counts().customers } == 0)
        #expect(try temp.store.verify().isClean)
    }

    @Test func confusableIdsStayDistinct() throws {
        let temp = try TemporaryStore()
        // Latin "paypal" and one with Cyrillic а look alike but are not canonically equivalent; U+212B ANGSTROM SIGN
        // is canonically equal to U+00C5 (a singleton decomposition), so those two are one customer.
        let ids = ["paypal", "p\u{430}ypal", "\u{C5}ke", "\u{212B}ke", "A\u{30A}ke"]
        try temp.store.write { writer in
            for (index, id) in ids.enumerated() {
                _ = try writer.record(Purchase(customer: id, occurredAt: at(2024, 1, 1 + index), amount: money(100)))
            }
        }
        let (count, latin, cyrillic) = try temp.store.read { reader in
            (try reader.counts().customers, try reader.customerID(externalID: "paypal"),
             try reader.customerID(externalID: "p\u{430}ypal"))
        }
        #expect(count == 3)
        #expect(latin != nil && latin != cyrillic)
        #expect(try temp.store.verify().isClean)
    }

    @Test func verifyComparesCategoryNamesAsBytes() throws {
        // A consistent store that holds two byte forms of one name (written before identifiers were normalized):
        // verify must see two entries, as LMDB does, not a false difference from `String ==` merging them.
        let temp = try TemporaryStore()
        let schema = temp.store.schema
        try temp.store.write { writer in
            for (id, name) in [(UInt32(1), "caf\u{E9}"), (2, "cafe\u{301}")] {
                try schema.categoryByName.put(id, for: name, in: writer.txn)
                try schema.categoryNames.put(name, for: id, in: writer.txn)
            }
        }
        let report = try temp.store.verify()
        #expect(report.isClean, "\(report.differences)")
    }

    @Test func canonicalFormIsNFCAndASCIIUntouched() {
        #expect(Array(Identifiers.canonical(Self.nfd).utf8) == Array(Self.nfc.utf8))
        #expect(Identifiers.canonical("plain-ascii-42") == "plain-ascii-42")
        // A composition exclusion: U+0958 stays decomposed in NFC (and gets longer in bytes).
        #expect(Array(Identifiers.canonical("\u{958}").utf8) == Array("\u{915}\u{93C}".utf8))
        #expect(Identifiers.sameBytes(Self.nfc, Self.nfc))
        #expect(!Identifiers.sameBytes(Self.nfc, Self.nfd))
        #expect(StoredBytes(Self.nfc) != StoredBytes(Self.nfd))
    }

    /// The ASCII path of email normalization (no Foundation) gives what the general path gives.
    @Test func asciiEmailsNormalizeAsTheGeneralPathDoes() {
        var random = TestGenerator()
        let alphabet = Array(" \t\n\r\u{0B}\u{0C}aZ.@-_+09Mx".unicodeScalars)
        for _ in 0..<5_000 {
            let email = String(String.UnicodeScalarView((0..<Int.random(in: 0...12, using: &random)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
            }))
            let general = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            #expect(Customer.normalize(email: email) == (general.isEmpty ? nil : general),
                    "\(Array(email.utf8)) \(random.comment)")
        }
    }
}
