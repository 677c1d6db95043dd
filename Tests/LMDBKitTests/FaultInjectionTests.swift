import LMDBKit
import Testing

// Injected LMDB failures (debug builds; RELIABILITY.md test 13): a failing put, delete, cursor, begin or commit
// throws a typed error and leaves nothing of the transaction behind; a fault fires once; an injected MDB_MAP_FULL
// is grown and replayed like a real one.

private struct Store {
    let env: Environment
    let rows: Table<UInt64Key, StringValue>
    let totals: Table<StringKey, UInt64Value>

    init(_ env: Environment) throws {
        self.env = env
        rows = try env.openTable("rows", key: UInt64Key.self, value: StringValue.self)
        totals = try env.openTable("totals", key: StringKey.self, value: UInt64Value.self)
        try env.write { [rows, totals] txn in
            for id in UInt64(1)...5 { try rows.put("row \(id)", for: id, in: txn) }
            try totals.put(5, for: "rows", in: txn)
        }
    }

    /// A write of `count` new rows plus the total, all in one transaction.
    func addRows(_ ids: ClosedRange<UInt64>) throws {
        try env.write { txn in
            for id in ids { try rows.put("row \(id)", for: id, in: txn) }
            let total = try totals.get("rows", in: txn) ?? 0
            try totals.put(total + UInt64(ids.count), for: "rows", in: txn)
        }
    }

    func state() throws -> [String] {
        try env.read { txn in
            var all: [String] = []
            try rows.scan(in: txn) { id, value in
                all.append("\(id)=\(value)")
                return true
            }
            all.append("total=\(String(describing: try totals.get("rows", in: txn)))")
            all.append("count=\(try rows.count(in: txn))")
            return all
        }
    }
}

@Suite("Fault injection")
struct FaultInjectionTests {
    @Test("a put failing with EIO makes the write throw and leaves nothing behind")
    func putFault() throws {
        try TemporaryEnvironment.with { temp in
            let store = try Store(temp.env)
            let before = try store.state()
            temp.env.faults.arm(.put, onCall: 3, code: .io)
            #expect(throws: LMDBError.injected(.io, operation: "mdb_put")) { try store.addRows(6...10) }
            #expect(temp.env.faults.fired == 1)
            #expect(try store.state() == before)
            // It fired once: the same write now succeeds.
            try store.addRows(6...10)
            #expect(try temp.env.read { try store.totals.get("rows", in: $0) } == 10)
        }
    }

    @Test("a commit failing with EIO throws and leaves nothing behind")
    func commitFault() throws {
        try TemporaryEnvironment.with { temp in
            var before: [String] = []
            do {
                let store = try Store(temp.env)
                before = try store.state()
                temp.env.faults.arm(.commit, onCall: 1, code: .io)
                #expect(throws: LMDBError.mdb(.io, operation: "mdb_txn_commit")) { try store.addRows(6...10) }
                #expect(try store.state() == before)
            }
            // Also after a reopen: nothing reached the file (Store(env) rewrites the same five rows).
            let env = try temp.reopen()
            #expect(try Store(env).state() == before)
        }
    }

    @Test("every put position of a write, failed in turn, leaves nothing; one past the end commits")
    func faultAtEveryPut() throws {
        try TemporaryEnvironment.with { temp in
            let store = try Store(temp.env)
            let before = try store.state()
            // addRows(6...13) makes 8 row puts and 1 total put.
            for call in 1...9 {
                temp.env.faults.arm(.put, onCall: call, code: .noSpace)
                #expect(throws: LMDBError.injected(.noSpace, operation: "mdb_put"), "fault at put \(call)") {
                    try store.addRows(6...13)
                }
                #expect(try store.state() == before, "fault at put \(call)")
            }
            temp.env.faults.arm(.put, onCall: 10, code: .noSpace)
            try store.addRows(6...13)
            temp.env.faults.disarm()
            #expect(temp.env.faults.fired == 9)
            #expect(try temp.env.read { try store.rows.count(in: $0) } == 13)
        }
    }

    @Test("failures at begin, get, delete and cursor are typed errors; the store is unchanged")
    func otherPoints() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let store = try Store(env)
            let before = try store.state()

            env.faults.arm(.beginWrite, onCall: 1, code: .io)
            var ran = false
            #expect(throws: LMDBError.mdb(.io, operation: "mdb_txn_begin")) {
                try env.write { _ in ran = true }
            }
            #expect(!ran)

            env.faults.arm(.beginRead, onCall: 1, code: .io)
            #expect(throws: LMDBError.mdb(.io, operation: "mdb_txn_begin")) {
                try env.read { _ in ran = true }
            }
            #expect(!ran)

            env.faults.arm(.get, onCall: 1, code: .io)
            #expect(throws: LMDBError.injected(.io, operation: "mdb_get")) {
                try env.read { try store.rows.get(1, in: $0) }
            }

            env.faults.arm(.delete, onCall: 2, code: .io)
            #expect(throws: LMDBError.injected(.io, operation: "mdb_del")) {
                try env.write { txn in
                    try store.rows.delete(1, in: txn)
                    try store.rows.delete(2, in: txn)
                }
            }

            env.faults.arm(.cursor, onCall: 1, code: .io)
            #expect(throws: LMDBError.injected(.io, operation: "mdb_cursor_open")) {
                try env.read { txn in try store.rows.scan(in: txn) { _, _ in true } }
            }

            env.faults.arm(.cursor, onCall: 1, code: .io)
            #expect(throws: LMDBError.injected(.io, operation: "mdb_cursor_open")) {
                try env.write { txn in
                    try store.rows.put("changed", for: 1, in: txn)
                    try store.rows.scan(in: txn) { _, _ in true }
                }
            }

            #expect(env.faults.fired == 6)
            #expect(try store.state() == before)
        }
    }

    @Test("a swallowed injected failure still aborts the whole write")
    func swallowedFault() throws {
        try TemporaryEnvironment.with { temp in
            let store = try Store(temp.env)
            let before = try store.state()
            temp.env.faults.arm(.delete, onCall: 1, code: .io)
            #expect(throws: LMDBError.mdb(.io, operation: "write transaction")) {
                try temp.env.write { txn in
                    try store.rows.put("new", for: 6, in: txn)
                    _ = try? store.rows.delete(1, in: txn)
                    try store.rows.put("newer", for: 7, in: txn)
                }
            }
            #expect(try store.state() == before)
        }
    }

    @Test("an injected MDB_MAP_FULL at a put or at commit grows the map and replays the write once")
    func injectedMapFullIsReplayed() throws {
        try TemporaryEnvironment.with(options: .mapSize(initial: 1 << 20)) { temp in
            let env = temp.env
            let store = try Store(env)
            for point in [FaultPoints.Point.put, .commit] {
                let mapBefore = env.mapSize
                let firstRow = try env.read { try store.rows.count(in: $0) } + 1
                env.faults.arm(point, onCall: 1, code: .mapFull)
                var runs = 0
                try env.write { txn in
                    runs += 1
                    try store.rows.put("replayed", for: UInt64(firstRow), in: txn)
                }
                #expect(runs == 2, "\(point)")
                #expect(env.mapSize == 2 * mapBefore, "\(point)")
                #expect(try env.read { try store.rows.get(UInt64(firstRow), in: $0) } == "replayed")
            }
        }
    }

    @Test("an injected MDB_MAP_FULL at the ceiling is mapCeilingReached")
    func injectedMapFullAtCeiling() throws {
        let size = 1 << 20
        try TemporaryEnvironment.with(options: .mapSize(initial: size, max: size)) { temp in
            let store = try Store(temp.env)
            let before = try store.state()
            temp.env.faults.arm(.put, onCall: 1, code: .mapFull)
            #expect(throws: LMDBError.mapCeilingReached(ceiling: size)) { try store.addRows(6...6) }
            #expect(try store.state() == before)
        }
    }

    @Test("disarm removes every armed fault")
    func disarm() throws {
        try TemporaryEnvironment.with { temp in
            let store = try Store(temp.env)
            temp.env.faults.arm(.put, onCall: 1, code: .io)
            temp.env.faults.arm(.commit, onCall: 1, code: .io)
            temp.env.faults.disarm()
            try store.addRows(6...7)
            #expect(temp.env.faults.fired == 0)
        }
    }
}
