import Testing
@testable import Clientele
import LMDBKit

/// Identifiers refuse C1 controls (as C0 and DEL) and values with nothing visible (issue 16).
@Suite("Identifier rules")
struct IdentifierRulesTests {
    static let invisible: [(String, String)] = [
        ("zero-width space", "\u{200B}"), ("zero-width joiner", "\u{200D}"), ("zero-width non-joiner", "\u{200C}"),
        ("byte order mark", "\u{FEFF}"), ("soft hyphen", "\u{AD}"), ("variation selector", "\u{FE0F}"),
        ("word joiner", "\u{2060}"), ("combining grapheme joiner", "\u{34F}"), ("Hangul filler", "\u{3164}"),
        ("several", "\u{200B}\u{200D}\u{FEFF}"), ("spaces", "   "), ("no-break space", "\u{A0}"),
        ("ideographic space", "\u{3000}"), ("zero-width space and spaces", " \u{200B} "),
    ]

    @Test(arguments: invisible.map(\.1))
    func invisibleIdentifiersAreRejected(_ id: String) throws {
        let temp = try TemporaryStore()
        for field in ["customer", "order", "category", "channel"] {
            var purchase = Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 1), amount: money(100),
                                    category: "books", channel: "web")
            switch field {
            case "customer": purchase.customer = id
            case "order": purchase.orderID = id
            case "category": purchase.category = id
            default: purchase.channel = id
            }
            #expect {
                try temp.store.write { _ = try $0.record(purchase) }
            } throws: { error in
                guard case ClienteleError.invalidInput(_, let reason) = error else { return false }
                return reason.contains("nothing visible")
            }
        }
        #expect(throws: ClienteleError.self) {
            try temp.store.write { try $0.upsertCustomer(CustomerUpdate(externalID: "c1", addTags: [id])) }
        }
        #expect(try temp.store.read { try $0.counts() } == (0, 0))
    }

    @Test(arguments: ["\u{9B}31m", "a\u{85}b", "x\u{80}", "\u{9F}", "a\u{1B}[2Jb", "tab\there", "del\u{7F}"])
    func controlCharactersAreRejected(_ id: String) throws {
        let temp = try TemporaryStore()
        let purchase = Purchase(customer: id, occurredAt: at(2024, 1, 1), amount: money(100))
        #expect(throws: ClienteleError.invalidInput(field: "customer_id", reason: "contains control characters")) {
            try temp.store.write { _ = try $0.record(purchase) }
        }
        #expect(throws: ClienteleError.invalidInput(field: "category", reason: "contains control characters")) {
            try temp.store.write {
                _ = try $0.record(Purchase(customer: "c", occurredAt: at(2024, 1, 1), amount: money(1), category: id))
            }
        }
    }

    @Test(arguments: [
        "a\u{200B}b", "\u{1F469}\u{200D}\u{1F4BB}", "\u{A0}x", "\u{E9}", "\u{A0}\u{A1}", "\u{2603}\u{FE0F}",
    ])
    func visibleIdentifiersWithInvisibleCharactersAreAccepted(_ id: String) throws {
        let temp = try TemporaryStore()
        let purchase = Purchase(customer: id, occurredAt: at(2024, 1, 1), amount: money(100), category: id)
        #expect(try temp.store.write { try $0.record(purchase) } == .recorded(createdCustomer: true))
    }
}
