#if canImport(Glibc)
import Glibc
#endif
import LMDBKit

extension Store {
    /// Closes the store for this process's callers: every later call (`read`, `write`, `record`, the queries, their
    /// async twins, `backup`, `sync`) throws `ClienteleError.storeClosed`.
    ///
    /// Calls already running finish; async reads and writes still queued, and purchases queued for group commit but
    /// not yet in a transaction, throw `.storeClosed`. The store's threads end, and committed data is
    /// flushed to disk (which matters in `.relaxed` and `.bulk` durability). The LMDB environment itself (its map
    /// and file handles) is released when the last reference to the `Store` goes away; opening the same directory
    /// again with `Store.open` gives a new, open `Store`. Calling `close()` again does nothing.
    /// - Throws: `ClienteleError.storage` when the final flush fails (the store is closed anyway).
    public func close() throws {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        stopGroupCommit()
        readerThreads.stop()
        writerThread.stop()
        feedNotifier.close()
        try storage { try environment.sync() }
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// Flushes committed data to disk. Needed after writes in `.bulk` durability; harmless otherwise.
    /// - Throws: `ClienteleError.storeClosed`; `.storage` when the flush fails.
    public func sync() throws {
        try checkOpen()
        try storage { try environment.sync() }
    }

    /// Writes a consistent copy of the store into the directory `path` (created, mode 0700; it must not exist or
    /// be empty), as `data.mdb`, readable with `Store.open(at:)`. The copy is one snapshot (LMDB's `mdb_env_copy2`
    /// holds a read transaction for its duration; writers are not blocked) and is synced before this returns.
    /// With `compact` (the default) free pages are left out, so the copy is as small as the data and holds no
    /// bytes of deleted records.
    ///
    /// ```swift
    /// try store.backup(to: "/var/backups/clientele-2026-12-06")
    /// ```
    /// - Throws: `ClienteleError.invalidInput(field: "backup directory", …)` when it exists and is not empty;
    ///   `.storeClosed`; `.storage` for a file-system or LMDB failure.
    public func backup(to path: String, compact: Bool = true) throws {
        try checkOpen()
        if mkdir(path, 0o700) != 0 {
            guard errno == EEXIST, let dir = opendir(path) else {
                throw ClienteleError.storage(.fileSystem(operation: "mkdir", path: path, errno: errno))
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." {
                    throw ClienteleError.invalidInput(field: "backup directory", reason: "exists and is not empty")
                }
            }
        }
        try storage { try environment.copy(to: path + "/data.mdb", compact: compact) }
    }

    /// The storage engine's figures: page size, pages in use (`(lastPage + 1) * pageSize` bytes of the file hold
    /// data), map size, readers in use, the last committed transaction.
    public var storageInfo: EnvironmentInfo { environment.info }

    /// A number that grows with every committed write transaction, this process's or another's (LMDB's last
    /// transaction id). Reading it opens no transaction, so polling it every few milliseconds is cheap: a reader
    /// learns that another process committed without reading anything (`events(consumer:follow:)` and the CLI's
    /// `events --follow` poll it while waiting). Compare it with the ``StoreReader/snapshotTransaction`` of the
    /// last read: larger means a commit that read did not show. (Compare with the snapshot's id, not with a value
    /// read before the read: a commit shows here a moment before new snapshots show it.)
    ///
    /// ```swift
    /// let (batch, snapshot) = try store.read { r in (try r.events(after: position, limit: 1000), r.snapshotTransaction) }
    /// if batch.isEmpty { while try store.lastCommittedTransaction <= snapshot { usleep(5_000) } }
    /// ```
    /// - Throws: `ClienteleError.storeClosed`.
    public var lastCommittedTransaction: UInt64 {
        get throws {
            try checkOpen()
            return UInt64(clamping: environment.lastTransactionID)
        }
    }

    /// Writes one consistent copy of the data file to `file` (which must not exist), compacted when `compact`. For
    /// the CLI's `compact`, which swaps the copy in itself; services use ``backup(to:compact:)``.
    /// - Throws: `.storeClosed`; `.storage` for a file-system or LMDB failure.
    package func copyDataFile(to file: String, compact: Bool) throws {
        try checkOpen()
        try storage { try environment.copy(to: file, compact: compact) }
    }

    /// Throws `ClienteleError.storeClosed` after `close()`.
    func checkOpen() throws(ClienteleError) {
        if closed.load(ordering: .acquiring) { throw .storeClosed }
    }
}
