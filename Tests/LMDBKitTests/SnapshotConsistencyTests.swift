import LMDBKit
import Testing

// Snapshot isolation under load (RELIABILITY.md test 5, the FoundationDB "cycle test" idea): one writer moves two
// counters in two tables together and appends a row per write; 8 reader threads check, in every snapshot, that the
// counters are equal and that the row count matches. Zero violations are allowed.

@Suite("Snapshot consistency")
struct SnapshotConsistencyTests {
    @Test("8 readers and a writer for ~3 s: every snapshot sees the invariant")
    func invariantHoldsInEverySnapshot() throws {
        var random = TestRandom("snapshot-consistency")
        var options = EnvironmentOptions.mapSize(initial: 1 << 20)  // small, so the map also grows under the readers
        options.durability = .relaxed
        try TemporaryEnvironment.with(options: options) { temp in
            let env = temp.env
            let left = try env.openTable("left", key: StringKey.self, value: Int64Value.self)
            let right = try env.openTable("right", key: StringKey.self, value: Int64Value.self)
            let events = try env.openTable("events", key: UInt64Key.self, value: Int64Value.self)
            let meta = try env.openTable("meta", key: StringKey.self, value: UInt64Value.self)
            let filler = try env.openTable("filler", key: UInt64Key.self, value: BytesValue.self)

            let violations = FailureLog()
            let snapshots = Counter()
            let done = StopFlag()
            let readers = ThreadGroup()
            let readerCount = 8
            let perReader = (0..<readerCount).map { _ in Counter() }
            for reader in 0..<readerCount {
                let mine = perReader[reader]
                readers.spawn(name: "snapshot-reader-\(reader)") {
                    var lastID = -1
                    var finalPass = false
                    while !finalPass {
                        finalPass = done.isSet
                        do {
                            try env.read { txn in
                                let a = try left.get("balance", in: txn) ?? 0
                                let b = try right.get("balance", in: txn) ?? 0
                                let eventCount = try events.count(in: txn)
                                let recorded = try meta.get("events", in: txn) ?? 0
                                if a != b { violations.record("reader \(reader), txn \(txn.id): left \(a) != right \(b)") }
                                if eventCount != Int(recorded) {
                                    violations.record("reader \(reader), txn \(txn.id): \(eventCount) events, meta \(recorded)")
                                }
                                // The sum of the events is the balance (checked every few snapshots: it scans).
                                if mine.count % 16 == 0 {
                                    var sum: Int64 = 0
                                    try events.scan(in: txn) { _, delta in
                                        sum += delta
                                        return true
                                    }
                                    if sum != a { violations.record("reader \(reader): events sum \(sum) != \(a)") }
                                }
                                // Snapshots of one thread never go back in time.
                                if txn.id < lastID { violations.record("reader \(reader): txn id \(txn.id) < \(lastID)") }
                                lastID = txn.id
                            }
                            mine.add()
                            snapshots.add()
                        } catch {
                            violations.record("reader \(reader): \(error)")
                        }
                    }
                }
            }

            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(3))
            var writes = 0
            var writerError: (any Error)?
            var expected: Int64 = 0
            while clock.now < deadline {
                let delta = Int64.random(in: -1000...1000, using: &random)
                let padding = Int.random(in: 0...64, using: &random)
                do {
                    try env.write { txn in
                        // Read-modify-write inside the transaction, in two tables, with an event row between.
                        let a = try left.get("balance", in: txn) ?? 0
                        try left.put(a + delta, for: "balance", in: txn)
                        let n = try meta.get("events", in: txn) ?? 0
                        try events.put(delta, for: n, in: txn)
                        try meta.put(n + 1, for: "events", in: txn)
                        let b = try right.get("balance", in: txn) ?? 0
                        try right.put(b + delta, for: "balance", in: txn)
                        // Some filler so that the map has to grow now and then.
                        if padding > 60 {
                            try filler.put([UInt8](repeating: 7, count: 2000), for: n, in: txn)
                        }
                    }
                    expected += delta
                    writes += 1
                } catch {
                    writerError = error
                    break
                }
            }
            done.set()
            readers.join()

            #expect(writerError == nil, random.comment("writer: \(String(describing: writerError))"))
            #expect(violations.all.isEmpty, random.comment("violations: \(violations.summary)"))
            #expect(writes > 0)
            #expect(snapshots.count > 0)
            for (reader, counter) in perReader.enumerated() {
                #expect(counter.count > 0, "reader \(reader) saw no snapshot")
            }
            try env.read { txn throws in
                #expect(try left.get("balance", in: txn) == expected)
                #expect(try right.get("balance", in: txn) == expected)
                #expect(try events.count(in: txn) == writes)
            }
        }
    }
}
