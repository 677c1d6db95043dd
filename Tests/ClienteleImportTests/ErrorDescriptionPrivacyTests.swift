#if canImport(Glibc)
import Glibc
#endif
import Clientele
import ClienteleImport
import Foundation
import LMDBKit
import Testing

/// Library errors carry no customer data (RELIABILITY.md §5, issue 7 item 6): a host service logs them, so
/// `ClienteleError`, `LMDBError`, `CSVError` and `ImportError` are provoked with canary values in every field they
/// could echo, and their descriptions (`description`, `String(reflecting:)`, `localizedDescription`) must not
/// contain any of them.
@Suite("Library errors carry no customer data")
struct ErrorDescriptionPrivacyTests {
    static let id = "CanaryCust-K4"
    static let email = "Canary.K4z@Example.net"
    static let name = "Ysolde Canaryfield"
    static let phone = "+1-555-0142-6611"
    static let order = "Canary-Order-K4"
    static let fragments = ["canary", "k4z", "ysolde", "0142-6611", "order-k4", "cust-k4", "6543.21", "654321"]

    static func expectNoCanary(_ error: any Error, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in [String(describing: error), String(reflecting: error), error.localizedDescription] {
            let lowered = text.lowercased()
            for fragment in fragments where lowered.contains(fragment) {
                Issue.record("\(what): '\(text)' contains '\(fragment)'", sourceLocation: sourceLocation)
            }
        }
    }

    /// Runs `body`, which must throw; checks the error.
    static func expectThrowsClean(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                                  _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("\(what): no error", sourceLocation: sourceLocation)
        } catch {
            expectNoCanary(error, what, sourceLocation: sourceLocation)
        }
    }

    final class Directory {
        let path = NSTemporaryDirectory() + "/clientele-privacy-\(UUID().uuidString)"
        init() { mkdir(path, 0o700) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func purchase(_ order: String = ErrorDescriptionPrivacyTests.order, amount: Int64 = 654_321,
                         customer: String = ErrorDescriptionPrivacyTests.id, refundOf: String? = nil,
                         at micros: Int64 = 1_709_640_000_000_000) -> Purchase {
        Purchase(customer: customer, orderID: order, occurredAt: Instant(microseconds: micros),
                 amount: Money(minorUnits: amount), category: "Canary-Category", channel: "Canary-Channel",
                 refundOf: refundOf)
    }

    @Test("ClienteleError from the store API")
    func storeErrors() throws {
        let dir = Directory()
        let store = try Store.open(at: dir.path + "/store")
        try store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: Self.id, email: Self.email, phone: Self.phone,
                                                name: Self.name))
            _ = try w.record(Self.purchase())
        }
        let long = String(repeating: Self.id, count: 40)
        let cases: [(String, (StoreWriter) throws -> Void)] = [
            ("over-long customer id", { _ = try $0.record(Self.purchase(customer: long)) }),
            ("over-long order id", { _ = try $0.record(Self.purchase(String(repeating: Self.order, count: 40))) }),
            ("control character in the customer id", { _ = try $0.record(Self.purchase(customer: Self.id + "\u{1}")) }),
            ("order conflict", { _ = try $0.record(Self.purchase(amount: 111)) }),
            ("refund of an unknown order", {
                _ = try $0.record(Self.purchase(Self.order + "-r", amount: -654_321, refundOf: Self.order + "-x"))
            }),
            ("refund with a positive amount", { _ = try $0.record(Self.purchase(Self.order + "-r", refundOf: Self.order)) }),
            ("a date in the future", { _ = try $0.record(Self.purchase(Self.order + "-f", at: Int64.max / 2)) }),
            ("a date before 1900", { _ = try $0.record(Self.purchase(Self.order + "-p", at: -3_000_000_000_000_000)) }),
            ("an overflowing amount", {
                _ = try $0.record(Self.purchase(Self.order + "-o1", amount: Int64.max - 5))
                _ = try $0.record(Self.purchase(Self.order + "-o2", amount: Int64.max - 5))
            }),
            ("an over-long email", {
                try $0.upsertCustomer(CustomerUpdate(externalID: Self.id, email: String(repeating: "k4z", count: 200) + Self.email))
            }),
            ("an over-long tag", { try $0.tag(Self.id, String(repeating: Self.name, count: 40)) }),
            ("an empty customer id", { try $0.upsertCustomer(CustomerUpdate(externalID: "", email: Self.email, name: Self.name)) }),
            ("tagging an unknown customer", { try $0.tag(Self.id + "-unknown", "x") }),
        ]
        for (what, body) in cases {
            Self.expectThrowsClean(what) { try store.write(body) }
        }
        var rejecting = StoreOptions()
        rejecting.unknownCustomers = .reject
        let other = try Store.open(at: dir.path + "/rejecting", options: rejecting)
        Self.expectThrowsClean("an unknown customer") { try other.write { _ = try $0.record(Self.purchase()) } }
        Self.expectThrowsClean("a missing customer's purchases") {
            _ = try store.purchases(of: Self.id + "-missing", limit: 10)
        }
    }

    @Test("ClienteleError.corrupted from a damaged record")
    func corruptedRecord() throws {
        let dir = Directory()
        let path = dir.path + "/store"
        do {
            let store = try Store.open(at: path)
            _ = try store.write { w in
                try w.upsertCustomer(CustomerUpdate(externalID: Self.id, email: Self.email, phone: Self.phone,
                                                    name: Self.name))
            }
        }
        var data = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
        var start = data.startIndex
        while let range = data.range(of: Data(Self.name.utf8), in: start..<data.endIndex) {
            data[range.lowerBound + 1] ^= 0x20
            start = range.upperBound
        }
        try data.write(to: URL(fileURLWithPath: path + "/data.mdb"))
        let store = try Store.open(at: path)
        Self.expectThrowsClean("reading a damaged customer") { _ = try store.read { try $0.profile(externalID: Self.id) } }
        Self.expectThrowsClean("writing to a damaged customer") {
            _ = try store.write { try $0.upsertCustomer(CustomerUpdate(externalID: Self.id, city: "x")) }
        }
        for difference in try store.verify().differences {
            let text = "\(difference.table) \(difference.key) \(difference.expected) \(difference.found)".lowercased()
            #expect(!Self.fragments.contains { text.contains($0) }, "\(text)")
        }
    }

    @Test("LMDBError from keys and stored bytes")
    func lmdbErrors() throws {
        let dir = Directory()
        let env = try Environment.open(path: dir.path + "/env")
        let strings = try env.openTable("emails", key: StringKey.self, value: StringValue.self)
        let numbers = try env.openTable("emails", key: StringKey.self, value: UInt64Value.self)
        Self.expectThrowsClean("a key over 511 bytes") {
            try env.write { try strings.put(Self.name, for: String(repeating: Self.email, count: 30), in: $0) }
        }
        Self.expectThrowsClean("an empty key") { try env.write { try strings.put(Self.email, for: "", in: $0) } }
        try env.write { try strings.put(Self.email + Self.name, for: Self.id, in: $0) }
        Self.expectThrowsClean("undecodable stored bytes") { _ = try env.read { try numbers.get(Self.id, in: $0) } }
    }

    @Test("ImportError and CSVError from the import library")
    func importErrors() throws {
        let dir = Directory()
        let store = try Store.open(at: dir.path + "/store")
        let header = "customer_id,order_id,occurred_at,amount,category,refund_of\n"
        let rows = [
            "\(Self.id),\(Self.order),2024-02-30,6543.21,books,\n",
            "\(Self.id),\(Self.order),2024-02-03,6543.21\(Self.name),books,\n",
            "\(Self.id),\(Self.order),2024-02-03,6543.21,books,\(Self.order)-x\n",
            "\(Self.id),\"\(Self.order),2024-02-03,6543.21,books,\n",
            "\(Self.id),\(Self.order),2024-02-03,6543.21,\(Self.email)\u{0},\n",
            "\(Self.id),\(Self.order),2024-02-03,6543.21,books,,\(Self.name)\n",
            String(repeating: Self.id, count: 30) + ",\(Self.order),2024-02-03,6543.21,books,\n",
        ]
        for (index, row) in rows.enumerated() {
            Self.expectThrowsClean("purchase row \(index)") {
                try PurchaseImporter(store: store).importSource(MemorySource(header + row), name: "input.csv")
            }
        }
        // A stored order with other content.
        try PurchaseImporter(store: store).importSource(
            MemorySource(header + "\(Self.id),\(Self.order),2024-02-03,6543.21,books,\n"), name: "input.csv")
        Self.expectThrowsClean("an order conflict") {
            try PurchaseImporter(store: store).importSource(
                MemorySource(header + "\(Self.id),\(Self.order),2024-02-03,1.00,books,\n"), name: "input.csv")
        }
        let customerRows = [
            "customer_id,email,name,phone,do_not_contact\n\(Self.id),\(Self.email),\(Self.name),\(Self.phone),\(Self.name)\n",
            "customer_id,email,name,phone\n\(Self.id),\(Self.name),\(Self.name),\(Self.phone)\n",
            "customer_id,email,name,phone,birth_date\n\(Self.id),\(Self.email),\(Self.name),\(Self.phone),\(Self.phone)\n",
        ]
        for (index, text) in customerRows.enumerated() {
            Self.expectThrowsClean("customer row \(index)") {
                try CustomerImporter(store: store).importSource(MemorySource(text), name: "customers.csv")
            }
        }
        // The CSV reader's own errors.
        var reader = try CSVReader(source: MemorySource("\(Self.id),\"\(Self.email)"), options: CSVOptions())
        do {
            while try reader.next() {}
            Issue.record("an unterminated quote: no error")
        } catch {
            Self.expectNoCanary(error, "an unterminated quote")
        }
    }
}
