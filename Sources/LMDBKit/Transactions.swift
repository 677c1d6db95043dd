import CLMDB

/// A read-only snapshot of an environment, valid only inside the `Environment.read` closure that received it.
///
/// Everything read through it is a consistent view as of the moment the transaction began. It is not `Sendable`:
/// it belongs to the thread running the closure and cannot cross an `await`. Using it after its closure returned is
/// a programming error and traps.
public class ReadTxn {
    private var pointer: OpaquePointer?
    /// The environment this transaction belongs to.
    public let environment: Environment

    init(_ pointer: OpaquePointer, environment: Environment) {
        self.pointer = pointer
        self.environment = environment
    }

    /// The raw LMDB handle; traps when the transaction has ended (the closure returned): that is misuse, not data.
    @usableFromInline
    var handle: OpaquePointer {
        guard let pointer else {
            preconditionFailure("LMDBKit: a transaction was used after its closure returned")
        }
        return pointer
    }

    /// Marks the transaction ended; every later use traps.
    func end() { pointer = nil }

    /// Whether the transaction is still open.
    var isOpen: Bool { pointer != nil }

    /// The LMDB transaction id of this snapshot (`MDB.txnID`).
    public var id: Int { MDB.txnID(handle) }

    /// Records `error` on the transaction when it kills it (only a write transaction can be killed), then returns it
    /// for throwing.
    func note(_ error: LMDBError) -> LMDBError { error }
}

@available(*, unavailable, message: "transactions belong to their closure's thread")
extension ReadTxn: Sendable {}

/// A write transaction, valid only inside the `Environment.write` closure that received it. It can also read:
/// every read sees the transaction's own writes.
///
/// When the closure returns, the transaction commits; when it throws, the transaction aborts and leaves no trace.
public final class WriteTxn: ReadTxn {
    /// The first failure that killed the LMDB transaction (after `MDB_MAP_FULL` or `MDB_TXN_FULL` every later call
    /// fails), so the environment can abort and, for a full map, grow and replay even if the closure swallowed it.
    var fatal: MDBCode?

    /// The bytes of the keys and values put so far, with LMDB's 8-byte node header each: a lower estimate of the space
    /// the transaction needs in the data file (reported by `LMDBError.diskFull`).
    var bytesPut = 0

    /// Cursors kept open for clustered puts, indexed by table (`PutFlags.clustered`); allocated on first use. LMDB
    /// frees a write transaction's cursors when the transaction ends, so they are forgotten, never closed, at the end.
    /// (Behind a pointer: looked up on every clustered put, without the exclusivity checks of a stored array.)
    private var cursors: UnsafeMutableBufferPointer<OpaquePointer?>?

    deinit {
        cursors?.deallocate()
    }

    /// Records `error` when it leaves the LMDB transaction unusable, then returns it for throwing.
    override func note(_ error: LMDBError) -> LMDBError {
        if fatal == nil, let code = error.code, code != .notFound, code != .keyExists {
            fatal = code
        }
        return error
    }

    /// The put cursor of table `dbi`, opened on first use; `nil` for a table beyond the environment's table count.
    func cursor(for dbi: MDB_dbi) throws(LMDBError) -> OpaquePointer? {
        let index = Int(dbi)
        let slots: UnsafeMutableBufferPointer<OpaquePointer?>
        if let cursors {
            slots = cursors
        } else {
            slots = .allocate(capacity: Int(environment.options.maxTables) + 2)
            slots.initialize(repeating: nil)
            cursors = slots
        }
        guard index < slots.count else { return nil }
        if let cursor = slots[index] { return cursor }
        let opened = try MDB.cursorOpen(self, dbi)
        slots[index] = opened
        return opened
    }

    /// Closes the put cursor of table `dbi`, if open. Deletes and drops call it first, so that no delete ever runs
    /// while a put cursor of its table is open (LMDB then never has to re-position one across a page merge).
    func closeCursor(for dbi: MDB_dbi) {
        let index = Int(dbi)
        guard let cursors, index < cursors.count, let cursor = cursors[index] else { return }
        cursors[index] = nil
        MDB.cursorClose(cursor)
    }

    override func end() {
        if let cursors { cursors.update(repeating: nil) }
        super.end()
    }
}
