import LMDBKit
import Testing

// Lookups through one cursor (`Table.withLookups`): every answer equals a dictionary's, whatever the order of the
// lookups (ascending runs that step forward, gaps past the step limit, backward jumps, missing keys, past the end),
// in read and in write transactions.

private typealias Numbers = Table<UInt64Key, StringValue>

@Suite("Lookups through one cursor")
struct TableLookupsTests {
    /// Keys 0..<4000 with a random ~40% stored; then lookups of every key ascending, of random keys, and of runs
    /// with random small and large gaps.
    @Test("answers equal a dictionary in every lookup order")
    func randomOrders() throws {
        var random = TestRandom("lookups")
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("numbers", key: UInt64Key.self, value: StringValue.self)
            var model: [UInt64: String] = [:]
            try temp.env.write { txn in
                for key in UInt64(0)..<4000 where Int.random(in: 0..<10, using: &random) < 4 {
                    model[key] = "v\(key)"
                    try table.put("v\(key)", for: key, in: txn)
                }
            }
            var ascending = Array(UInt64(0)..<4100)
            var shuffled = ascending
            shuffled.shuffle(using: &random)
            var runs: [UInt64] = []
            var key: UInt64 = 0
            while key < 4100 {
                runs.append(key)
                key += Bool.random(using: &random) ? UInt64.random(in: 1...3, using: &random)
                    : UInt64.random(in: 4...60, using: &random)
                if Int.random(in: 0..<20, using: &random) == 0 { key = key > 100 ? key - 100 : 0 }  // a jump back
            }
            ascending.append(UInt64.max)
            for (name, order) in [("ascending", ascending), ("shuffled", shuffled), ("runs", runs)] {
                try temp.env.read { txn in
                    try table.withLookups(in: txn) { lookups in
                        for key in order {
                            let found = try lookups.withRawValue(for: key) { String(decoding: $0, as: UTF8.self) }
                            #expect(found == model[key], random.comment("\(name): key \(key)"))
                            #expect(try lookups.contains(key) == (model[key] != nil), random.comment("\(name): key \(key)"))
                        }
                    }
                }
            }
        }
    }

    @Test("an empty table finds nothing")
    func emptyTable() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("numbers", key: UInt64Key.self, value: StringValue.self)
            try temp.env.read { txn in
                try table.withLookups(in: txn) { lookups in
                    for key: UInt64 in [0, 1, 5, .max] {
                        let found = try lookups.contains(key)
                        #expect(!found)
                    }
                }
            }
        }
    }

    /// In a write transaction, puts and deletes between lookups: LMDB keeps the cursor valid and answers stay right.
    @Test("lookups interleaved with writes in one write transaction")
    func interleavedWrites() throws {
        var random = TestRandom("lookups-writes")
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("numbers", key: UInt64Key.self, value: StringValue.self)
            var model: [UInt64: String] = [:]
            try temp.env.write { txn in
                for key in stride(from: UInt64(0), to: 3000, by: 2) {
                    model[key] = "v\(key)"
                    try table.put("v\(key)", for: key, in: txn)
                }
            }
            try temp.env.write { txn in
                try table.withLookups(in: txn) { lookups in
                    for step in 0..<3000 {
                        let key = UInt64.random(in: 0..<3100, using: &random)
                        if step % 3 == 0 {
                            if Bool.random(using: &random) {
                                model[key] = "w\(key)"
                                try table.put("w\(key)", for: key, in: txn)
                            } else {
                                model[key] = nil
                                _ = try table.delete(key, in: txn)
                            }
                        }
                        let probe = UInt64(step)
                        let found = try lookups.withRawValue(for: probe) { String(decoding: $0, as: UTF8.self) }
                        #expect(found == model[probe], random.comment("key \(probe) at step \(step)"))
                    }
                }
            }
        }
    }

    /// The entry the cursor rests on is deleted (and neighbours inserted) by other writes in the same transaction;
    /// the next lookups, forward and backward, still answer right.
    @Test("the cursor's own entry deleted under it")
    func cursorEntryDeleted() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("numbers", key: UInt64Key.self, value: UInt64Value.self)
            try temp.env.write { txn in
                for key in stride(from: UInt64(0), to: 200, by: 2) { try table.put(key, for: key, in: txn) }
            }
            try temp.env.write { txn in
                try table.withLookups(in: txn) { lookups in
                    var model = Dictionary(uniqueKeysWithValues: stride(from: UInt64(0), to: 200, by: 2).map { ($0, $0) })
                    func check(_ key: UInt64) throws {
                        let found = try lookups.withRawValue(for: key) { try UInt64Value.decode($0) }
                        #expect(found == model[key], "key \(key)")
                    }
                    for key in stride(from: UInt64(10), to: 190, by: 10) {
                        try check(key)                                   // the cursor rests on `key`
                        _ = try table.delete(key, in: txn)               // deleted under it
                        model[key] = nil
                        try table.put(key + 1, for: key + 1, in: txn)   // a new neighbour after it
                        model[key + 1] = key + 1
                        try check(key)
                        try check(key + 1)
                        try check(key + 2)
                        try check(key - 2)                               // behind the cursor
                        try check(key + 3)
                    }
                }
            }
        }
    }
}
