/// The change feed as an `AsyncSequence`, read for one named consumer (`Store.events(consumer:follow:)`).
///
/// It starts after the consumer's acknowledged offset and yields events in offset order, reading them in batches on
/// the store's reader threads. Nothing is acknowledged by reading: call `Store.acknowledge(consumer:through:)` once
/// an event is handled, so a restart (or a crash) redelivers what was not acknowledged — at least once, in order,
/// without gaps (unless a horizon let unacknowledged events be pruned: offsets then jump). Following, it waits for
/// the next commit that writes events (a signal from the writer in this process; every 10 ms it also checks
/// ``Store/lastCommittedTransaction`` and reads again when another process committed). The sequence ends when the task is cancelled or the store closes (then it
/// throws `ClienteleError.storeClosed`), or, not following, once it has caught up.
///
/// ```swift
/// for try await event in store.events(consumer: "mailer") {
///     if event.kind == .status, event.to == "at risk", !event.doNotContact { try await sendWinBack(event) }
///     try await store.acknowledge(consumer: "mailer", through: event.offset)
/// }
/// ```
public struct ChangeEventStream: AsyncSequence, Sendable {
    public typealias Element = ChangeEvent
    let store: Store
    let consumer: String
    let follow: Bool
    let batch: Int

    /// An iterator starting after the consumer's acknowledged offset (read when it is first advanced).
    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, consumer: consumer, follow: follow, batch: batch)
    }

    /// Reads the feed in batches; see `ChangeEventStream`.
    public struct Iterator: AsyncIteratorProtocol {
        let store: Store
        let consumer: String
        let follow: Bool
        let batch: Int
        var position: UInt64?
        var buffer: [ChangeEvent] = []
        var index = 0

        /// How often a caught-up follower checks the store's last committed transaction for other processes'
        /// commits (`Store.lastCommittedTransaction`; no read unless it changed).
        static let pollSeconds = 0.01

        init(store: Store, consumer: String, follow: Bool, batch: Int) {
            self.store = store
            self.consumer = consumer
            self.follow = follow
            self.batch = batch
        }

        /// The next event, waiting for one when following; nil when cancelled or (not following) caught up.
        /// - Throws: `ClienteleError.storeClosed`; `.invalidInput` for a bad consumer name; `.corrupted`; `.storage`.
        public mutating func next() async throws -> ChangeEvent? {
            if index < buffer.count {
                defer { index += 1 }
                return buffer[index]
            }
            let name = consumer
            if position == nil {
                let registered = try await store.write { w in try w.registerConsumer(name) }
                position = registered.acknowledged
            }
            while !Task.isCancelled {
                let generation = store.feedNotifier.generation
                let after = position ?? 0
                let limit = batch
                let (events, snapshot) = try await store.read { r in
                    (try r.events(after: after, limit: limit), r.snapshotTransaction)
                }
                if let last = events.last {
                    buffer = events
                    index = 1
                    position = last.offset
                    return events[0]
                }
                guard follow else { return nil }
                // This process's writer signals at once; a commit by another process shows as a new transaction id.
                while !Task.isCancelled {
                    await store.feedNotifier.wait(after: generation, timeout: Self.pollSeconds)
                    if store.feedNotifier.generation != generation { break }
                    if try store.lastCommittedTransaction > snapshot { break }
                }
                try store.checkOpen()
            }
            return nil
        }
    }
}

extension Store {
    /// The change feed for consumer `consumer` (created on first use), from after its acknowledged offset; see
    /// `ChangeEventStream`. `follow: false` ends the sequence once it has caught up.
    public func events(consumer: String, follow: Bool = true, batch: Int = 256) -> ChangeEventStream {
        ChangeEventStream(store: self, consumer: consumer, follow: follow, batch: max(batch, 1))
    }

    /// `StoreWriter.acknowledge(consumer:through:)` in a transaction of its own (on the writer thread).
    /// - Throws: as `StoreWriter.acknowledge(consumer:through:)`; `.storeClosed`.
    public func acknowledge(consumer: String, through offset: UInt64) async throws {
        try await write { w in try w.acknowledge(consumer: consumer, through: offset) }
    }

    /// `StoreWriter.acknowledge(consumer:through:)` in a transaction of its own.
    /// - Throws: as `StoreWriter.acknowledge(consumer:through:)`; `.storeClosed`.
    public func acknowledge(consumer: String, through offset: UInt64) throws {
        try write { w in try w.acknowledge(consumer: consumer, through: offset) }
    }
}
