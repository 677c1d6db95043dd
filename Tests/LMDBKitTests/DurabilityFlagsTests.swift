import CLMDB
import LMDBKit
import Testing

// The flags LMDB reports (`mdb_env_get_flags`) for each durability mode: exactly the documented ones, and never a
// flag that weakens crash safety or leaks memory into the file (RELIABILITY.md §1 table).

private let notls = UInt32(MDB_NOTLS)
private let nometasync = UInt32(MDB_NOMETASYNC)
private let nosync = UInt32(MDB_NOSYNC)

/// The sync, lock and map flags the test is about.
private let relevant = UInt32(
    MDB_NOTLS | MDB_NOSYNC | MDB_NOMETASYNC | MDB_WRITEMAP | MDB_MAPASYNC | MDB_NOLOCK | MDB_NOMEMINIT
        | MDB_RDONLY | MDB_FIXEDMAP | MDB_NOSUBDIR | MDB_NORDAHEAD)

/// Flags LMDBKit must never set.
private let forbidden = UInt32(MDB_WRITEMAP | MDB_MAPASYNC | MDB_NOLOCK | MDB_NOMEMINIT)

private func flagNames(_ flags: UInt32) -> String {
    let names: [(Int32, String)] = [
        (MDB_NOTLS, "NOTLS"), (MDB_NOSYNC, "NOSYNC"), (MDB_NOMETASYNC, "NOMETASYNC"), (MDB_WRITEMAP, "WRITEMAP"),
        (MDB_MAPASYNC, "MAPASYNC"), (MDB_NOLOCK, "NOLOCK"), (MDB_NOMEMINIT, "NOMEMINIT"), (MDB_RDONLY, "RDONLY"),
        (MDB_FIXEDMAP, "FIXEDMAP"), (MDB_NOSUBDIR, "NOSUBDIR"), (MDB_NORDAHEAD, "NORDAHEAD"),
    ]
    return names.filter { flags & UInt32($0.0) != 0 }.map(\.1).joined(separator: "|")
}

struct DurabilityCase: Sendable, CustomTestStringConvertible {
    let durability: Durability
    let expected: UInt32
    var testDescription: String { "\(durability)" }
}

@Suite("Durability flags")
struct DurabilityFlagsTests {
    static let cases = [
        DurabilityCase(durability: .durable, expected: notls),
        DurabilityCase(durability: .relaxed, expected: notls | nometasync),
        DurabilityCase(durability: .bulk, expected: notls | nosync),
    ]

    @Test("each durability mode opens with exactly its flags", arguments: cases)
    func openFlags(_ mode: DurabilityCase) throws {
        var options = EnvironmentOptions()
        options.durability = mode.durability
        try TemporaryEnvironment.with(options: options) { temp in
            let flags = temp.env.openFlags
            #expect(flags & relevant == mode.expected,
                    "got \(flagNames(flags & relevant)), want \(flagNames(mode.expected))")
            #expect(flags & forbidden == 0, "forbidden flags set: \(flagNames(flags & forbidden))")

            // The flags are per open, not stored in the file: a reopen in the same mode reports the same flags,
            // and the data written in this mode is there.
            let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            try temp.env.write { txn in try table.put("committed", for: 1, in: txn) }
            if mode.durability == .bulk { try temp.env.sync() }
            let reopened = try temp.reopen()
            #expect(reopened.openFlags & relevant == mode.expected)
            let table2 = try reopened.openTable("t", key: UInt64Key.self, value: StringValue.self)
            #expect(try reopened.read { txn in try table2.get(1, in: txn) } == "committed")
        }
    }

    @Test("the default options are durable")
    func defaultIsDurable() throws {
        #expect(EnvironmentOptions().durability == .durable)
        try TemporaryEnvironment.with { temp in
            #expect(temp.env.openFlags & relevant == notls, "got \(flagNames(temp.env.openFlags & relevant))")
        }
    }

    @Test("reopening a bulk store as durable drops NOSYNC")
    func modeChangesAcrossReopen() throws {
        var bulk = EnvironmentOptions()
        bulk.durability = .bulk
        try TemporaryEnvironment.with(options: bulk) { temp in
            #expect(temp.env.openFlags & nosync != 0)
            let durable = try temp.reopen(options: EnvironmentOptions())
            #expect(durable.openFlags & relevant == notls, "got \(flagNames(durable.openFlags & relevant))")
        }
    }
}
