import LMDBKit
import Testing

// Transactions: a write commits when its closure returns and leaves nothing behind when it throws, even when the
// closure swallowed an LMDB error; reads are snapshots and nest (MDB_NOTLS: no MDB_BAD_RSLOT).

private struct Boom: Error, Equatable {}

/// Two tables with known contents: customers 1...10 and an index entry per customer.
private struct Fixture {
    let customers: Table<UInt64Key, StringValue>
    let index: Table<StringKey, UInt64Value>

    init(_ env: Environment) throws {
        customers = try env.openTable("customers", key: UInt64Key.self, value: StringValue.self)
        index = try env.openTable("by-name", key: StringKey.self, value: UInt64Value.self)
        try env.write { [customers, index] txn in
            for id in UInt64(1)...10 {
                try customers.put("name \(id)", for: id, in: txn)
                try index.put(id, for: "name \(id)", in: txn)
            }
        }
    }

    /// Every row of both tables, for before/after comparisons.
    func snapshot(_ env: Environment) throws -> [String] {
        try env.read { txn in
            var rows: [String] = []
            try customers.scan(in: txn) { id, name in
                rows.append("c \(id)=\(name)")
                return true
            }
            try index.scan(in: txn) { name, id in
                rows.append("i \(name)=\(id)")
                return true
            }
            rows.append("counts \(try customers.count(in: txn)) \(try index.count(in: txn))")
            return rows
        }
    }
}

@Suite("Transactions")
struct TransactionTests {
    @Test("a write returns its closure's value and commits")
    func commitAndReturn() throws {
        try TemporaryEnvironment.with { temp in
            let fixture = try Fixture(temp.env)
            let result = try temp.env.write { txn in
                try fixture.customers.put("new", for: 11, in: txn)
                return "done"
            }
            #expect(result == "done")
            #expect(try temp.env.read { try fixture.customers.get(11, in: $0) } == "new")
        }
    }

    @Test("a throwing write leaves nothing behind in any table, counts included")
    func throwingWriteLeavesNothing() throws {
        try TemporaryEnvironment.with { temp in
            let fixture = try Fixture(temp.env)
            let before = try fixture.snapshot(temp.env)
            #expect(throws: Boom()) {
                try temp.env.write { txn in
                    try fixture.customers.put("eleven", for: 11, in: txn)
                    try fixture.index.put(11, for: "eleven", in: txn)
                    try fixture.customers.put("changed", for: 1, in: txn)
                    #expect(try fixture.customers.delete(2, in: txn))
                    #expect(try fixture.index.delete("name 2", in: txn))
                    try fixture.index.removeAll(in: txn)
                    #expect(try fixture.index.count(in: txn) == 0)  // the txn saw its own writes
                    throw Boom()
                }
            }
            #expect(try fixture.snapshot(temp.env) == before)
            // And after a reopen (nothing hidden in this process's state).
            let env = try temp.reopen()
            let reopened = try Fixture(env)  // rewrites the same rows: a no-op on content
            #expect(try reopened.snapshot(env) == before)
        }
    }

    @Test("a closure that swallows an LMDB error does not commit its partial work")
    func swallowedLMDBErrorDoesNotCommit() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let fixture = try Fixture(env)
            let before = try fixture.snapshot(env)
            env.faults.arm(.put, onCall: 2, code: .io)
            var caught: (any Error)?
            #expect {
                try env.write { txn in
                    try fixture.customers.put("eleven", for: 11, in: txn)
                    do {
                        try fixture.customers.put("twelve", for: 12, in: txn)  // fails with EIO
                    } catch {
                        caught = error  // swallowed
                    }
                    try fixture.index.put(11, for: "eleven", in: txn)
                    return 42
                }
            } throws: { error in
                error as? LMDBError == .mdb(.io, operation: "write transaction")
            }
            #expect(caught as? LMDBError == .injected(.io, operation: "mdb_put"))
            #expect(try fixture.snapshot(env) == before)
        }
    }

    @Test("a swallowed validation error (checked before LMDB) keeps the transaction usable")
    func swallowedValidationErrorCommits() throws {
        try TemporaryEnvironment.with { temp in
            let fixture = try Fixture(temp.env)
            try temp.env.write { txn in
                try fixture.customers.put("eleven", for: 11, in: txn)
                do {
                    try fixture.index.put(11, for: "", in: txn)
                } catch LMDBError.emptyKey {
                    try fixture.index.put(11, for: "(no name)", in: txn)
                }
            }
            try temp.env.read { txn throws in
                #expect(try fixture.customers.get(11, in: txn) == "eleven")
                #expect(try fixture.index.get("(no name)", in: txn) == 11)
            }
        }
    }

    @Test("a read inside a read works (no MDB_BAD_RSLOT), also three deep")
    func nestedReads() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let fixture = try Fixture(env)
            let names = try env.read { outer in
                try env.read { middle in
                    try env.read { inner in
                        [try fixture.customers.get(1, in: outer), try fixture.customers.get(2, in: middle),
                         try fixture.customers.get(3, in: inner)]
                    }
                }
            }
            #expect(names == ["name 1", "name 2", "name 3"])
        }
    }

    @Test("a snapshot does not see later commits; a nested read does")
    func snapshotIsolation() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let fixture = try Fixture(env)
            let group = ThreadGroup()
            try env.read { outer throws in
                // Commit from another thread while this snapshot is open (a write on this thread would be nested).
                group.spawn {
                    _ = try? env.write { txn in try fixture.customers.put("updated", for: 1, in: txn) }
                }
                group.join()
                #expect(try fixture.customers.get(1, in: outer) == "name 1")
                #expect(try env.read { try fixture.customers.get(1, in: $0) } == "updated")
                #expect(try fixture.customers.get(1, in: outer) == "name 1")
            }
        }
    }

    @Test("a write sees its own writes; a read inside it sees the last commit")
    func readYourWrites() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let fixture = try Fixture(env)
            try env.write { txn in
                try fixture.customers.put("changed", for: 1, in: txn)
                #expect(try fixture.customers.get(1, in: txn) == "changed")
                #expect(try fixture.customers.count(in: txn) == 10)
                try fixture.customers.put("eleven", for: 11, in: txn)
                #expect(try fixture.customers.count(in: txn) == 11)
                #expect(try env.read { try fixture.customers.get(1, in: $0) } == "name 1")
            }
        }
    }

    @Test("a write inside a read that needs the map to grow throws mapFullInNestedTransaction")
    func nestedWriteCannotGrow() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let fixture = try Fixture(env)
            let before = try fixture.snapshot(env)
            #expect(throws: LMDBError.mapFullInNestedTransaction) {
                try env.read { _ in
                    env.faults.arm(.put, onCall: 1, code: .mapFull)
                    try env.write { txn in try fixture.customers.put("x", for: 99, in: txn) }
                }
            }
            #expect(try fixture.snapshot(env) == before)
        }
    }

    @Test("a write nested in a read never deadlocks with another thread's write that grows the map")
    func nestedWriteVersusGrowingWriter() throws {
        var options = EnvironmentOptions.mapSize(initial: 1 << 20)
        options.durability = .bulk
        let temp = try TemporaryEnvironment(options: options)
        let env = temp.env
        let rows = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
        let notes = try env.openTable("notes", key: UInt64Key.self, value: StringValue.self)
        let failures = FailureLog()
        let nestedCommits = Counter()
        let nestedRefusals = Counter()
        let done = StopFlag()
        let threads = ThreadGroup()
        threads.spawn(name: "growing-writer") {
            // Writes that keep needing a bigger map (up to 64 MiB).
            for batch in UInt64(0)..<40 {
                do {
                    try env.write { txn in
                        for id in batch * 400..<(batch + 1) * 400 {
                            try rows.put([UInt8](repeating: 1, count: 4000), for: id, in: txn)
                        }
                    }
                } catch {
                    failures.record("growing writer: \(error)")
                }
            }
            done.set()
        }
        threads.spawn(name: "nested-writer") {
            var id: UInt64 = 0
            while !done.isSet {
                id += 1
                do {
                    try env.read { _ in
                        try env.write { txn in try notes.put("note", for: id, in: txn) }
                    }
                    nestedCommits.add()
                } catch LMDBError.mapFullInNestedTransaction {
                    nestedRefusals.add()  // the documented refusal: a resize was due
                } catch {
                    failures.record("nested writer: \(error)")
                }
            }
        }
        let finished = threads.join(deadlockGuard: 120)
        #expect(finished, "deadlock: the threads did not finish")
        guard finished else { return }  // leaves the stuck threads and the directory behind
        defer { temp.remove() }
        #expect(failures.all.isEmpty, "\(failures.summary)")
        #expect(nestedCommits.count + nestedRefusals.count > 0)
        #expect(try env.read { try rows.count(in: $0) } == 16_000)
        #expect(try env.read { try notes.count(in: $0) } == nestedCommits.count)
    }

    @Test("1,000 writes from 50 tasks all commit")
    func manyWritersFromTasks() async throws {
        var options = EnvironmentOptions()
        options.durability = .bulk  // about threads, not fsync: 1,000 synced commits would take seconds
        try await TemporaryEnvironment.with(options: options) { temp in
            let env = temp.env
            let table = try env.openTable("t", key: UInt64Key.self, value: UInt64Value.self)
            await withTaskGroup(of: Void.self) { group in
                for task in UInt64(0)..<50 {
                    group.addTask {
                        for index in UInt64(0)..<20 {
                            do {
                                try env.write { txn in try table.put(task, for: task * 100 + index, in: txn) }
                            } catch {
                                Issue.record("write failed: \(error)")
                            }
                        }
                    }
                }
            }
            #expect(try env.read { try table.count(in: $0) } == 1000)
        }
    }
}
