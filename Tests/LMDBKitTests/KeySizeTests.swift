import LMDBKit
import Testing

// Key sizes (RELIABILITY.md pitfall 7, test 12): LMDB takes keys of 1...511 bytes. LMDBKit checks the encoded size
// before LMDB sees the key and throws a typed error that leaves the transaction usable.

@Suite("Key size")
struct KeySizeTests {
    @Test("the limit is 511 bytes")
    func limit() throws {
        try TemporaryEnvironment.with { temp in
            #expect(temp.env.maxKeySize == 511)
        }
    }

    @Test("a 511-byte key is stored; a 512-byte key is rejected before LMDB sees it")
    func boundary() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let table = try env.openTable("t", key: BytesKey.self, value: StringValue.self)
            let key510 = [UInt8](repeating: 0xAB, count: 510)
            let key511 = [UInt8](repeating: 0xAB, count: 511)
            let key512 = [UInt8](repeating: 0xAB, count: 512)

            try env.write { txn in
                try table.put("510", for: key510, in: txn)
                try table.put("511", for: key511, in: txn)
                // An armed put fault would fire at the first put that reaches LMDB; the oversized key must not.
                env.faults.arm(.put, onCall: 1, code: .io)
                #expect(throws: LMDBError.keyTooLarge(table: "t", size: 512, limit: 511)) {
                    try table.put("512", for: key512, in: txn)
                }
                #expect(env.faults.fired == 0, "the oversized put reached the LMDB call")
                env.faults.disarm()
                // The transaction is still good: this write commits together with the two above.
                try table.put("after", for: [1], in: txn)
            }
            try env.read { txn throws in
                #expect(try table.get(key510, in: txn) == "510")
                #expect(try table.get(key511, in: txn) == "511")
                #expect(try table.get([1], in: txn) == "after")
                #expect(try table.count(in: txn) == 3)
                #expect(throws: LMDBError.keyTooLarge(table: "t", size: 512, limit: 511)) {
                    try table.get(key512, in: txn)
                }
                #expect(throws: LMDBError.keyTooLarge(table: "t", size: 512, limit: 511)) {
                    try table.contains(key512, in: txn)
                }
            }
            try env.write { txn in
                #expect(throws: LMDBError.keyTooLarge(table: "t", size: 512, limit: 511)) {
                    try table.delete(key512, in: txn)
                }
                #expect(throws: LMDBError.keyTooLarge(table: "t", size: 600, limit: 511)) {
                    try table.put("x", for: [UInt8](repeating: 1, count: 600), flags: .noOverwrite, in: txn)
                }
                #expect(throws: LMDBError.keyTooLarge(table: "t", size: 512, limit: 511)) {
                    try table.putEncoded([], forEncodedKey: key512, in: txn)
                }
            }
        }
    }

    @Test("the encoded size counts, not the value's length")
    func encodedSizeOfComposite() throws {
        try TemporaryEnvironment.with { temp in
            typealias Key = Pair<StringKey, UInt64Key>
            let table = try temp.env.openTable("index", key: Key.self, value: EmptyValue.self)
            // Each NUL escapes to 2 bytes; the component ends with a 2-byte terminator; the id takes 8 bytes.
            let fits = String(repeating: "\0", count: 250) + "a"  // 500 + 1 + 2 + 8 = 511
            let tooLong = String(repeating: "\0", count: 251)  // 502 + 2 + 8 = 512, from a 251-character string
            #expect(try table.encodeKey((fits, 1)).count == 511)
            #expect(throws: LMDBError.keyTooLarge(table: "index", size: 512, limit: 511)) {
                try table.encodeKey((tooLong, 1))
            }
            try temp.env.write { txn in
                try table.put((), for: (fits, 1), in: txn)
                #expect(throws: LMDBError.keyTooLarge(table: "index", size: 512, limit: 511)) {
                    try table.put((), for: (tooLong, 1), in: txn)
                }
            }
            #expect(try temp.env.read { try table.count(in: $0) } == 1)
        }
    }

    @Test("an empty key is rejected with emptyKey")
    func emptyKey() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let strings = try env.openTable("strings", key: StringKey.self, value: UInt64Value.self)
            let bytes = try env.openTable("bytes", key: BytesKey.self, value: UInt64Value.self)
            try env.write { txn in
                env.faults.arm(.put, onCall: 1, code: .io)
                #expect(throws: LMDBError.emptyKey(table: "strings")) { try strings.put(1, for: "", in: txn) }
                #expect(throws: LMDBError.emptyKey(table: "bytes")) { try bytes.put(1, for: [], in: txn) }
                #expect(throws: LMDBError.emptyKey(table: "bytes")) { try bytes.put(1, for: [], flags: .noOverwrite, in: txn) }
                #expect(throws: LMDBError.emptyKey(table: "bytes")) {
                    try bytes.putEncoded([0], forEncodedKey: [], in: txn)
                }
                #expect(env.faults.fired == 0)
                env.faults.disarm()
                #expect(throws: LMDBError.emptyKey(table: "strings")) { try strings.delete("", in: txn) }
                try strings.put(7, for: "k", in: txn)
            }
            try env.read { txn throws in
                #expect(throws: LMDBError.emptyKey(table: "strings")) { try strings.get("", in: txn) }
                #expect(try strings.get("k", in: txn) == 7)
                #expect(try bytes.count(in: txn) == 0)
            }
        }
    }

    @Test("error descriptions name the table and sizes but never the key")
    func descriptionsCarryNoKeyBytes() {
        let error = LMDBError.keyTooLarge(table: "emails", size: 512, limit: 511)
        #expect(error.description.contains("emails"))
        #expect(error.description.contains("512"))
        #expect(error.description.contains("511"))
        #expect(LMDBError.emptyKey(table: "emails").description.contains("emails"))
    }
}
