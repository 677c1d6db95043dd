import Clientele
import Foundation
import Hummingbird
import ServiceLifecycle

/// The change-feed routes: `GET /events` streams a consumer's unacknowledged events as JSON lines,
/// `POST /events/ack` moves its acknowledged offset (`Store.acknowledge(consumer:through:)`).
struct EventRoutes: Sendable {
    let store: Store
    let encoder: JSONEncoder
    /// How often an idle follow stream writes an empty line (see `FollowStream`).
    let heartbeat: Duration
    /// The open follow streams, for `GET /health`.
    let followStreams: FollowStreamCount

    func add(to router: Router<BasicRequestContext>, answer: Routes) {
        router.get("/events") { request, _ in
            do {
                return try await self.stream(request.uri.queryParameters)
            } catch {
                return await answer.answer { throw error }
            }
        }
        router.post("/events/ack") { request, _ in
            await answer.answer { try await self.acknowledge(request.uri.queryParameters) }
        }
    }

    /// `GET /events?consumer=NAME&follow=true&limit=N`: every event after the consumer's acknowledged offset, one JSON
    /// object per line (`application/x-ndjson`), written as it is read. Without `follow` the response ends once it
    /// has caught up; with `follow=true` it stays open and writes each event as its transaction commits
    /// (`Store.events(consumer:follow:)`) until the client goes away, `limit` events were written, or the service
    /// shuts down gracefully (the stream then ends, so shutdown does not wait for it). While following it also
    /// writes an empty line every `heartbeat` (`--follow-heartbeat`, default 1 s; clients skip empty lines): that
    /// write fails once the client has closed the connection, so a gone client is noticed within about two
    /// heartbeats even when no event comes, and the stream's reader stops (`GET /health` counts the open follow
    /// streams). Reading acknowledges nothing.
    func stream(_ query: Parameters) async throws -> Response {
        let consumer = try Self.consumer(query)
        let follow = try Self.flag(query, "follow")
        var limit = Int.max
        if let text = query["limit"] {
            guard let value = Int(text), value > 0 else {
                throw APIError(.badRequest, "request.invalidField", "limit must be a positive number")
            }
            limit = value
        }
        // Registers the consumer now (at offset 0 when new), so a bad name is a 400 before the stream starts.
        _ = try await store.write { w in try w.registerConsumer(consumer) }
        let (store, encoder, maximum) = (store, encoder, limit)
        if follow {
            let stream = FollowStream(store: store, encoder: encoder, consumer: consumer, limit: maximum,
                                      heartbeat: heartbeat)
            let count = followStreams
            let body = ResponseBody { writer in
                count.opened()
                defer { count.closed() }
                try await stream.run(&writer)
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
        }
        let body = ResponseBody { writer in
            var written = 0
            for try await event in store.events(consumer: consumer, follow: false).cancelOnGracefulShutdown() {
                var line = try encoder.encode(event)
                line.append(UInt8(ascii: "\n"))
                try await writer.write(ByteBuffer(bytes: line))
                written += 1
                if written >= maximum { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }

    /// `POST /events/ack?consumer=NAME&through=OFFSET`: the consumer has handled every event up to `OFFSET`
    /// (an offset at or below its current one changes nothing); events no consumer needs any more are pruned.
    /// 400 for an offset past the last event or a bad name.
    func acknowledge(_ query: Parameters) async throws -> (HTTPResponse.Status, any Encodable) {
        let consumer = try Self.consumer(query)
        guard let text = query["through"], let through = UInt64(text) else {
            throw APIError(.badRequest, "request.invalidField", "through must be an event offset")
        }
        let position = try await store.write { w -> FeedConsumer in
            try w.acknowledge(consumer: consumer, through: through)
            return try w.registerConsumer(consumer)
        }
        return (.ok, AcknowledgeAnswer(consumer: position.name, acknowledged: position.acknowledged))
    }

    static func consumer(_ query: Parameters) throws -> String {
        guard let name = query["consumer"].map(String.init), !name.isEmpty else {
            throw APIError(.badRequest, "request.missingField", "consumer is required")
        }
        return name
    }

    static func flag(_ query: Parameters, _ name: String) throws -> Bool {
        let value: Substring? = query[Substring(name)]
        switch value.map(String.init) {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        default: throw APIError(.badRequest, "request.invalidField", "\(name) must be true or false")
        }
    }
}

/// The answer to `POST /events/ack`: the consumer's acknowledged offset afterwards.
struct AcknowledgeAnswer: Encodable {
    var consumer: String
    var acknowledged: UInt64
}
