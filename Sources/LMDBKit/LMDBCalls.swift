import CLMDB

// Every LMDB C function LMDBKit calls, each behind one wrapper (as swift-system's Syscalls.swift): the wrapper fires
// the function's fault point (builds with CLIENTELE_FAULT_POINTS), passes the return code through `check`, and, for
// calls inside a transaction, records a failure that kills a write transaction on it (`ReadTxn.note`), so the
// environment aborts it (and, for a full map, grows and replays). Codes a caller acts on are results, not errors:
// `MDB_NOTFOUND` (get, delete, cursor moves, opening a table that does not exist) and `MDB_KEYEXIST` (puts refused by
// their flags). No other file in LMDBKit calls an `mdb_*` function.

/// The one place that turns an LMDB return code into a Swift error.
@inline(__always)
func check(_ rc: Int32, _ operation: StaticString) throws(LMDBError) {
    if rc != 0 { throw LMDBError.mdb(MDBCode(rawValue: rc), operation: "\(operation)") }
}

/// A precondition for the calls LMDB documents as failing only for a NULL handle, which LMDBKit never passes.
@inline(__always)
private func expectSuccess(_ rc: Int32, _ operation: StaticString) {
    precondition(rc == 0, "LMDBKit: \(operation) failed with \(rc) on a live handle")
}

/// Copies a Swift byte view into an `MDB_val` for the duration of `body`.
@inline(__always)
func withMDBVal<R>(
    _ bytes: UnsafeRawBufferPointer, _ body: (inout MDB_val) throws -> R
) rethrows -> R {
    var val = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    return try body(&val)
}

extension MDB_val {
    /// A view of the bytes LMDB points at; valid only until the transaction ends or writes again.
    @inline(__always)
    var buffer: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: mv_data, count: mv_size)
    }
}

/// The LMDB C API, one wrapper per function.
enum MDB {
    // MARK: - Environments

    static func envCreate() throws(LMDBError) -> OpaquePointer {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError.mdb(.outOfMemory, operation: "mdb_env_create") }
        return env
    }

    static func envSetMapSize(_ env: OpaquePointer, _ size: Int) throws(LMDBError) {
        try check(mdb_env_set_mapsize(env, size), "mdb_env_set_mapsize")
    }

    static func envSetMaxReaders(_ env: OpaquePointer, _ readers: UInt32) throws(LMDBError) {
        try check(mdb_env_set_maxreaders(env, readers), "mdb_env_set_maxreaders")
    }

    static func envSetMaxDBs(_ env: OpaquePointer, _ tables: UInt32) throws(LMDBError) {
        try check(mdb_env_set_maxdbs(env, tables), "mdb_env_set_maxdbs")
    }

    static func envOpen(_ env: OpaquePointer, _ path: String, flags: UInt32, mode: mode_t) throws(LMDBError) {
        try check(mdb_env_open(env, path, flags, mode), "mdb_env_open")
    }

    static func envClose(_ env: OpaquePointer) { mdb_env_close(env) }

    static func envCopy(_ env: OpaquePointer, to fd: Int32, compact: Bool) throws(LMDBError) {
        try check(mdb_env_copyfd2(env, fd, compact ? UInt32(MDB_CP_COMPACT) : 0), "mdb_env_copyfd2")
    }

    static func envSync(_ env: OpaquePointer) throws(LMDBError) {
        try check(mdb_env_sync(env, 1), "mdb_env_sync")
    }

    static func envInfo(_ env: OpaquePointer) -> MDB_envinfo {
        var info = MDB_envinfo()
        expectSuccess(mdb_env_info(env, &info), "mdb_env_info")
        return info
    }

    static func envStat(_ env: OpaquePointer) -> MDB_stat {
        var stat = MDB_stat()
        expectSuccess(mdb_env_stat(env, &stat), "mdb_env_stat")
        return stat
    }

    static func envFlags(_ env: OpaquePointer) -> UInt32 {
        var flags: UInt32 = 0
        expectSuccess(mdb_env_get_flags(env, &flags), "mdb_env_get_flags")
        return flags
    }

    static func envMaxKeySize(_ env: OpaquePointer) -> Int { Int(mdb_env_get_maxkeysize(env)) }

    /// Clears the slots of dead readers; returns how many.
    static func readerCheck(_ env: OpaquePointer) throws(LMDBError) -> Int {
        var dead: Int32 = 0
        try check(mdb_reader_check(env, &dead), "mdb_reader_check")
        return Int(dead)
    }

    static func strerror(_ code: Int32) -> String { String(cString: mdb_strerror(code)) }

    // MARK: - Transactions

    /// Begins a top-level transaction. Fault points `beginRead` / `beginWrite` (the injected code is reported as
    /// LMDB's own, since the callers act on it: a resized map, a full reader table).
    static func txnBegin(_ env: OpaquePointer, readOnly: Bool, faults: FaultPoints) throws(LMDBError) -> OpaquePointer {
        var txn: OpaquePointer?
        var rc = mdb_txn_begin(env, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
        #if CLIENTELE_FAULT_POINTS
        if rc == 0, let code = faults.fire(readOnly ? .beginRead : .beginWrite) {
            mdb_txn_abort(txn)
            rc = code.rawValue
        }
        #endif
        try check(rc, "mdb_txn_begin")
        guard let txn else { throw LMDBError.mdb(.outOfMemory, operation: "mdb_txn_begin") }
        return txn
    }

    /// Commits `txn` (which ends it, whatever the outcome). Fault point `commit`: the transaction is aborted and
    /// the injected code reported as the commit's.
    static func txnCommit(_ txn: OpaquePointer, faults: FaultPoints) throws(LMDBError) {
        #if CLIENTELE_FAULT_POINTS
        if let code = faults.fire(.commit) {
            mdb_txn_abort(txn)
            throw LMDBError.mdb(code, operation: "mdb_txn_commit")
        }
        #endif
        try check(mdb_txn_commit(txn), "mdb_txn_commit")
    }

    static func txnAbort(_ txn: OpaquePointer) { mdb_txn_abort(txn) }

    static func txnID(_ txn: OpaquePointer) -> Int { mdb_txn_id(txn) }

    // MARK: - Tables

    /// Opens the table `name` (the main table for nil); nil when it does not exist and `create` is false.
    static func dbiOpen(_ txn: ReadTxn, _ name: String?, create: Bool) throws(LMDBError) -> MDB_dbi? {
        var dbi: MDB_dbi = 0
        let rc = mdb_dbi_open(txn.handle, name, create ? UInt32(MDB_CREATE) : 0, &dbi)
        if rc == MDB_NOTFOUND && !create { return nil }
        do { try check(rc, "mdb_dbi_open") } catch { throw txn.note(error) }
        return dbi
    }

    /// Opens the table `name`, creating it when missing.
    static func dbiCreate(_ txn: WriteTxn, _ name: String) throws(LMDBError) -> MDB_dbi {
        var dbi: MDB_dbi = 0
        do { try check(mdb_dbi_open(txn.handle, name, UInt32(MDB_CREATE), &dbi), "mdb_dbi_open") } catch {
            throw txn.note(error)
        }
        return dbi
    }

    /// Opens the table `name`, which must exist (`.notFound` otherwise).
    static func dbiOpenExisting(_ txn: ReadTxn, _ name: String) throws(LMDBError) -> MDB_dbi {
        var dbi: MDB_dbi = 0
        do { try check(mdb_dbi_open(txn.handle, name, 0, &dbi), "mdb_dbi_open") } catch { throw txn.note(error) }
        return dbi
    }

    /// Empties the table (`delete` false) or deletes it from the environment (`delete` true).
    static func drop(_ txn: WriteTxn, _ dbi: MDB_dbi, delete: Bool) throws(LMDBError) {
        do { try check(mdb_drop(txn.handle, dbi, delete ? 1 : 0), "mdb_drop") } catch { throw txn.note(error) }
    }

    static func stat(_ txn: ReadTxn, _ dbi: MDB_dbi) throws(LMDBError) -> MDB_stat {
        var stat = MDB_stat()
        do { try check(mdb_stat(txn.handle, dbi, &stat), "mdb_stat") } catch { throw txn.note(error) }
        return stat
    }

    // MARK: - Entries

    /// The stored bytes for `key`, or nil. Fault point `get`.
    @inline(__always)
    static func get(
        _ txn: ReadTxn, _ dbi: MDB_dbi, _ key: UnsafeRawBufferPointer
    ) throws(LMDBError) -> UnsafeRawBufferPointer? {
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.get) { throw txn.note(.injected(code, operation: "mdb_get")) }
        #endif
        var data = MDB_val()
        let rc = withMDBVal(key) { keyVal in mdb_get(txn.handle, dbi, &keyVal, &data) }
        if rc == MDB_NOTFOUND { return nil }
        do { try check(rc, "mdb_get") } catch { throw txn.note(error) }
        return data.buffer
    }

    /// `mdb_put`, or `mdb_cursor_put` through `cursor` when given; false when `flags` refused the put
    /// (`MDB_KEYEXIST`: with `MDB_NOOVERWRITE` `data` then holds the stored value). Fault point `put`.
    @inline(__always)
    static func put(
        _ txn: WriteTxn, _ dbi: MDB_dbi, cursor: OpaquePointer?, _ key: UnsafeRawBufferPointer,
        _ data: inout MDB_val, flags: UInt32
    ) throws(LMDBError) -> Bool {
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.put) { throw txn.note(.injected(code, operation: "mdb_put")) }
        #endif
        let rc = withMDBVal(key) { keyVal in
            if let cursor { return mdb_cursor_put(cursor, &keyVal, &data, flags) }
            return mdb_put(txn.handle, dbi, &keyVal, &data, flags)
        }
        if rc == MDB_KEYEXIST { return false }
        do { try check(rc, cursor == nil ? "mdb_put" : "mdb_cursor_put") } catch { throw txn.note(error) }
        return true
    }

    /// `mdb_del`; false when the key was not there. Fault point `delete`.
    static func del(_ txn: WriteTxn, _ dbi: MDB_dbi, _ key: UnsafeRawBufferPointer) throws(LMDBError) -> Bool {
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.delete) { throw txn.note(.injected(code, operation: "mdb_del")) }
        #endif
        let rc = withMDBVal(key) { keyVal in mdb_del(txn.handle, dbi, &keyVal, nil) }
        if rc == MDB_NOTFOUND { return false }
        do { try check(rc, "mdb_del") } catch { throw txn.note(error) }
        return true
    }

    /// The fault point of a cursor lookup (`get`), fired once per lookup whether it steps or searches.
    @inline(__always)
    static func lookupFault(_ txn: ReadTxn) throws(LMDBError) {
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.get) { throw txn.note(.injected(code, operation: "mdb_cursor_get")) }
        #endif
    }

    // MARK: - Cursors

    /// Opens a cursor on `dbi`. Fault point `cursor`.
    static func cursorOpen(_ txn: ReadTxn, _ dbi: MDB_dbi) throws(LMDBError) -> OpaquePointer {
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.cursor) {
            throw txn.note(.injected(code, operation: "mdb_cursor_open"))
        }
        #endif
        var cursor: OpaquePointer?
        do { try check(mdb_cursor_open(txn.handle, dbi, &cursor), "mdb_cursor_open") } catch { throw txn.note(error) }
        guard let cursor else { throw txn.note(.mdb(.invalidArgument, operation: "mdb_cursor_open")) }
        return cursor
    }

    static func cursorClose(_ cursor: OpaquePointer) { mdb_cursor_close(cursor) }

    /// Moves `cursor` by `op`, filling `key` and `data`; false when there is no such entry (`MDB_NOTFOUND`).
    @inline(__always)
    static func cursorGet(
        _ txn: ReadTxn, _ cursor: OpaquePointer, _ key: inout MDB_val, _ data: inout MDB_val, _ op: MDB_cursor_op
    ) throws(LMDBError) -> Bool {
        let rc = mdb_cursor_get(cursor, &key, &data, op)
        if rc == MDB_NOTFOUND { return false }
        do { try check(rc, "mdb_cursor_get") } catch { throw txn.note(error) }
        return true
    }

    /// `cursorGet` for a probe whose failure is not an error, because a search after it decides (a lookup stepping
    /// forward from where the cursor rests, whose entry a write may have deleted): LMDB's code, 0 for an entry.
    @inline(__always)
    static func cursorProbe(
        _ cursor: OpaquePointer, _ key: inout MDB_val, _ data: inout MDB_val, _ op: MDB_cursor_op
    ) -> Int32 {
        mdb_cursor_get(cursor, &key, &data, op)
    }
}
