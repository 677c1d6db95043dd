#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// The store never opens a file it did not create unless the caller consents (`StoreOptions.allowForeignFiles`,
/// RELIABILITY.md pitfall 10): an LMDB environment without Clientele's format marker is refused with
/// `ClienteleError.notAClienteleStore`, before anything is written to it. What an interrupted creation leaves behind
/// (only Clientele's own tables, all empty, no marker) is not foreign: the next open finishes the creation.
@Suite("Foreign files")
struct ForeignFilesTests {
    /// A fresh directory path (not created).
    static func freshPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("clientele-foreign-\(UUID().uuidString)").path
    }

    /// An LMDB environment made by LMDBKit in `path`, with `tables` (name → rows), then closed.
    static func makeEnvironment(_ path: String, tables: [String: [String: String]]) throws {
        let env = try Environment.open(path: path)
        for (name, rows) in tables.sorted(by: { $0.key < $1.key }) {
            let table = try env.openTable(name, key: StringKey.self, value: StringValue.self)
            try env.write { txn in
                for (key, value) in rows { try table.put(value, for: key, in: txn) }
            }
        }
    }

    static func dataFile(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
    }

    static func expectRefused(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try Store.open(at: path)
        } throws: { error in
            guard case ClienteleError.notAClienteleStore = error else { return false }
            return true
        }
    }

    @Test("an LMDB environment without Clientele's marker is refused and left unchanged", arguments: [
        ["rows": ["k1": "v1", "k2": "v2"]],
        // A table that happens to be called "meta", as Clientele's is.
        ["meta": ["schema": "7"], "rows": ["k": "v"]],
        // Clientele's table names, but holding data and no format marker.
        ["meta": [:], "customers": ["x": "y"]],
    ])
    func foreignEnvironmentIsRefused(tables: [String: [String: String]]) throws {
        let path = Self.freshPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.makeEnvironment(path, tables: tables)
        let before = try Self.dataFile(path)
        Self.expectRefused(path)
        #expect(throws: ClienteleError.self) { _ = try Store.openExisting(at: path) }
        #expect(try Self.dataFile(path) == before, "the refused file was written to")

        // Its data is intact for its owner.
        let env = try Environment.open(path: path)
        for (name, rows) in tables {
            let table = try env.openTable(name, key: StringKey.self, value: StringValue.self)
            for (key, value) in rows { #expect(try env.read { try table.get(key, in: $0) } == value) }
        }
    }

    @Test("the command-line tool refuses it too, with exit 74")
    func commandLineRefuses() throws {
        let clientele = try builtProduct("clientele")
        let path = Self.freshPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.makeEnvironment(path, tables: ["rows": ["k": "v"]])
        let before = try Self.dataFile(path)
        for command in [["verify"], ["stats"], ["erase", "k"], ["compact"]] {
            let run = try runCaptured(clientele, command + ["--store", path])
            #expect(!run.signaled && run.status == 74, "\(command): \(run)")
            #expect(run.stderr.contains("not a Clientele store"), "\(command): \(run)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("p-\(UUID().uuidString).csv").path
        defer { unlink(file) }
        try Data("customer_id,order_id,occurred_at,amount\nc1,o1,2024-01-01,1.00\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        let run = try runCaptured(clientele, ["import", "purchases", "--store", path, "--quiet", file])
        #expect(!run.signaled && run.status == 74, "\(run)")
        #expect(try Self.dataFile(path) == before)
    }

    @Test("with the caller's consent (allowForeignFiles) it opens, and the foreign data stays")
    func consentOpens() throws {
        let path = Self.freshPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.makeEnvironment(path, tables: ["rows": ["k": "v"]])
        var options = StoreOptions()
        options.allowForeignFiles = true
        let store = try Store.open(at: path, options: options)
        try store.write { w in
            _ = try w.record(Purchase(customer: "c", orderID: "o", occurredAt: at(2024, 1, 1), amount: money(100)))
        }
        #expect(try store.verify().isClean)
        let rows = try store.environment.openTable("rows", key: StringKey.self, value: StringValue.self)
        #expect(try store.environment.read { try rows.get("k", in: $0) } == "v")
    }

    @Test("a file that is not LMDB at all is a typed error, not a crash")
    func notLMDB() throws {
        let path = Self.freshPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(mkdir(path, 0o700) == 0)
        var random = TestGenerator()
        let garbage = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) }
        #expect(FileManager.default.createFile(atPath: path + "/data.mdb", contents: Data(garbage),
                                               attributes: [.posixPermissions: 0o600]))
        #expect(throws: ClienteleError.self) { _ = try Store.open(at: path) }
        #expect(try Self.dataFile(path) == Data(garbage))
    }

    @Test("an interrupted creation (Clientele's tables, empty, no marker) is finished, not refused", arguments: [0, 1, 5, 20])
    func interruptedCreationIsFinished(tablesCreated: Int) throws {
        let path = Self.freshPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // What a process killed while creating the store leaves: the data file, and the first tables it opened.
        let names = Array(Schema.tableNames.prefix(tablesCreated))
        try Self.makeEnvironment(path, tables: Dictionary(uniqueKeysWithValues: names.map { ($0, [:]) }))
        let store = try Store.open(at: path)
        try store.write { w in
            _ = try w.record(Purchase(customer: "c", orderID: "o", occurredAt: at(2024, 1, 1), amount: money(100)))
        }
        #expect(try store.read { try $0.counts() } == (1, 1))
        #expect(try store.verify().isClean)
    }
}
