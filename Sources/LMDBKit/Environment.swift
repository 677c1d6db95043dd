#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB
import Synchronization

/// An open LMDB environment: one directory holding `data.mdb` and `lock.mdb`, shared by every thread of the process.
///
/// Open it once and keep it; opening the same directory again in this process (also through a symlink) returns the
/// same instance. All access goes through scoped closures:
///
/// ```swift
/// let env = try Environment.open(path: dir)
/// let counters = try env.openTable("counters", key: StringKey.self, value: UInt64Value.self)
/// try env.write { txn in try counters.put(1, for: "visits", in: txn) }
/// let visits = try env.read { txn in try counters.get("visits", in: txn) }
/// ```
///
/// Rules: one write transaction at a time (writes are serialized); any number of concurrent reads, each a snapshot;
/// transactions never escape their closure and never cross an `await`; a write closure may run more than once
/// (after the map grew), so it must have no effects outside the transaction.
public final class Environment: @unchecked Sendable {
    // @unchecked: `handle` is an LMDB environment, which is thread-safe under MDB_NOTLS for the operations used
    // here; every mutable state below is behind `writer`, `gate` or an atomic.
    let handle: OpaquePointer
    /// The directory, as given to `open`.
    public let path: String
    /// The options it was opened with.
    public let options: EnvironmentOptions
    /// How many stale reader slots (left by killed processes) `MDB.readerCheck` cleared when it was opened.
    public let staleReadersClearedAtOpen: Int

    let identity: FileIdentity
    /// The fork generation of the process that opened it (see `ForkGeneration`).
    let forkGeneration: Int
    private let gate = ResizeGate()
    private let writer = WriterLock()
    private let writerThread = Atomic<UInt>(0)
    #if CLIENTELE_FAULT_POINTS
    /// Injected failures for tests (debug builds only).
    public let faults = FaultPoints()
    #else
    let faults = FaultPoints()
    #endif

    init(handle: OpaquePointer, path: String, options: EnvironmentOptions, identity: FileIdentity, cleared: Int) {
        self.handle = handle
        self.path = path
        self.options = options
        self.identity = identity
        self.staleReadersClearedAtOpen = cleared
        self.forkGeneration = ForkGeneration.current
    }

    deinit {
        EnvironmentRegistry.closing(self)
    }

    // MARK: - Transactions

    /// Runs `body` in a read-only snapshot and returns what it returns.
    ///
    /// Copy what you need into owned values before returning: the transaction ends with the closure.
    /// - Throws: `LMDBError.usedAfterFork` in a forked child; `LMDBError.mdb` when LMDB cannot begin the
    ///   transaction (for example `.readersFull` after clearing stale readers did not help); whatever `body` throws.
    public func read<R>(_ body: (ReadTxn) throws -> R) throws -> R {
        try checkProcess()
        let me = ObjectIdentifier(self)
        // `holdsGate`: this thread already holds this environment's gate (an outer transaction of this environment).
        // `nested`: this thread holds a transaction of any environment, so it must never resize a map.
        let holdsGate = ThreadTransactions.depth(in: me) > 0
        let nested = ThreadTransactions.depth > 0
        let txn = try begin(readOnly: true, holdsGate: holdsGate, nested: nested)
        ThreadTransactions.enter(me)
        let read = ReadTxn(txn, environment: self)
        defer {
            read.end()
            MDB.txnAbort(txn)
            ThreadTransactions.leave(me)
            if !holdsGate { gate.leaveShared() }
        }
        return try body(read)
    }

    /// Begins a transaction, first taking this thread's share of the resize gate unless it holds the gate already
    /// (`holdsGate`); the caller leaves the gate after the transaction. When another process grew the map, the new
    /// size is adopted and the begin tried again (not when `nested`: this thread holds a transaction, so it must not
    /// resize); for a read, a full reader table is cleared of dead processes' slots once and the begin tried again.
    /// - Throws: The begin's `LMDBError` when retrying does not apply or did not help; the errors of adopting the
    ///   size or clearing the table.
    private func begin(readOnly: Bool, holdsGate: Bool, nested: Bool) throws -> OpaquePointer {
        var clearedReaders = false
        while true {
            if !holdsGate { enterGate(nested: nested) }
            do {
                return try MDB.txnBegin(handle, readOnly: readOnly, faults: faults)
            } catch {
                if !holdsGate { gate.leaveShared() }
                if error.code == .mapResized && !nested {
                    try adoptForeignResize()
                    continue
                }
                if readOnly && error.code == .readersFull && !clearedReaders {
                    clearedReaders = true
                    _ = try clearStaleReaders()
                    continue
                }
                throw error
            }
        }
    }

    /// Runs `body` in a write transaction: it commits when `body` returns and aborts, leaving no trace, when it
    /// throws.
    ///
    /// Writes are serialized. When the map is full the transaction is aborted, the map grows (doubling, up to
    /// `maxMapSize`) once no transaction of this process is open, and `body` runs again: keep it free of effects
    /// outside the transaction. A write transaction can read its own writes.
    ///
    /// Calling `write` from inside a `write` closure on the same thread is a programming error and traps.
    /// - Throws: `LMDBError.mapCeilingReached` when the data cannot fit below the ceiling;
    ///   `LMDBError.mapFullInNestedTransaction` when the map must grow while this thread holds another transaction
    ///   (this write's own map, or, for a write inside a read of the same environment, another thread's write that
    ///   waits for that read to end); `LMDBError.usedAfterFork`; `LMDBError.mdb` for a failed commit (`.io`,
    ///   `.noSpace`, …), after which nothing of the transaction is stored; whatever `body` throws.
    public func write<R>(_ body: (WriteTxn) throws -> R) throws -> R {
        try checkProcess()
        let me = currentThreadID()
        precondition(
            writerThread.load(ordering: .relaxed) != me,
            "LMDBKit: write() called inside a write closure on the same environment")
        let locked: (() throws -> R) throws -> R
        if ThreadTransactions.depth(in: ObjectIdentifier(self)) > 0 {
            // This thread holds a read of this environment, hence the resize gate. The writer that holds the writer
            // lock may be waiting in `grow()` for that read to end, so blocking on the lock could deadlock: wait
            // without blocking, and give up when a resize is waiting.
            locked = { [writer, gate] body in
                try writer.lockedPolling(giveUpWhen: { gate.resizeWaiting }, body)
            }
        } else {
            locked = { [writer] body in try writer.locked(body) }
        }
        return try locked {
            writerThread.store(me, ordering: .relaxed)
            defer { writerThread.store(0, ordering: .relaxed) }
            return try writeLocked(body)
        }
    }

    private func writeLocked<R>(_ body: (WriteTxn) throws -> R) throws -> R {
        let me = ObjectIdentifier(self)
        let holdsGate = ThreadTransactions.depth(in: me) > 0
        let nested = ThreadTransactions.depth > 0
        while true {
            let txn = try begin(readOnly: false, holdsGate: holdsGate, nested: nested)
            ThreadTransactions.enter(me)
            let write = WriteTxn(txn, environment: self)
            var outcome: Result<R, any Error>
            do {
                outcome = .success(try body(write))
            } catch {
                outcome = .failure(error)
            }
            write.end()
            var commitFailure: LMDBError?
            if case .success = outcome, write.fatal == nil {
                #if CLIENTELE_FAULT_POINTS
                CrashPoint.pass(.beforeCommit)
                #endif
                do {
                    try MDB.txnCommit(txn, faults: faults)
                } catch {
                    commitFailure = error
                }
            } else {
                MDB.txnAbort(txn)
            }
            ThreadTransactions.leave(me)
            if !holdsGate { gate.leaveShared() }

            let mapFull = write.fatal == .mapFull || commitFailure?.code == .mapFull
            if mapFull {
                if nested { throw LMDBError.mapFullInNestedTransaction }
                try grow()
                continue
            }
            if let fatal = write.fatal, case .success = outcome {
                // The closure swallowed an error that killed the transaction: nothing was committed.
                throw LMDBError.mdb(fatal, operation: "write transaction")
            }
            if let commitFailure {
                if let full = diskFull(commitFailure, needed: write.bytesPut) { throw full }
                throw commitFailure
            }
            #if CLIENTELE_FAULT_POINTS
            if case .success = outcome { CrashPoint.pass(.afterCommit) }
            #endif
            return try outcome.get()
        }
    }

    // MARK: - Map size

    /// Enters the resize gate for a transaction of this environment; `nested` when this thread holds a transaction
    /// of another environment (see `ResizeGate.enterSharedNested`).
    private func enterGate(nested: Bool) {
        if nested { gate.enterSharedNested() } else { gate.enterShared() }
    }

    /// Runs `body` while the map cannot be resized, for LMDB calls that read the map without a transaction of ours
    /// (`MDB.envCopy` runs its own read transaction). `MDB.envSetMapSize` unmaps and remaps the file, so a
    /// resize during such a call would make LMDB read unmapped memory (EFAULT or SIGBUS).
    func withMapPinned<R>(_ body: () throws -> R) rethrows -> R {
        let holdsGate = ThreadTransactions.depth(in: ObjectIdentifier(self)) > 0
        if !holdsGate { enterGate(nested: ThreadTransactions.depth > 0) }
        defer { if !holdsGate { gate.leaveShared() } }
        return try body()
    }

    /// The current map size in bytes (`MDB.envInfo`).
    public var mapSize: Int {
        MDB.envInfo(handle).me_mapsize
    }

    private func grow() throws {
        try gate.exclusively {
            let current = mapSize
            guard current < options.maxMapSize else {
                throw LMDBError.mapCeilingReached(ceiling: options.maxMapSize)
            }
            let next = current > options.maxMapSize / 2 ? options.maxMapSize : current * 2
            try MDB.envSetMapSize(handle, next)
        }
    }

    /// Another process grew the map: adopt its size (`MDB.envSetMapSize(0)`) while no transaction is open.
    private func adoptForeignResize() throws {
        try gate.exclusively {
            try MDB.envSetMapSize(handle, 0)
        }
    }

    // MARK: - Maintenance

    /// Flushes committed data to disk (`MDB.envSync` with force). Needed after writes in `.bulk` mode.
    /// - Throws: `LMDBError.mdb` (for example `.io`) when the flush fails.
    public func sync() throws {
        try checkProcess()
        do {
            try MDB.envSync(handle)
        } catch {
            if let full = diskFull(error, needed: 0) { throw full }
            throw error
        }
    }

    /// Clears reader slots left by processes that died inside a read (`MDB.readerCheck`); returns how many.
    /// - Throws: `LMDBError.usedAfterFork`; `LMDBError.mdb` when the reader table cannot be checked.
    @discardableResult
    public func clearStaleReaders() throws -> Int {
        try checkProcess()
        return try MDB.readerCheck(handle)
    }

    /// The id of the last committed write transaction, this process's or another's (`MDB.envInfo` reads it from
    /// the map's meta pages, without a transaction): cheap enough to poll every few milliseconds to learn that
    /// something was committed.
    public var lastTransactionID: Int {
        withMapPinned { MDB.envInfo(handle).me_last_txnid }
    }

    /// The flags the environment was opened with, as LMDB reports them (`MDB.envFlags`).
    public var openFlags: UInt32 {
        MDB.envFlags(handle)
    }

    /// LMDB's largest key size in bytes (511 for the Debian build).
    public var maxKeySize: Int { MDB.envMaxKeySize(handle) }

    /// Statistics: page size, the last transaction id, readers in use, and pages in the file.
    public var info: EnvironmentInfo {
        let info = MDB.envInfo(handle)
        let stat = MDB.envStat(handle)
        return EnvironmentInfo(
            mapSize: info.me_mapsize, lastPage: info.me_last_pgno, lastTransactionID: info.me_last_txnid,
            maxReaders: Int(info.me_maxreaders), readersInUse: Int(info.me_numreaders), pageSize: Int(stat.ms_psize))
    }

    func checkProcess() throws(LMDBError) {
        if ForkGeneration.current != forkGeneration { throw .usedAfterFork }
    }
}

/// A snapshot of an environment's figures (`MDB.envInfo`, `MDB.envStat`).
public struct EnvironmentInfo: Sendable, Hashable {
    /// The map size in bytes.
    public let mapSize: Int
    /// The last page number used in the data file.
    public let lastPage: Int
    /// The id of the last committed transaction.
    public let lastTransactionID: Int
    /// The size of the reader table.
    public let maxReaders: Int
    /// Reader slots in use, across processes.
    public let readersInUse: Int
    /// The page size in bytes.
    public let pageSize: Int
}

/// A number that identifies the calling OS thread while it lives.
@inline(__always)
func currentThreadID() -> UInt {
    #if canImport(Glibc)
    return UInt(pthread_self())
    #else
    return UInt(bitPattern: pthread_self())
    #endif
}
