#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB
import LMDBKit
import Testing

// Processes (RELIABILITY.md pitfalls 1, 2 and 5; tests 7, 8 and 11). A forked child must not use its parent's
// environment; it may open its own. Another process that grows the map makes this one adopt the new size
// (MDB_MAP_RESIZED), and a process that died inside a read leaves a slot that `clearStaleReaders` frees.
//
// The children run no Swift Testing machinery: they make a few calls and `_exit` with a code the parent checks.
// "Other processes" are forked children that drive LMDB through its C API, which needs no second executable.

/// Exit codes of the children.
private enum Exit {
    static let ok: Int32 = 0
    static let unexpectedError: Int32 = 1
    static let noError: Int32 = 2
    static let sameInstance: Int32 = 3
    static let wrongData: Int32 = 4
    static let usedAfterFork: Int32 = 5
}

/// In another process: open the environment with the C API at `mapSize`, and write rows `ids` (key: big-endian id,
/// as `UInt64Key`; value: `valueSize` bytes of 0x5A) into table "rows" in one transaction. Returns an exit code.
private func rawWriteRows(path: String, mapSize: Int, ids: Range<UInt64>, valueSize: Int) -> Int32 {
    var env: OpaquePointer?
    guard mdb_env_create(&env) == 0, let env else { return 10 }
    guard mdb_env_set_mapsize(env, mapSize) == 0, mdb_env_set_maxdbs(env, 32) == 0 else { return 11 }
    guard mdb_env_open(env, path, UInt32(MDB_NOTLS), 0o600) == 0 else { return 12 }
    var txn: OpaquePointer?
    guard mdb_txn_begin(env, nil, 0, &txn) == 0 else { return 13 }
    var dbi: MDB_dbi = 0
    guard mdb_dbi_open(txn, "rows", 0, &dbi) == 0 else { return 14 }
    var value = [UInt8](repeating: 0x5A, count: valueSize)
    for id in ids {
        var key = id.bigEndian
        let rc = withUnsafeMutableBytes(of: &key) { keyBytes in
            value.withUnsafeMutableBytes { valueBytes in
                var keyVal = MDB_val(mv_size: keyBytes.count, mv_data: keyBytes.baseAddress)
                var dataVal = MDB_val(mv_size: valueBytes.count, mv_data: valueBytes.baseAddress)
                return mdb_put(txn, dbi, &keyVal, &dataVal, 0)
            }
        }
        guard rc == 0 else { return 15 }
    }
    guard mdb_txn_commit(txn) == 0 else { return 16 }
    mdb_env_close(env)
    return Exit.ok
}

/// In another process: open the environment with the C API and begin a read transaction, then return without
/// ending it (the caller `_exit`s), leaving a stale reader slot behind.
private func rawLeaveReaderBehind(path: String) -> Int32 {
    var env: OpaquePointer?
    guard mdb_env_create(&env) == 0, let env else { return 10 }
    guard mdb_env_set_maxdbs(env, 32) == 0, mdb_env_open(env, path, UInt32(MDB_NOTLS), 0o600) == 0 else { return 11 }
    var txn: OpaquePointer?
    guard mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn) == 0 else { return 12 }
    return Exit.ok
}

@Suite("Processes")
struct ForkTests {
    @Test("a forked child cannot use the parent's environment (usedAfterFork); the parent is unaffected")
    func useAfterForkIsRefused() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: StringValue.self)
            try env.write { txn in
                for id in UInt64(1)...10 { try rows.put("row \(id)", for: id, in: txn) }
            }
            // Every entry point refuses, each as the very first call in a fresh child.
            let calls: [(String, () throws -> Void)] = [
                ("read", { try env.read { _ in } }),
                ("write", { try env.write { txn in try rows.put("child", for: 99, in: txn) } }),
                ("sync", { try env.sync() }),
                ("copy", { try env.copy(to: temp.root.file("child-copy.mdb"), compact: false) }),
                ("openTable", { _ = try env.openTable("other", key: UInt64Key.self, value: StringValue.self) }),
                ("clearStaleReaders", { try env.clearStaleReaders() }),
            ]
            for (name, call) in calls {
                let result = try forkChildRetryingHangs {
                    do {
                        try call()
                        return Exit.noError
                    } catch LMDBError.usedAfterFork {
                        return Exit.ok
                    } catch {
                        return Exit.unexpectedError
                    }
                }
                #expect(result == .exited(Exit.ok), "\(name) in the child: \(result)")
            }

            // The parent's store is intact and usable.
            #expect(access(temp.root.file("child-copy.mdb"), F_OK) != 0)
            try env.write { txn in try rows.put("parent", for: 11, in: txn) }
            try env.read { txn throws in
                #expect(try rows.count(in: txn) == 11)
                #expect(try rows.get(99, in: txn) == nil)
                #expect(try rows.get(1, in: txn) == "row 1")
            }
        }
    }

    @Test("a forked child can open the store itself and use it")
    func childOpensItsOwnEnvironment() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: StringValue.self)
            try env.write { txn in
                for id in UInt64(1)...10 { try rows.put("row \(id)", for: id, in: txn) }
            }
            let path = temp.path
            let options = temp.options
            let outcome = try forkChildRetryingHangs {
                do {
                    let own = try Environment.open(path: path, options: options)
                    if own === env { return Exit.sameInstance }
                    let table = try own.openTable("rows", key: UInt64Key.self, value: StringValue.self)
                    let count = try own.read { try table.count(in: $0) }
                    guard count == 10 else { return Exit.wrongData }
                    try own.write { txn in try table.put("from child", for: 100, in: txn) }
                    return Exit.ok
                } catch LMDBError.usedAfterFork {
                    return Exit.usedAfterFork
                } catch {
                    return Exit.unexpectedError
                }
            }
            #expect(outcome == .exited(Exit.ok), "child \(outcome)")
            #expect(try env.read { try rows.get(100, in: $0) } == "from child")
        }
    }

    @Test("when another process grows the map, reads and writes here adopt the new size (MDB_MAP_RESIZED)")
    func foreignResizeIsAdopted() throws {
        let mib = 1 << 20
        let valueSize = 4080
        try TemporaryEnvironment.with(options: .mapSize(initial: mib)) { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            try env.write { txn in try rows.put([1], for: 0, in: txn) }
            let before = env.mapSize
            #expect(before <= 2 * mib)
            let path = temp.path

            // Another process writes ~16 MiB with a 64 MiB map; then this process reads first.
            let first = try forkChildRetryingHangs {
                rawWriteRows(path: path, mapSize: 64 * mib, ids: 1..<4001, valueSize: valueSize)
            }
            #expect(first == .exited(Exit.ok), "child \(first)")
            let count = try env.read { try rows.count(in: $0) }
            #expect(count == 4001)
            #expect(env.mapSize >= 64 * mib, "map \(env.mapSize) not adopted")

            // Again, larger, and this time this process writes first.
            let second = try forkChildRetryingHangs {
                rawWriteRows(path: path, mapSize: 128 * mib, ids: 4001..<20001, valueSize: valueSize)
            }
            #expect(second == .exited(Exit.ok), "child \(second)")
            try env.write { txn in try rows.put([2], for: 20001, in: txn) }
            #expect(env.mapSize >= 128 * mib, "map \(env.mapSize) not adopted")
            try env.read { txn throws in
                #expect(try rows.count(in: txn) == 20002)
                #expect(try rows.get(20000, in: txn) == [UInt8](repeating: 0x5A, count: valueSize))
                #expect(try rows.get(20001, in: txn) == [2])
            }
        }
    }

    @Test("a reader slot left by a dead process is cleared by clearStaleReaders")
    func staleReaderIsCleared() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: StringValue.self)
            try env.write { txn in try rows.put("x", for: 1, in: txn) }
            let path = temp.path
            #expect(try env.clearStaleReaders() == 0)
            let outcome = try forkChildRetryingHangs { rawLeaveReaderBehind(path: path) }
            #expect(outcome == .exited(Exit.ok), "child \(outcome)")
            #expect(try env.clearStaleReaders() == 1)
            #expect(try env.clearStaleReaders() == 0)
            try env.write { txn in try rows.put("y", for: 2, in: txn) }
            #expect(try env.read { try rows.count(in: $0) } == 2)
        }
    }
}
