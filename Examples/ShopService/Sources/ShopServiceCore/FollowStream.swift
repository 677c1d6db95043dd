import Clientele
import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization

/// How many `GET /events?follow=true` answers are open; `GET /health` reports it as `followStreams`.
final class FollowStreamCount: Sendable {
    private let value = Mutex(0)

    var current: Int { value.withLock { $0 } }
    func opened() { value.withLock { $0 += 1 } }
    func closed() { value.withLock { $0 -= 1 } }
}

/// Writes a consumer's events to a follow stream as they commit, and an empty line (a heartbeat) every `heartbeat`,
/// so a client that went away is noticed while the stream is idle, not only at the next event: the
/// connection's write fails within about two heartbeats of the client closing it (the first write after the close
/// draws the peer's reset, the next one fails), and the stream ends, stopping its reader.
struct FollowStream: Sendable {
    let store: Store
    let encoder: JSONEncoder
    let consumer: String
    let limit: Int
    let heartbeat: Duration

    /// What the writer loop is handed: an event (the reader then waits for the writer to take it, so at most one
    /// event is in flight), a heartbeat tick, the feed's end (graceful shutdown) or the reader's error.
    private enum Item: Sendable {
        case event(ChangeEvent)
        case heartbeat
        case end
        case failed(any Error)
    }

    /// Whether a heartbeat tick is waiting for the writer (so ticks do not pile up behind a slow client).
    private final class TickPending: Sendable {
        let value = Mutex(false)
    }

    /// Streams until `limit` events were written, the feed ends (graceful shutdown), or a write fails (the client
    /// is gone); the reader and the heartbeat ticker are cancelled either way.
    /// - Throws: the writer's error (the client went away); the feed's (`ClienteleError`).
    func run(_ writer: inout any ResponseBodyWriter) async throws {
        let (items, sink) = AsyncStream.makeStream(of: Item.self)
        let (grants, grant) = AsyncStream.makeStream(of: Void.self)
        let pending = TickPending()
        let (store, consumer, heartbeat) = (store, consumer, heartbeat)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var taken = grants.makeAsyncIterator()
                do {
                    for try await event in store.events(consumer: consumer, follow: true).cancelOnGracefulShutdown() {
                        sink.yield(.event(event))
                        guard await taken.next() != nil else { return }
                    }
                    sink.yield(.end)
                } catch {
                    sink.yield(.failed(error))
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: heartbeat)
                    let first = pending.value.withLock { waiting in
                        defer { waiting = true }
                        return !waiting
                    }
                    if first { sink.yield(.heartbeat) }
                }
            }
            var written = 0
            loop: for await item in items {
                switch item {
                case .event(let event):
                    var line = try encoder.encode(event)
                    line.append(UInt8(ascii: "\n"))
                    try await writer.write(ByteBuffer(bytes: line))
                    written += 1
                    if written >= limit { break loop }
                    grant.yield(())
                case .heartbeat:
                    pending.value.withLock { $0 = false }
                    try await writer.write(ByteBuffer(string: "\n"))
                case .end:
                    break loop
                case .failed(let error):
                    throw error
                }
            }
            group.cancelAll()
        }
    }
}
