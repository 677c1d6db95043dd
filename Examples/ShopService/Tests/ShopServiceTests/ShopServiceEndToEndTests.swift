import Clientele
import Foundation
import Hummingbird
import HummingbirdTesting
import ShopServiceCore
import Testing

/// The service started on 127.0.0.1 on a free port and driven over real HTTP (HummingbirdTesting's `.live`), its
/// answers checked against the library's own queries on the same store.
@Suite("ShopService end to end")
struct ShopServiceEndToEndTests {
    /// A store with 40 customers with purchases over 2025–2026 (so the purchase model fits); c1 is do-not-contact.
    static func seededStore() throws -> (Store, String) {
        let path = NSTemporaryDirectory() + "shop-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let store = try Store.open(at: path)
        let start = Instant(day: Day(year: 2025, month: 1, day: 1)!).microseconds
        try store.write { w in
            for customer in 0..<40 {
                for order in 0..<(1 + customer % 5) {
                    let micros = start + Int64((customer * 7 + order * (20 + customer)) % 600) * 86_400_000_000
                    _ = try w.record(Purchase(customer: "c\(customer)", orderID: "o\(customer)-\(order)",
                                              occurredAt: Instant(microseconds: micros),
                                              amount: Money(minorUnits: Int64(1_000 + customer * 37 + order * 11))))
                }
            }
            _ = try w.upsertCustomer(CustomerUpdate(externalID: "c1", email: "c1@example.com", doNotContact: true))
            _ = try w.upsertCustomer(CustomerUpdate(externalID: "c2", email: "c2@example.com", name: "Two"))
        }
        return (store, path)
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        let any = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
        return try #require(any as? [String: Any])
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func purchasesCustomersAndContactListsOverHTTP() async throws {
        let (store, path) = try Self.seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = ServiceConfiguration(storePath: path, host: "127.0.0.1", port: 0, modelRefreshSeconds: 0,
                                                 advanceSeconds: 0)
        let app = await ShopService.application(store: store, configuration: configuration)
        try await app.test(.live) { client in
            // POST: a new customer and purchase, atomically; the same order again is a duplicate.
            let purchase = #"{"customerID":"n1","orderID":"web-1","amount":"24.50","occurredAt":"2026-06-01T10:00:00Z","category":"books","email":"n1@example.com"}"#
            try await client.execute(uri: "/purchases", method: .post, body: Self.body(purchase)) { response in
                #expect(response.status == .created)
                let answer = try Self.object(response.body)
                #expect(answer["outcome"] as? String == "recorded" && answer["createdCustomer"] as? Bool == true)
            }
            try await client.execute(uri: "/purchases", method: .post, body: Self.body(purchase)) { response in
                #expect(response.status == .ok)
                let answer = try Self.object(response.body)
                #expect(answer["outcome"] as? String == "duplicate")
            }
            let stats = try #require(try await store.customerStats(externalID: "n1"))
            #expect(stats.orders == 1 && stats.grossRevenue == Money(minorUnits: 2_450))
            #expect(try await store.read { try $0.profile(externalID: "n1") }?.customer.email == "n1@example.com")

            // Bad input: 400 with the typed error's code; nothing stored.
            let tooPrecise = #"{"customerID":"n2","orderID":"web-2","amount":"1.005"}"#
            try await client.execute(uri: "/purchases", method: .post, body: Self.body(tooPrecise)) { response in
                #expect(response.status == .badRequest)
                let answer = try Self.object(response.body)
                #expect((answer["error"] as? String)?.isEmpty == false)
            }
            try await client.execute(uri: "/purchases", method: .post, body: Self.body(#"{"orderID":"x"}"#)) { response in
                #expect(response.status == .badRequest)
                let answer = try Self.object(response.body)
                #expect(answer["error"] as? String == "request.missingField")
            }
            let conflict = #"{"customerID":"n1","orderID":"web-1","amount":"99.00"}"#
            try await client.execute(uri: "/purchases", method: .post, body: Self.body(conflict)) { response in
                #expect(response.status == .conflict)
                let answer = try Self.object(response.body)
                #expect(answer["error"] as? String == "clientele.orderConflict")
            }
            #expect(try await store.read { try $0.profile(externalID: "n2") } == nil)

            // GET a customer: scores, segment and status as the library ranks them; P(alive) from the fitted model.
            let rfm = try #require(try await store.customerRFM(externalID: "c3"))
            let model = try #require(try await store.fitPurchaseModel())
            let row = try #require(try await store.read { try $0.customerSummary(externalID: "c3") })
            let alive = try BetaGeoModel(parameters: model.betaGeo).probabilityAlive(x: row.frequency, tx: row.recency, T: row.T)
            try await client.execute(uri: "/customers/c3", method: .get) { response in
                #expect(response.status == .ok)
                let answer = try Self.object(response.body)
                let served = try #require(answer["rfm"] as? [String: Any])
                #expect(served["segment"] as? String == rfm.segment)
                #expect(served["status"] as? String == rfm.status.rawValue)
                #expect(served["netMonetary"] as? String == store.format(rfm.netMonetary))
                let probability = try #require(answer["probabilityAlive"] as? Double)
                // The service fitted its model at startup, before this test's POST added a customer; the library's
                // fit here includes that customer, which moves P(alive) by about 1e-4.
                #expect(abs(probability - alive) < 1e-3, "served \(probability), library \(alive)")
                #expect((answer["customer"] as? [String: Any])?["externalID"] as? String == "c3")
            }
            try await client.execute(uri: "/customers/nobody", method: .get) { response in
                #expect(response.status == .notFound)
                let answer = try Self.object(response.body)
                #expect(answer["error"] as? String == "clientele.customerNotFound")
            }

            // Contact lists: the library's contactable members, page by page; c1 (do-not-contact) never appears.
            let c1Segment = try #require(try await store.customerRFM(externalID: "c1")).segment
            for segment in Set([c1Segment, rfm.segment]) {
                let expected = try await store.read {
                    try $0.segmentMembers(segment, limit: 1000, includeDoNotContact: false).map(\.externalID)
                }
                var served: [String] = []
                var uri = "/segments/\(segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? segment)/contacts?limit=2"
                var pages = 0
                while pages < 100 {
                    pages += 1
                    let page = try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status == .ok)
                        return try Self.object(response.body)
                    }
                    let contacts = try #require(page["contacts"] as? [[String: Any]])
                    served += contacts.compactMap { $0["customerID"] as? String }
                    guard let next = page["next"] as? Int else { break }
                    uri = uri.components(separatedBy: "&after=")[0] + "&after=\(next)"
                }
                #expect(served == expected, "\(segment)")
                #expect(!served.contains("c1"))
            }
            try await client.execute(uri: "/segments/Nope/contacts", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        try store.close()
    }

    @Test func configurationFromArgumentsAndEnvironment() throws {
        let configuration = try ServiceConfiguration(
            arguments: ["--port", "9001", "--store", "/tmp/s"], environment: ["SHOP_PORT": "1", "SHOP_HOST": "127.0.0.2"])
        #expect(configuration.port == 9001 && configuration.storePath == "/tmp/s" && configuration.host == "127.0.0.2")
        #expect(throws: ConfigurationProblem.self) { _ = try ServiceConfiguration(arguments: ["--port", "x"], environment: [:]) }
        #expect(throws: ConfigurationProblem.self) { _ = try ServiceConfiguration(arguments: ["--bogus", "1"], environment: [:]) }
    }
}
