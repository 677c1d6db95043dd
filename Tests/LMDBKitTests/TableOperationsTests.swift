import LMDBKit
import Testing

// Point operations on tables: get/contains, put, insert-if-absent, delete (returns whether present), count,
// removeAll, the table limit, and decoding failures as typed errors that carry no stored bytes.

@Suite("Table operations")
struct TableOperationsTests {
    @Test("insert stores only when the key is absent and reports which")
    func insertIfAbsent() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: StringKey.self, value: UInt64Value.self)
            try temp.env.write { txn throws in
                #expect(try table.put(1, for: "a", flags: .noOverwrite, in: txn))
                #expect(try !table.put(2, for: "a", flags: .noOverwrite, in: txn))
                #expect(try table.get("a", in: txn) == 1)  // unchanged
            }
            try temp.env.write { txn throws in
                #expect(try !table.put(3, for: "a", flags: .noOverwrite, in: txn))  // also across transactions
                try table.put(4, for: "a", in: txn)  // put overwrites
                #expect(try table.delete("a", in: txn))
                #expect(try table.put(5, for: "a", flags: .noOverwrite, in: txn))  // absent again after delete
            }
            #expect(try temp.env.read { try table.get("a", in: $0) } == 5)
            #expect(try temp.env.read { try table.count(in: $0) } == 1)
        }
    }

    @Test("a refused insert does not spoil the transaction")
    func refusedInsertKeepsTransaction() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            try temp.env.write { txn in try table.put("first", for: 1, in: txn) }
            try temp.env.write { txn throws in
                #expect(try !table.put("second", for: 1, flags: .noOverwrite, in: txn))
                try table.put("two", for: 2, in: txn)
            }
            try temp.env.read { txn throws in
                #expect(try table.get(1, in: txn) == "first")
                #expect(try table.get(2, in: txn) == "two")
            }
        }
    }

    @Test("delete returns whether the key was present")
    func deleteReportsPresence() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            try temp.env.write { txn throws in
                #expect(try !table.delete(1, in: txn))
                try table.put("x", for: 1, in: txn)
                #expect(try table.delete(1, in: txn))
                #expect(try !table.delete(1, in: txn))
                try table.put("y", for: 2, in: txn)
            }
            try temp.env.write { txn throws in
                #expect(try table.delete(2, in: txn))
                #expect(try !table.delete(2, in: txn))
                #expect(try !table.deleteEncoded([0, 0, 0, 0, 0, 0, 0, 9], in: txn))
            }
            #expect(try temp.env.read { try table.count(in: $0) } == 0)
        }
    }

    @Test("get, contains and count follow puts, overwrites, deletes and removeAll")
    func countAndLookups() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            let other = try temp.env.openTable("other", key: UInt64Key.self, value: StringValue.self)
            try temp.env.read { txn throws in
                #expect(try table.count(in: txn) == 0)
                #expect(try table.get(1, in: txn) == nil)
                #expect(try !table.contains(1, in: txn))
            }
            try temp.env.write { txn throws in
                for id in UInt64(1)...100 { try table.put("v\(id)", for: id, in: txn) }
                for id in UInt64(1)...10 { try table.put("again \(id)", for: id, in: txn) }  // overwrites
                for id in UInt64(91)...100 { try table.delete(id, in: txn) }
                try other.put("separate", for: 1, in: txn)
            }
            try temp.env.read { txn throws in
                #expect(try table.count(in: txn) == 90)
                #expect(try table.get(5, in: txn) == "again 5")
                #expect(try table.get(50, in: txn) == "v50")
                #expect(try table.contains(90, in: txn))
                #expect(try !table.contains(91, in: txn))
                #expect(try other.count(in: txn) == 1)
            }
            try temp.env.write { txn in try table.removeAll(in: txn) }
            try temp.env.read { txn throws in
                #expect(try table.count(in: txn) == 0)
                #expect(try table.first(in: txn) == nil)
                #expect(try other.get(1, in: txn) == "separate")  // other tables untouched
            }
            // The emptied table is still usable.
            try temp.env.write { txn in try table.put("back", for: 7, in: txn) }
            #expect(try temp.env.read { try table.count(in: $0) } == 1)
        }
    }

    @Test("tables keep their contents across a reopen; opening a table twice gives the same data")
    func persistenceAndReopenTable() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            try temp.env.write { txn in try table.put("persisted", for: 1, in: txn) }
            let same = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            #expect(try temp.env.read { try same.get(1, in: $0) } == "persisted")
            let env = try temp.reopen()
            let reopened = try env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            #expect(try env.read { try reopened.get(1, in: $0) } == "persisted")
            #expect(reopened.name == "t")
        }
    }

    @Test("more tables than maxTables is MDB_DBS_FULL, and the environment stays usable")
    func tableLimit() throws {
        var options = EnvironmentOptions()
        options.maxTables = 2
        try TemporaryEnvironment.with(options: options) { temp in
            let a = try temp.env.openTable("a", key: UInt64Key.self, value: StringValue.self)
            _ = try temp.env.openTable("b", key: UInt64Key.self, value: StringValue.self)
            #expect {
                _ = try temp.env.openTable("c", key: UInt64Key.self, value: StringValue.self)
            } throws: { error in
                (error as? LMDBError)?.code == .tablesFull
            }
            try temp.env.write { txn in try a.put("still fine", for: 1, in: txn) }
            #expect(try temp.env.read { try a.get(1, in: $0) } == "still fine")
        }
    }

    @Test("undecodable stored bytes are a typed decoding error that does not contain them")
    func decodingErrors() throws {
        try TemporaryEnvironment.with { temp in
            let raw = try temp.env.openTable("mixed", key: BytesKey.self, value: BytesValue.self)
            let typed = try temp.env.openTable("mixed", key: StringKey.self, value: UInt64Value.self)
            let secret = Array("secret@example.com".utf8)
            try temp.env.write { txn throws in
                try raw.put(secret, for: Array("bad-value".utf8), in: txn)  // 18 bytes, not a UInt64
                try raw.put([0, 0, 0, 0, 0, 0, 0, 1], for: [0xFF, 0xFE], in: txn)  // key not UTF-8
            }
            try temp.env.read { txn throws in
                #expect {
                    try typed.get("bad-value", in: txn)
                } throws: { error in
                    guard case LMDBError.decoding(let table, _) = error else { return false }
                    return table == "mixed" && !String(describing: error).contains("secret")
                }
                #expect {
                    try typed.scan(in: txn) { _, _ in true }
                } throws: { error in
                    guard case LMDBError.decoding = error else { return false }
                    return true
                }
                // Raw access still works, for repair tools.
                #expect(try raw.count(in: txn) == 2)
            }
        }
    }

    @Test("encodeKey gives the stored bytes and withRawValue reads them without decoding")
    func rawAccess() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: Pair<StringKey, UInt16Key>.self, value: StringValue.self)
            try temp.env.write { txn in try table.put("value", for: ("k", 258), in: txn) }
            let key = try table.encodeKey(("k", 258))
            #expect(key == [0x6B, 0, 0, 1, 2])
            let length = try temp.env.read { txn throws in
                try table.withRawValue(forEncodedKey: key, in: txn) { $0.count }
            }
            #expect(length == 5)
            let missing = try temp.env.read { txn throws in
                try table.withRawValue(forEncodedKey: [0x6B], in: txn) { $0.count }
            }
            #expect(missing == nil)
        }
    }
}
