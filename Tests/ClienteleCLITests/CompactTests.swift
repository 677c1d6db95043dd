#if canImport(Glibc)
import Glibc
#endif
import Clientele
import Foundation
import Testing

/// `clientele compact`: a compacted, verified 0600 copy swapped in; refused while another process has the store open.
@Suite("Compact")
struct CompactTests {
    static let canary = "CanaryErase-5d1@Example.com"

    func seededStore(_ dir: TemporaryDirectory) throws -> String {
        let store = dir.file("store")
        var customers = "customer_id,email,name\nvictim,\(Self.canary),Victim\n"
        var purchases = "customer_id,order_id,occurred_at,amount,category\n"
        for index in 1...400 {
            customers += "c\(index),c\(index)@example.com,Customer \(index)\n"
            let day = index % 28 + 1 < 10 ? "0\(index % 28 + 1)" : "\(index % 28 + 1)"
            purchases += "c\(index),o\(index),2024-01-\(day),\(index).00,books\n"
            purchases += "victim,v\(index),2024-02-\(day),1.00,toys\n"
        }
        let c = try CLI.run(["import", "customers", "--store", store, "--quiet", try dir.write("c.csv", customers)])
        let p = try CLI.run(["import", "purchases", "--store", store, "--quiet", try dir.write("p.csv", purchases)])
        #expect(c.status == 0 && p.status == 0, "\(c)\n\(p)")
        return store
    }

    func occurrences(of needle: String, in file: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let pattern = Data(needle.utf8)
        var count = 0
        var start = data.startIndex
        while let range = data.range(of: pattern, in: start..<data.endIndex) {
            count += 1
            start = range.upperBound
        }
        return count
    }

    @Test("after an erase, compact removes the erased bytes; the store verifies and keeps mode 0600")
    func compactsAfterErase() throws {
        let dir = try TemporaryDirectory()
        let store = try seededStore(dir)
        let erase = try CLI.run(["erase", "victim", "--store", store])
        #expect(erase.status == 0, "\(erase)")
        let before = StatsSnapshot(try CLI.run(["stats", "--store", store, "--output", "csv"]).stdout)
        let sizeBefore = try FileManager.default.attributesOfItem(atPath: store + "/data.mdb")[.size] as? Int ?? 0

        let result = try CLI.run(["compact", "--store", store])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("compacted:"))
        #expect(try occurrences(of: Self.canary, in: store + "/data.mdb") == 0)
        let sizeAfter = try FileManager.default.attributesOfItem(atPath: store + "/data.mdb")[.size] as? Int ?? 0
        #expect(sizeAfter <= sizeBefore)
        var info = stat()
        #expect(stat(store + "/data.mdb", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).sorted() == ["data.mdb", "lock.mdb"])
        let after = StatsSnapshot(try CLI.run(["stats", "--store", store, "--output", "csv"]).stdout)
        #expect(before == after)
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        // The store keeps working: write and read again.
        let more = try dir.write("more.csv", "customer_id,order_id,occurred_at,amount\nz1,oz1,2024-05-01,1.00\n")
        #expect(try CLI.run(["import", "purchases", "--store", store, "--quiet", more]).status == 0)
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }

    @Test("the swap is refused while another process has the store open")
    func refusedWhileOpen() throws {
        let dir = try TemporaryDirectory()
        let store = try seededStore(dir)
        do {
            let open = try Store.openExisting(at: store)
            let result = try CLI.run(["compact", "--store", store])
            #expect(result.status == 74, "\(result)")
            #expect(result.stderr.contains("open in another process"), "\(result)")
            _ = try open.read { try $0.counts() }
        }
        // Closed now: compact goes through.
        let result = try CLI.run(["compact", "--store", store])
        #expect(result.status == 0, "\(result)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }
}
