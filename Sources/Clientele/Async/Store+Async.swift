import LMDBKit

extension Store {
    /// Runs `body` on a consistent snapshot, on one of the store's reader threads (`StoreOptions.readerThreads`), so
    /// the calling task's thread is never blocked: the task suspends until the read is done.
    ///
    /// Several queries in one closure read the same state:
    ///
    /// ```swift
    /// let (segments, top) = try await store.read { r in
    ///     (try r.segmentSummary(), try r.top(by: .monetary, limit: 10))
    /// }
    /// ```
    ///
    /// Cancellation: a read still queued when its task is cancelled never runs and throws `CancellationError`; a
    /// read that has started runs to its end and returns its result.
    /// - Throws: `CancellationError`; as `read(_:)`.
    public func read<R: Sendable>(_ body: @escaping @Sendable (StoreReader) throws -> R) async throws -> R {
        try await StoreJob.run(on: readerThreads) { try self.read(body) }
    }

    /// Runs `body` in one atomic write transaction on the store's writer thread, so the calling task's thread is
    /// never blocked by the write lock or the commit's disk sync.
    ///
    /// ```swift
    /// try await store.write { w in
    ///     try w.upsertCustomer(CustomerUpdate(externalID: "c-1", email: "ann@example.com"))
    ///     try w.tag("c-1", "newsletter")
    /// }
    /// ```
    ///
    /// Cancellation: a write still queued when its task is cancelled never runs and throws `CancellationError`; a
    /// write that has started (its transaction begun, so possibly its commit under way) runs to its end: it commits
    /// (or fails) as if the task had not been cancelled, and the call returns its result. As with `write(_:)`, the
    /// closure may run more than once after the map grew: keep it free of outside effects.
    /// - Throws: `CancellationError`; as `write(_:)`.
    public func write<R: Sendable>(_ body: @escaping @Sendable (StoreWriter) throws -> R) async throws -> R {
        try await StoreJob.run(on: writerThread) { try self.write(body) }
    }
}
