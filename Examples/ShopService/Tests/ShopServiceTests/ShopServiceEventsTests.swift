import Clientele
import Foundation
import Hummingbird
import HummingbirdTesting
import ShopServiceCore
import Synchronization
import Testing

/// The change-feed routes over real HTTP on 127.0.0.1: `GET /events` streams a consumer's unacknowledged events as
/// JSON lines, `POST /events/ack` moves its offset, and `follow=true` delivers an event committed after it opened.
@Suite("ShopService events stream")
struct ShopServiceEventsTests {
    /// The JSON lines of a `GET /events` answer, decoded with the store's decoder.
    static func events(_ buffer: ByteBuffer, _ store: Store) throws -> [ChangeEvent] {
        let text = String(buffer: buffer)
        #expect(text.isEmpty || text.hasSuffix("\n"), "every line ends with a newline")
        return try text.split(separator: "\n").map { line in
            try store.jsonDecoder().decode(ChangeEvent.self, from: Data(line.utf8))
        }
    }

    static func purchase(_ customer: String, _ order: String, _ amount: String = "31.00") -> ByteBuffer {
        ByteBuffer(string: #"{"customerID":"\#(customer)","orderID":"\#(order)","amount":"\#(amount)","occurredAt":"2026-12-01T09:00:00Z"}"#)
    }

    @Test func readAcknowledgeAndReadAgain() async throws {
        let (store, path) = try ShopServiceEndToEndTests.seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = ServiceConfiguration(storePath: path, port: 0, modelRefreshSeconds: 0, advanceSeconds: 0)
        let app = await ShopService.application(store: store, configuration: configuration)
        try await app.test(.live) { client in
            // A new consumer starts at offset 0: it is served exactly the store's events, in order.
            let expected = try await store.read { try $0.events(after: 0, limit: 100_000) }
            #expect(!expected.isEmpty, "the seeded purchases changed statuses")
            let first = try await client.execute(uri: "/events?consumer=mailer", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson")
                return try Self.events(response.body, store)
            }
            #expect(first == expected)
            // Reading acknowledged nothing: the same events again.
            let again = try await client.execute(uri: "/events?consumer=mailer", method: .get) { response in
                try Self.events(response.body, store)
            }
            #expect(again.map(\.offset) == expected.map(\.offset))
            // `limit` ends the answer early.
            try await client.execute(uri: "/events?consumer=mailer&limit=2", method: .get) { response in
                let served = try Self.events(response.body, store)
                #expect(served.map(\.offset) == expected.prefix(2).map(\.offset))
            }

            // Acknowledge through the last one, buy twice more, read: only the newer events.
            let last = try #require(first.last?.offset)
            try await client.execute(uri: "/events/ack?consumer=mailer&through=\(last)", method: .post) { response in
                #expect(response.status == .ok)
                let answer = try ShopServiceEndToEndTests.object(response.body)
                #expect(answer["acknowledged"] as? Int == Int(last) && answer["consumer"] as? String == "mailer")
            }
            #expect(try await store.read { try $0.consumer("mailer") }?.acknowledged == last)
            for (customer, order) in [("e1", "ev-1"), ("e2", "ev-2")] {
                try await client.execute(uri: "/purchases", method: .post, body: Self.purchase(customer, order)) { response in
                    #expect(response.status == .created)
                }
            }
            let newer = try await client.execute(uri: "/events?consumer=mailer", method: .get) { response in
                try Self.events(response.body, store)
            }
            #expect(newer == (try await store.read { try $0.events(after: last, limit: 100_000) }))
            #expect(newer.allSatisfy { $0.offset > last })
            #expect(Set(newer.filter { $0.kind == .status && $0.from == nil }.map(\.externalID)) == ["e1", "e2"])

            // An older offset changes nothing; acknowledging everything leaves nothing to read.
            try await client.execute(uri: "/events/ack?consumer=mailer&through=1", method: .post) { response in
                let answer = try ShopServiceEndToEndTests.object(response.body)
                #expect(answer["acknowledged"] as? Int == Int(last))
            }
            let newest = try #require(newer.last?.offset)
            try await client.execute(uri: "/events/ack?consumer=mailer&through=\(newest)", method: .post) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/events?consumer=mailer", method: .get) { response in
                #expect(response.status == .ok && response.body.readableBytes == 0)
            }

            // Bad requests: 400 with a code, the position unchanged.
            for uri in ["/events/ack?consumer=mailer&through=\(newest + 10)", "/events/ack?consumer=mailer&through=x",
                        "/events/ack?through=1", "/events?follow=maybe&consumer=mailer", "/events?consumer=mailer&limit=0",
                        "/events"] {
                let method: HTTPRequest.Method = uri.hasPrefix("/events/ack") ? .post : .get
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let answer = try ShopServiceEndToEndTests.object(response.body)
                    #expect((answer["error"] as? String)?.isEmpty == false)
                }
            }
            #expect(try await store.read { try $0.consumer("mailer") }?.acknowledged == newest)
        }
        try store.close()
    }

    @Test func followDeliversAnEventCommittedAfterItOpened() async throws {
        let (store, path) = try ShopServiceEndToEndTests.seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = ServiceConfiguration(storePath: path, port: 0, modelRefreshSeconds: 0, advanceSeconds: 0)
        let app = await ShopService.application(store: store, configuration: configuration)
        try await app.test(.live) { client in
            // The follower has handled everything so far.
            let caughtUp = try await store.read { try $0.lastEventOffset() }
            try await client.execute(uri: "/events/ack?consumer=follower&through=\(caughtUp)", method: .post) { response in
                #expect(response.status == .ok)
            }
            // The follow stream on a connection of its own (the test client serves one request at a time).
            let port = try #require(client.port)
            let streamClient = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10)))
            streamClient.connect()
            let finished = Mutex(false)
            let follow = Task {
                defer { finished.withLock { $0 = true } }
                return try await streamClient.execute(
                    TestClient.Request("/events?consumer=follower&follow=true&limit=1", method: .get, authority: "localhost"))
            }
            // With nothing to deliver, the stream stays open (without `follow` it would have ended at once).
            try await Task.sleep(for: .milliseconds(500))
            #expect(finished.withLock { $0 } == false, "the follow stream ended with nothing to deliver")

            try await client.execute(uri: "/purchases", method: .post, body: Self.purchase("late", "late-1")) { response in
                #expect(response.status == .created)
            }
            // Bounded: the stream client's read timeout (10 s) fails the request if no event arrives.
            let response = try await follow.value
            #expect(response.head.status == .ok)
            let events = try Self.events(response.body ?? ByteBuffer(), store)
            #expect(events.count == 1)
            #expect(events.first?.externalID == "late" && events.first?.offset == caughtUp + 1)
            #expect(events.first?.kind == .status && events.first?.from == nil)
            try await streamClient.shutdown()
        }
        try store.close()
    }

    /// A follow stream with nothing to deliver does not hold up a graceful shutdown: the answer ends (empty) and
    /// the application returns. (Were shutdown to wait for the stream, the time limit would fail the test.)
    @Test(.timeLimit(.minutes(1))) func followStreamsEndWhenTheServiceShutsDown() async throws {
        let (store, path) = try ShopServiceEndToEndTests.seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = ServiceConfiguration(storePath: path, port: 0, modelRefreshSeconds: 0, advanceSeconds: 0)
        let app = await ShopService.application(store: store, configuration: configuration)
        let (stream, streamClient) = try await app.test(.live) { client in
            let caughtUp = try await store.read { try $0.lastEventOffset() }
            try await client.execute(uri: "/events/ack?consumer=idle&through=\(caughtUp)", method: .post) { response in
                #expect(response.status == .ok)
            }
            let streamClient = TestClient(host: "127.0.0.1", port: try #require(client.port),
                                          configuration: .init(timeout: .seconds(30)))
            streamClient.connect()
            let stream = Task {
                try await streamClient.execute(
                    TestClient.Request("/events?consumer=idle&follow=true", method: .get, authority: "localhost"))
            }
            try await Task.sleep(for: .milliseconds(300))
            return (stream, streamClient)  // leaving the closure shuts the service down gracefully
        }
        let response = try await stream.value
        #expect(response.head.status == .ok)
        #expect((response.body?.readableBytes ?? 0) == 0)
        try await streamClient.shutdown()
        try store.close()
    }
}
