import LMDBKit
import Testing

// Map growth (RELIABILITY.md pitfall 1, test 6): a full map is grown and the write replayed without the caller
// seeing MDB_MAP_FULL or MDB_BAD_TXN, also while readers run; the ceiling is a typed error that keeps what was
// committed before.

/// 4080 bytes: with a 16-byte page header this is exactly one 4 KiB overflow page per value.
private let valueSize = 4080

/// The value stored for row `id`: the id in the first 8 bytes, then a byte pattern that depends on it.
private func rowValue(_ id: UInt64) -> [UInt8] {
    var value = [UInt8](repeating: UInt8(truncatingIfNeeded: id &* 131 &+ 7), count: valueSize)
    for index in 0..<8 { value[index] = UInt8(truncatingIfNeeded: id >> UInt64(56 - 8 * index)) }
    value[valueSize - 1] = UInt8(truncatingIfNeeded: id)
    return value
}

private func isRowValue(_ bytes: [UInt8], _ id: UInt64) -> Bool { bytes == rowValue(id) }

@Suite("Map growth")
struct MapGrowthTests {
    @Test("a 1 MiB map grows to hold 200 MiB while 4 readers run, and every row is there")
    func growthUnderConcurrentReaders() throws {
        let mib = 1 << 20
        let targetBytes = 200 * mib
        let rowCount = UInt64((targetBytes + valueSize - 1) / valueSize)
        let batch: UInt64 = 400
        var random = TestRandom("map-growth")
        var options = EnvironmentOptions.mapSize(initial: mib)
        options.durability = .relaxed
        try TemporaryEnvironment.with(options: options) { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            let initialMap = env.mapSize
            #expect(initialMap <= 2 * mib, "initial map \(initialMap)")

            let failures = FailureLog()
            let reads = Counter()
            let done = StopFlag()
            let readers = ThreadGroup()
            for reader in 0..<4 {
                let readerSeed = random.next()
                readers.spawn(name: "map-growth-reader-\(reader)") {
                    var rng = SplitMix64(seed: readerSeed)
                    // Read until the writer is done, and at least once more after that.
                    var last = false
                    while !last {
                        last = done.isSet
                        do {
                            try env.read { txn in
                                let count = try rows.count(in: txn)
                                guard count > 0 else { return }
                                // Rows are committed in id order, so ids 0..<count are all present.
                                for _ in 0..<4 {
                                    let id = UInt64.random(in: 0..<UInt64(count), using: &rng)
                                    guard let value = try rows.get(id, in: txn) else {
                                        failures.record("reader \(reader): row \(id) missing with count \(count)")
                                        return
                                    }
                                    if !isRowValue(value, id) { failures.record("reader \(reader): row \(id) damaged") }
                                }
                                var last: UInt64?
                                try rows.scanKeys(in: txn, reverse: true) { key in
                                    last = key
                                    return false
                                }
                                if last != UInt64(count) - 1 {
                                    failures.record("reader \(reader): last key \(String(describing: last)), count \(count)")
                                }
                            }
                            reads.add()
                        } catch {
                            failures.record("reader \(reader): \(error)")
                        }
                    }
                }
            }

            var writerError: (any Error)?
            var next: UInt64 = 0
            while next < rowCount {
                let end = min(next + batch, rowCount)
                do {
                    try env.write { txn in
                        for id in next..<end { try rows.put(rowValue(id), for: id, in: txn) }
                    }
                } catch {
                    writerError = error
                    break
                }
                next = end
            }
            done.set()
            readers.join()

            #expect(writerError == nil, random.comment("writer failed: \(String(describing: writerError))"))
            #expect(failures.all.isEmpty, random.comment("reader failures: \(failures.summary)"))
            #expect(reads.count > 0)

            let grownMap = env.mapSize
            #expect(grownMap > initialMap, "map did not grow: \(grownMap)")
            #expect(grownMap >= targetBytes, "map \(grownMap) is smaller than the data")

            // Every row is present and intact.
            let (count, badRows) = try env.read { txn in
                var expected: UInt64 = 0
                var bad: [UInt64] = []
                try rows.scan(in: txn) { id, value in
                    if id != expected || !isRowValue(value, id) { bad.append(id) }
                    expected += 1
                    return bad.count < 5
                }
                return (try rows.count(in: txn), bad)
            }
            #expect(count == Int(rowCount))
            #expect(badRows.isEmpty, "first bad rows: \(badRows)")
        }
    }

    @Test("a write that cannot fit below maxMapSize throws mapCeilingReached and keeps earlier commits")
    func ceiling() throws {
        let mib = 1 << 20
        let options = EnvironmentOptions.mapSize(initial: mib, max: 4 * mib)
        try TemporaryEnvironment.with(options: options) { temp in
            let rows = try temp.env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            let batch: UInt64 = 64
            var committed: UInt64 = 0
            var ceilingError: LMDBError?
            for _ in 0..<1000 {
                do {
                    try temp.env.write { txn in
                        for id in committed..<(committed + batch) { try rows.put(rowValue(id), for: id, in: txn) }
                    }
                    committed += batch
                } catch let error as LMDBError {
                    ceilingError = error
                    break
                }
            }
            #expect(ceilingError == .mapCeilingReached(ceiling: 4 * mib))
            #expect(committed > 0)
            #expect(temp.env.mapSize == 4 * mib)

            // Everything committed before is intact, and nothing of the failed batch is there.
            try temp.env.read { txn throws in
                #expect(try rows.count(in: txn) == Int(committed))
                var intact = true
                try rows.scan(in: txn) { id, value in
                    intact = intact && isRowValue(value, id)
                    return true
                }
                #expect(intact)
                #expect(try rows.get(committed, in: txn) == nil)
            }

            // The description tells the operator what to do.
            #expect(ceilingError?.description.contains("maxMapSize") == true)

            // A reopen with a higher ceiling takes the rest.
            let env = try temp.reopen(options: .mapSize(initial: mib, max: 64 * mib))
            let reopened = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            try env.write { txn in
                for id in committed..<(committed + batch) { try reopened.put(rowValue(id), for: id, in: txn) }
            }
            #expect(try env.read { try reopened.count(in: $0) } == Int(committed + batch))
        }
    }

    @Test("a closure that swallows MDB_MAP_FULL is still grown and replayed in full")
    func swallowedMapFull() throws {
        let mib = 1 << 20
        try TemporaryEnvironment.with(options: .mapSize(initial: mib)) { temp in
            let rows = try temp.env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            let runs = Counter()
            let swallowed = Counter()
            try temp.env.write { txn in
                runs.add()
                for id in UInt64(0)..<1000 {
                    do {
                        try rows.put(rowValue(id), for: id, in: txn)
                    } catch {
                        swallowed.add()  // a careless caller: ignores the failure and goes on
                    }
                }
            }
            #expect(swallowed.count > 0, "the map never filled; the test did not exercise anything")
            #expect(runs.count > 1)
            try temp.env.read { txn throws in
                #expect(try rows.count(in: txn) == 1000)
                #expect(try rows.get(999, in: txn) == rowValue(999))
            }
        }
    }

    @Test("a read nested in a read of another store stays valid while the inner store's map grows")
    func nestedReadAcrossEnvironmentsDuringGrowth() throws {
        let mib = 1 << 20
        var options = EnvironmentOptions.mapSize(initial: mib)
        options.durability = .bulk
        let outerTemp = try TemporaryEnvironment()
        defer { outerTemp.remove() }
        try TemporaryEnvironment.with(options: options) { temp in
            let outer = outerTemp.env
            let inner = temp.env
            let rows = try inner.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            let preload: UInt64 = 400
            try inner.write { txn in
                for id in 0..<preload { try rows.put(rowValue(id), for: id, in: txn) }
            }
            let failures = FailureLog()
            let nestedReads = Counter()
            let done = StopFlag()
            let readers = ThreadGroup()
            for reader in 0..<2 {
                readers.spawn(name: "nested-reader-\(reader)") {
                    while !done.isSet {
                        do {
                            try outer.read { _ in
                                try inner.read { txn in
                                    var expected: UInt64 = 0
                                    try rows.scan(in: txn) { id, value in
                                        if id != expected || !isRowValue(value, id) {
                                            failures.record("reader \(reader): row \(id) wrong in a nested read")
                                            return false
                                        }
                                        expected += 1
                                        return true
                                    }
                                    if expected < preload { failures.record("reader \(reader): only \(expected) rows") }
                                }
                            }
                            nestedReads.add()
                        } catch {
                            failures.record("reader \(reader): \(error)")
                        }
                    }
                }
            }
            let initialMap = inner.mapSize
            var next = preload
            while next < 16_000 {
                let end = next + 400
                try inner.write { txn in
                    for id in next..<end { try rows.put(rowValue(id), for: id, in: txn) }
                }
                next = end
            }
            done.set()
            readers.join()
            #expect(failures.all.isEmpty, "\(failures.summary)")
            #expect(nestedReads.count > 0)
            #expect(inner.mapSize > initialMap)
        }
    }

    @Test("a grown map is kept across a reopen with a small initial size")
    func reopenAfterGrowth() throws {
        let mib = 1 << 20
        try TemporaryEnvironment.with(options: .mapSize(initial: mib)) { temp in
            let rows = try temp.env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            try temp.env.write { txn in
                for id in UInt64(0)..<2000 { try rows.put(rowValue(id), for: id, in: txn) }
            }
            let env = try temp.reopen()
            #expect(env.mapSize >= 2000 * valueSize)
            let reopened = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            try env.write { txn in
                for id in UInt64(2000)..<3000 { try reopened.put(rowValue(id), for: id, in: txn) }
            }
            #expect(try env.read { try reopened.count(in: $0) } == 3000)
        }
    }
}
