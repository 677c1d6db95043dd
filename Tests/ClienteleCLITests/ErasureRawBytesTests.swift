#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Erasure down to the raw bytes (RELIABILITY.md test 15, §5; issue 7 item 6), and private file modes whatever the
/// umask (test 22). A customer with a canary email, name and phone is imported and erased with the tool, under umask
/// 000 and 022. The erase leaves no logical trace (ErasureTests) but LMDB keeps the erased bytes on free pages until
/// they are reused, so the data file may still contain them; after `clientele compact` it contains none. The
/// directory stays 0700 and data.mdb (the compacted copy, swapped in), lock.mdb and a rejects file are 0600.
@Suite("Erasure leaves no raw bytes after compact")
struct ErasureRawBytesTests {
    static let email = "Raw.Canary-3e9@Example.org"
    static let name = "Wendeline Rawcanary"
    static let phone = "+1-555-0177-3390"
    static let id = "RawCanary-3e9"

    static func occurrences(of needle: String, in file: String) throws -> Int {
        guard let data = FileManager.default.contents(atPath: file) else { return 0 }
        var count = 0
        var start = data.startIndex
        let pattern = Data(needle.utf8)
        while let range = data.range(of: pattern, in: start..<data.endIndex) {
            count += 1
            start = range.upperBound
        }
        return count
    }

    /// Hits of every canary (email as given and normalized, name, phone, id, order ids) in `file`.
    static func hits(in file: String) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for needle in [email, email.lowercased(), name, phone, id, "raw-order-"] {
            let count = try occurrences(of: needle, in: file)
            if count > 0 { result[needle] = count }
        }
        return result
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0o7777 }
        return info.st_mode & 0o777
    }

    @Test("erase then compact: no canary byte left; modes private", arguments: [mode_t(0), mode_t(0o022)])
    func eraseThenCompact(umask mask: mode_t) throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        var customers = "customer_id,email,name,phone\n\(Self.id),\(Self.email),\(Self.name),\(Self.phone)\n"
        var purchases = "customer_id,order_id,occurred_at,amount,category\n"
        for index in 0..<300 {
            customers += "keep-\(index),keep\(index)@example.com,Keeper \(index),+1-555-\(1000 + index)\n"
            let day = String(format: "%02d", index % 28 + 1)
            purchases += "keep-\(index),keep-order-\(index),2024-03-\(day),\(index + 1).00,books\n"
            purchases += "\(Self.id),raw-order-\(index),2024-04-\(day)T10:\(String(format: "%02d", index % 60)):00Z,2.50,toys\n"
        }
        let c = try CLI.run(["import", "customers", "--store", store, "--quiet", try dir.write("c.csv", customers)],
                            umask: mask)
        #expect(c.status == 0, "\(c)")
        let p = try CLI.run(["import", "purchases", "--store", store, "--quiet", try dir.write("p.csv", purchases)],
                            umask: mask)
        #expect(p.status == 0, "\(p)")
        #expect(Self.mode(store) == 0o700)
        #expect(Self.mode(store + "/data.mdb") == 0o600)
        #expect(Self.mode(store + "/lock.mdb") == 0o600)
        // A rejects file is created private too.
        let rejects = dir.file("rejects.csv")
        let rejected = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--skip-invalid", "--rejects",
                                    rejects, try dir.write("bad.csv", "customer_id,occurred_at,amount\nx,2024-02-30,1\n")],
                                   umask: mask)
        #expect(rejected.status == 0, "\(rejected)")
        #expect(Self.mode(rejects) == 0o600, "rejects file is \(String(Self.mode(rejects), radix: 8))")

        let data = store + "/data.mdb"
        let before = try Self.hits(in: data)
        #expect(before[Self.email] != nil && before[Self.name] != nil && before["raw-order-"] != nil,
                "the canaries are not in the file to begin with: \(before)")

        let erase = try CLI.run(["erase", Self.id, "--store", store], umask: mask)
        #expect(erase.status == 0, "\(erase)")
        let afterErase = try Self.hits(in: data)
        let compact = try CLI.run(["compact", "--store", store], umask: mask)
        #expect(compact.status == 0, "\(compact)")
        let afterCompact = try Self.hits(in: data)
        print("umask \(String(mask, radix: 8)): canary hits in data.mdb before erase \(before), after erase "
              + "\(afterErase), after compact \(afterCompact)")
        #expect(afterCompact.isEmpty, "canary bytes left after compact: \(afterCompact)")
        #expect(try Self.hits(in: store + "/lock.mdb").isEmpty)

        #expect(Self.mode(store) == 0o700)
        #expect(Self.mode(data) == 0o600, "the compacted data.mdb is \(String(Self.mode(data), radix: 8))")
        #expect(Self.mode(store + "/lock.mdb") == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store).sorted() == ["data.mdb", "lock.mdb"])
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.stdout.contains("300 customers, 300 purchases"), "\(verify)")
    }
}
