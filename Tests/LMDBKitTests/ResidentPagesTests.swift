import LMDBKit
import Testing

// Dropping the map's resident pages (`releaseResidentPages`): resident file-backed memory falls, and every byte reads
// back the same afterwards, also from inside a write transaction that keeps writing.

@Suite("Releasing resident map pages")
struct ResidentPagesTests {
    #if os(Linux)
    @Test("resident file pages fall and the data reads back intact")
    func releaseKeepsData() throws {
        var options = EnvironmentOptions()
        options.durability = .bulk
        try TemporaryEnvironment.with(options: options) { temp in
            let table = try temp.env.openTable("blobs", key: UInt64Key.self, value: BytesValue.self)
            let blob = { (key: UInt64) in [UInt8](repeating: UInt8(truncatingIfNeeded: key &* 31), count: 2_000) }
            try temp.env.write { txn in
                for key in UInt64(0)..<20_000 { try table.put(blob(key), for: key, in: txn) }
            }
            func readAll() throws -> Bool {
                try temp.env.read { txn in
                    var intact = true
                    try table.scan(in: txn) { key, value in
                        intact = intact && value == blob(key)
                        return true
                    }
                    return intact
                }
            }
            #expect(try readAll())
            let before = try #require(Environment.residentBytes()).file
            try temp.env.releaseResidentPages()
            let after = try #require(Environment.residentBytes()).file
            // ~40 MB of data were mapped by the scan; at least most of it is dropped.
            #expect(before - after > 20 << 20, "before \(before), after \(after)")
            #expect(try readAll())
        }
    }

    @Test("released inside a write transaction, which goes on writing and commits everything")
    func releaseInsideWrite() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("numbers", key: UInt64Key.self, value: UInt64Value.self)
            try temp.env.write { txn in
                for key in UInt64(0)..<5_000 {
                    try table.put(key &* 7, for: key, in: txn)
                    if key % 500 == 0 { temp.env.releaseResidentPages(within: txn) }
                }
                #expect(try table.get(4_321, in: txn) == 4_321 &* 7)
            }
            let stored = try temp.env.read { txn throws -> [UInt64?] in
                try (UInt64(0)..<5_000).map { try table.get($0, in: txn) }
            }
            #expect(stored == (UInt64(0)..<5_000).map { $0 &* 7 })
        }
    }
    #endif
}
