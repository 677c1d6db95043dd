import LMDBKit
import Testing

// Range scans: forward and reverse, prefix bounds, inclusive and exclusive ends, early stop, empty tables, and a
// seeded comparison against a sorted model.

private typealias Numbers = Table<UInt32Key, StringValue>

private func keys(_ table: Numbers, _ txn: ReadTxn, _ bounds: KeyBounds = .all, reverse: Bool = false) throws
    -> [UInt32]
{
    var found: [UInt32] = []
    try table.scan(in: txn, over: bounds, reverse: reverse) { key, value in
        #expect(value == "v\(key)")
        found.append(key)
        return true
    }
    return found
}

private func encode(_ key: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    UInt32Key.encode(key, into: &bytes)
    return bytes
}

/// Opens a table holding 10, 20, …, 100 (value "v<key>") and runs `body`.
private func withTens(_ body: (Environment, Numbers) throws -> Void) throws {
    try TemporaryEnvironment.with { temp in
        let table = try temp.env.openTable("numbers", key: UInt32Key.self, value: StringValue.self)
        try temp.env.write { txn in
            for key in stride(from: UInt32(10), through: 100, by: 10) { try table.put("v\(key)", for: key, in: txn) }
        }
        try body(temp.env, table)
    }
}

@Suite("Scans")
struct ScanTests {
    @Test("forward and reverse over everything")
    func forwardAndReverse() throws {
        try withTens { env, table in
            try env.read { txn throws in
                #expect(try keys(table, txn) == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
                #expect(try keys(table, txn, reverse: true) == [100, 90, 80, 70, 60, 50, 40, 30, 20, 10])
            }
        }
    }

    @Test("inclusive and exclusive bounds on both ends, forward and reverse")
    func boundInclusivity() throws {
        try withTens { env, table in
            try env.read { txn throws in
                func check(_ lowerInclusive: Bool, _ upperInclusive: Bool, _ want: [UInt32],
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
                    let bounds = KeyBounds(lower: encode(30), lowerInclusive: lowerInclusive, upper: encode(70),
                                           upperInclusive: upperInclusive)
                    #expect(try keys(table, txn, bounds) == want, sourceLocation: sourceLocation)
                    #expect(try keys(table, txn, bounds, reverse: true) == want.reversed(),
                            sourceLocation: sourceLocation)
                }
                try check(true, false, [30, 40, 50, 60])
                try check(true, true, [30, 40, 50, 60, 70])
                try check(false, false, [40, 50, 60])
                try check(false, true, [40, 50, 60, 70])
            }
        }
    }

    @Test("bounds between keys, open ends, and bounds outside the data")
    func boundsBetweenAndOutside() throws {
        try withTens { env, table in
            try env.read { txn throws in
                let between = try table.bounds(from: 25, to: 75)
                #expect(try keys(table, txn, between) == [30, 40, 50, 60, 70])
                #expect(try keys(table, txn, between, reverse: true) == [70, 60, 50, 40, 30])
                let from = try table.bounds(from: 85)
                #expect(try keys(table, txn, from) == [90, 100])
                #expect(try keys(table, txn, from, reverse: true) == [100, 90])
                let to = try table.bounds(to: 30, upperInclusive: true)
                #expect(try keys(table, txn, to) == [10, 20, 30])
                #expect(try keys(table, txn, to, reverse: true) == [30, 20, 10])
                let above = try table.bounds(from: 101)
                #expect(try keys(table, txn, above).isEmpty)
                #expect(try keys(table, txn, above, reverse: true).isEmpty)
                let below = try table.bounds(to: 10)
                #expect(try keys(table, txn, below).isEmpty)
                #expect(try keys(table, txn, below, reverse: true).isEmpty)
                let wide = try table.bounds(from: 0, to: .max)
                #expect(try keys(table, txn, wide).count == 10)
                #expect(try keys(table, txn, wide, reverse: true).count == 10)
                let inverted = try table.bounds(from: 70, to: 30)
                #expect(try keys(table, txn, inverted).isEmpty)
                #expect(try keys(table, txn, inverted, reverse: true).isEmpty)
                let empty = try table.bounds(from: 50, to: 50)
                #expect(try keys(table, txn, empty).isEmpty)
                #expect(try keys(table, txn, empty, reverse: true).isEmpty)
                let single = try table.bounds(from: 50, to: 50, upperInclusive: true)
                #expect(try keys(table, txn, single) == [50])
                #expect(try keys(table, txn, single, reverse: true) == [50])
            }
        }
    }

    @Test("the body can stop early, forward and reverse")
    func earlyStop() throws {
        try withTens { env, table in
            try env.read { txn throws in
                var seen: [UInt32] = []
                try table.scan(in: txn) { key, _ in
                    seen.append(key)
                    return seen.count < 3
                }
                #expect(seen == [10, 20, 30])
                seen = []
                try table.scanKeys(in: txn, over: try table.bounds(from: 40), reverse: true) { key in
                    seen.append(key)
                    return key > 80
                }
                #expect(seen == [100, 90, 80])
                #expect(try table.first(in: txn)?.key == 10)
                #expect(try table.first(in: txn, reverse: true)?.key == 100)
                #expect(try table.first(in: txn, over: try table.bounds(from: 35))?.value == "v40")
                #expect(try table.first(in: txn, over: try table.bounds(to: 35), reverse: true)?.key == 30)
            }
        }
    }

    @Test("an error thrown by the body ends the scan and propagates")
    func bodyThrows() throws {
        struct Stop: Error, Equatable {}
        try withTens { env, table in
            var visited = 0
            #expect(throws: Stop()) {
                try env.read { txn in
                    try table.scan(in: txn) { key, _ in
                        visited += 1
                        if key == 30 { throw Stop() }
                        return true
                    }
                }
            }
            #expect(visited == 3)
        }
    }

    @Test("an empty table yields nothing in any direction or bounds")
    func emptyTable() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("empty", key: UInt32Key.self, value: StringValue.self)
            try temp.env.read { txn throws in
                for bounds in [KeyBounds.all, try table.bounds(from: 1, to: 5), .prefix([0, 0]),
                               KeyBounds(lower: encode(1), lowerInclusive: false, upper: encode(9), upperInclusive: true)] {
                    #expect(try keys(table, txn, bounds).isEmpty)
                    #expect(try keys(table, txn, bounds, reverse: true).isEmpty)
                }
                #expect(try table.first(in: txn) == nil)
                #expect(try table.first(in: txn, reverse: true) == nil)
            }
        }
    }

    @Test("a composite prefix scans exactly one customer's entries, in order")
    func compositePrefix() throws {
        typealias Key = Pair<UInt64Key, Int64Key>
        try TemporaryEnvironment.with { temp in
            let purchases = try temp.env.openTable("purchases", key: Key.self, value: UInt64Value.self)
            try temp.env.write { txn in
                for customer in UInt64(1)...5 {
                    for time in Int64(-3)...3 { try purchases.put(customer * 100, for: (customer, time * 1000), in: txn) }
                }
                try purchases.put(0, for: (UInt64.max, 0), in: txn)
            }
            try temp.env.read { txn throws in
                var times: [Int64] = []
                try purchases.scan(in: txn, over: .prefix(try Key.prefix(3))) { key, value in
                    #expect(key.0 == 3)
                    #expect(value == 300)
                    times.append(key.1)
                    return true
                }
                #expect(times == [-3000, -2000, -1000, 0, 1000, 2000, 3000])
                times = []
                try purchases.scanKeys(in: txn, over: .prefix(try Key.prefix(3)), reverse: true) { key in
                    times.append(key.1)
                    return true
                }
                #expect(times == [3000, 2000, 1000, 0, -1000, -2000, -3000])
                // The last customer id is all FF bytes: its prefix has no successor and runs to the end.
                var last: [(UInt64, Int64)] = []
                try purchases.scanKeys(in: txn, over: .prefix(try Key.prefix(.max))) { key in
                    last.append(key)
                    return true
                }
                #expect(last.count == 1 && last.first?.0 == .max)
                var none = 0
                try purchases.scanKeys(in: txn, over: .prefix(try Key.prefix(6))) { _ in
                    none += 1
                    return true
                }
                #expect(none == 0)
            }
        }
    }

    @Test("string prefixes: a component prefix does not match longer strings; a raw prefix does")
    func stringPrefixes() throws {
        typealias Key = Pair<StringKey, UInt64Key>
        try TemporaryEnvironment.with { temp in
            let index = try temp.env.openTable("by-name", key: Key.self, value: EmptyValue.self)
            let names = ["ann", "anna", "ann\0", "an", "anne", "bob", "ann"]
            try temp.env.write { txn in
                for (id, name) in names.enumerated() { try index.put((), for: (name, UInt64(id)), in: txn) }
            }
            try temp.env.read { txn throws in
                var exact: [UInt64] = []
                try index.scanKeys(in: txn, over: .prefix(try Key.prefix("ann"))) { key in
                    exact.append(key.1)
                    return true
                }
                #expect(exact == [0, 6])  // only "ann", in id order; not "anna", "anne" or "ann\0"
                var startsWith: [String] = []
                try index.scanKeys(in: txn, over: .prefix(Array("ann".utf8))) { key in
                    startsWith.append(key.0)
                    return true
                }
                #expect(startsWith == ["ann", "ann", "ann\0", "anna", "anne"])
            }
        }
    }

    @Test("byte prefixes ending in FF bytes and the empty prefix")
    func bytePrefixEdges() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("raw", key: BytesKey.self, value: EmptyValue.self)
            let stored: [[UInt8]] = [[0x01], [0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF], [0x02], [0xFE],
                                     [0xFF], [0xFF, 0xFF], [0xFF, 0xFF, 0x01]]
            try temp.env.write { txn in
                for key in stored { try table.put((), for: key, in: txn) }
            }
            try temp.env.read { txn throws in
                func scan(_ prefix: [UInt8], reverse: Bool = false) throws -> [[UInt8]] {
                    var found: [[UInt8]] = []
                    try table.scanKeys(in: txn, over: .prefix(prefix), reverse: reverse) { key in
                        found.append(key)
                        return true
                    }
                    return found
                }
                #expect(try scan([0x01, 0xFF]) == [[0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF]])
                #expect(try scan([0x01, 0xFF], reverse: true) == [[0x01, 0xFF, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF]])
                #expect(try scan([0xFF]) == [[0xFF], [0xFF, 0xFF], [0xFF, 0xFF, 0x01]])
                #expect(try scan([0xFF, 0xFF], reverse: true) == [[0xFF, 0xFF, 0x01], [0xFF, 0xFF]])
                #expect(try scan([0x00]).isEmpty)
                #expect(try scan([0x00], reverse: true).isEmpty)
                // The empty prefix is every key.
                #expect(try scan([]) == stored)
                #expect(try scan([], reverse: true) == stored.reversed())
            }
        }
    }

    @Test("a scan inside a write sees the transaction's own changes")
    func scanInsideWrite() throws {
        try withTens { env, table in
            try env.write { txn in
                try table.put("v15", for: 15, in: txn)
                #expect(try table.delete(20, in: txn))
                #expect(try keys(table, txn, try table.bounds(to: 30)) == [10, 15])
                #expect(try keys(table, txn, try table.bounds(to: 30), reverse: true) == [15, 10])
            }
        }
    }

    @Test("random bounds agree with a sorted model")
    func randomBoundsAgainstModel() throws {
        var rng = TestRandom("scan.model")
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("random", key: UInt16Key.self, value: UInt16Key.self)
            var model = Set<UInt16>()
            for _ in 0..<300 {
                model.insert(UInt16.random(in: 0...2000, using: &rng) * (Bool.random(using: &rng) ? 1 : 32))
            }
            try temp.env.write { txn in
                for key in model { try table.put(key &* 3, for: key, in: txn) }
            }
            let sorted = model.sorted()
            var failures: [String] = []
            try temp.env.read { txn in
                for round in 0..<400 {
                    func bound() -> UInt16? {
                        switch Int.random(in: 0..<4, using: &rng) {
                        case 0: return nil
                        case 1: return sorted.randomElement(using: &rng)  // an existing key
                        default: return UInt16.random(in: 0 ... .max, using: &rng) / (Bool.random(using: &rng) ? 1 : 16)
                        }
                    }
                    let lower = bound()
                    let upper = bound()
                    let lowerInclusive = Bool.random(using: &rng)
                    let upperInclusive = Bool.random(using: &rng)
                    var bounds = KeyBounds(lowerInclusive: lowerInclusive, upperInclusive: upperInclusive)
                    bounds.lower = lower.map { key in var bytes: [UInt8] = []; UInt16Key.encode(key, into: &bytes); return bytes }
                    bounds.upper = upper.map { key in var bytes: [UInt8] = []; UInt16Key.encode(key, into: &bytes); return bytes }
                    let want = sorted.filter { key in
                        (lower.map { lowerInclusive ? key >= $0 : key > $0 } ?? true)
                            && (upper.map { upperInclusive ? key <= $0 : key < $0 } ?? true)
                    }
                    let limit = Int.random(in: 0...8, using: &rng) == 0 ? Int.random(in: 1...5, using: &rng) : Int.max
                    for reverse in [false, true] {
                        var got: [UInt16] = []
                        try table.scan(in: txn, over: bounds, reverse: reverse) { key, value in
                            if value != key &* 3 { failures.append("value of \(key) is \(value)") }
                            got.append(key)
                            return got.count < limit
                        }
                        let expected = Array((reverse ? want.reversed() : want).prefix(limit))
                        if got != expected {
                            failures.append("round \(round): lower \(String(describing: lower)) "
                                + "\(lowerInclusive ? "incl" : "excl"), upper \(String(describing: upper)) "
                                + "\(upperInclusive ? "incl" : "excl"), reverse \(reverse), limit \(limit): "
                                + "got \(got.prefix(8)), want \(expected.prefix(8))")
                        }
                    }
                }
            }
            #expect(failures.isEmpty, rng.comment(failures.prefix(3).joined(separator: "\n")))
        }
    }
}
