#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LMDBKit
import Testing

// Environment.copy (RELIABILITY.md pitfall 9): a consistent copy that opens as a store with the same data; the
// compacting copy leaves free pages (deleted data) out; the target must not exist. Modes are in PermissionsTests.

/// Opens a copied data file as a store: moves it into a fresh directory as data.mdb.
private func openCopy(_ file: String, in root: TemporaryDirectory, name: String) throws -> Environment {
    let directory = root.file(name)
    #expect(mkdir(directory, 0o700) == 0)
    #expect(rename(file, directory + "/data.mdb") == 0)
    return try Environment.open(path: directory)
}

private func fileSize(_ path: String) throws -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { throw HelperError("stat \(path): errno \(errno)") }
    return Int(info.st_size)
}

@Suite("Copy")
struct CopyTests {
    @Test("a copy and a compact copy open with the same data; the compact one is smaller after deletes")
    func copiesHoldTheData() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            try env.write { txn in
                for id in UInt64(0)..<2000 { try rows.put([UInt8](repeating: UInt8(id % 251), count: 1000), for: id, in: txn) }
            }
            try env.write { txn in
                for id in UInt64(0)..<2000 where id % 10 != 0 { try rows.delete(id, in: txn) }
            }
            let plain = temp.root.file("plain.mdb")
            let compact = temp.root.file("compact.mdb")
            try env.copy(to: plain, compact: false)
            try env.copy(to: compact, compact: true)
            #expect(try fileSize(compact) < fileSize(plain))

            for (file, name) in [(plain, "plain"), (compact, "compact")] {
                let copy = try openCopy(file, in: temp.root, name: name)
                let table = try copy.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
                try copy.read { txn throws in
                    #expect(try table.count(in: txn) == 200, "\(name)")
                    #expect(try table.get(1990, in: txn) == [UInt8](repeating: UInt8(1990 % 251), count: 1000))
                    #expect(try table.get(1991, in: txn) == nil)
                }
            }
        }
    }

    @Test("a copy made while a write is pending holds only committed data")
    func copyIsASnapshot() throws {
        try TemporaryEnvironment.with { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: StringValue.self)
            try env.write { txn in try rows.put("committed", for: 1, in: txn) }
            let file = temp.root.file("snapshot.mdb")
            // The copy runs on another thread while this thread's write transaction is open and uncommitted.
            let failures = FailureLog()
            let group = ThreadGroup()
            try env.write { txn in
                try rows.put("uncommitted", for: 2, in: txn)
                group.spawn {
                    do { try env.copy(to: file, compact: true) } catch { failures.record("\(error)") }
                }
                group.join()
            }
            #expect(failures.all.isEmpty, "\(failures.summary)")
            let copy = try openCopy(file, in: temp.root, name: "snapshot")
            let table = try copy.openTable("rows", key: UInt64Key.self, value: StringValue.self)
            try copy.read { txn throws in
                #expect(try table.get(1, in: txn) == "committed")
                #expect(try table.get(2, in: txn) == nil)
            }
        }
    }

    @Test("copies taken while another thread grows the map are complete snapshots")
    func copyWhileTheMapGrows() throws {
        let mib = 1 << 20
        let valueSize = 4080
        var options = EnvironmentOptions.mapSize(initial: mib)
        options.durability = .bulk
        try TemporaryEnvironment.with(options: options) { temp in
            let env = temp.env
            let rows = try env.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
            @Sendable func value(_ id: UInt64) -> [UInt8] { [UInt8](repeating: UInt8(truncatingIfNeeded: id), count: valueSize) }
            // ~12 MiB first, so that every copy takes a while; then grow to ~100 MiB while copies run.
            let preload: UInt64 = 3000
            let total: UInt64 = 25000
            try env.write { txn in
                for id in 0..<preload { try rows.put(value(id), for: id, in: txn) }
            }
            let failures = FailureLog()
            let copies = Counter()
            let done = StopFlag()
            let copying = StopFlag()
            let copier = ThreadGroup()
            let root = temp.root
            copier.spawn(name: "copier") {
                // Copy back to back (verifying later), so that the writer's map growth meets a running copy.
                while !done.isSet && copies.count < 8 {
                    copying.set()
                    do {
                        try env.copy(to: root.file("copy-\(copies.count).mdb"), compact: copies.count % 2 == 1)
                    } catch {
                        failures.record("copy \(copies.count): \(error)")
                    }
                    copies.add()
                }
            }
            while !copying.isSet { sched_yield() }
            var next = preload
            while next < total {
                let end = min(next + 500, total)
                try env.write { txn in
                    for id in next..<end { try rows.put(value(id), for: id, in: txn) }
                }
                next = end
            }
            done.set()
            copier.join()
            // Every copy is a committed state: whole batches, every row intact.
            for round in 0..<copies.count {
                let name = "copy-\(round)"
                do {
                    let copy = try openCopy(root.file(name + ".mdb"), in: root, name: name)
                    let table = try copy.openTable("rows", key: UInt64Key.self, value: BytesValue.self)
                    try copy.read { txn in
                        let count = try table.count(in: txn)
                        if count < Int(preload) || count > Int(total) || count % 500 != 0 {
                            failures.record("\(name): \(count) rows, not a committed state")
                        }
                        var expected: UInt64 = 0
                        try table.scan(in: txn) { id, stored in
                            if id != expected || stored != value(id) {
                                failures.record("\(name): row \(id) wrong")
                                return false
                            }
                            expected += 1
                            return true
                        }
                    }
                } catch {
                    failures.record("\(name): \(error)")
                }
                root.removeItem(name)
                root.removeItem(name + ".mdb")
            }
            #expect(failures.all.isEmpty, "\(failures.summary)")
            #expect(copies.count > 0)
            #expect(env.mapSize >= Int(total) * 4096)
        }
    }

    @Test("copying onto an existing file is refused and leaves it alone")
    func existingTarget() throws {
        try TemporaryEnvironment.with { temp in
            let file = temp.root.file("exists.mdb")
            #expect(FileManager.default.createFile(atPath: file, contents: Data("keep".utf8)))
            #expect {
                try temp.env.copy(to: file, compact: false)
            } throws: { error in
                guard case LMDBError.fileSystem(let operation, _, let code) = error else { return false }
                return operation == "open" && code == EEXIST
            }
            #expect(FileManager.default.contents(atPath: file) == Data("keep".utf8))
        }
    }
}
