#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A real full file system (a 2 MiB tmpfs, mounted when the tests run as root and may mount): the import reports
/// "disk full", how much the batch needed and that nothing of it was stored; the store stays consistent (issue 16).
@Suite("Disk full on a real file system")
struct DiskFullCLITests {
    /// A small tmpfs mounted for one test, unmounted at the end; `nil` where mounting is impossible.
    final class SmallFileSystem {
        let path: String

        init?(megabytes: Int) {
            let dir = NSTemporaryDirectory() + "/clientele-full-\(UUID().uuidString)"
            guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil,
                  getuid() == 0, mount("tmpfs", dir, "tmpfs", 0, "size=\(megabytes)m") == 0 else {
                try? FileManager.default.removeItem(atPath: dir)
                return nil
            }
            path = dir
        }

        deinit {
            _ = umount2(path, Int32(MNT_DETACH))
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    static let canMount: Bool = SmallFileSystem(megabytes: 1) != nil

    @Test(.enabled(if: canMount, "needs root and permission to mount a tmpfs (mount(2) failed or not root)"))
    func importOntoAFullDiskSaysDiskFull() throws {
        let small = try #require(SmallFileSystem(megabytes: 2))
        let dir = try TemporaryDirectory()
        var text = "customer_id,order_id,occurred_at,amount,category\n"
        for index in 0..<40_000 {
            text += "customer-\(index % 5000),order-\(index),2024-0\(1 + index % 9)-1\(index % 10),\(index % 900).25,"
                + "category-\(index % 40)\n"
        }
        // A first small batch that fits, then one that cannot.
        let fits = try dir.write(
            "fits.csv", "customer_id,order_id,occurred_at,amount,category\nc1,o1,2024-01-01,1.00,x\n")
        let file = try dir.write("big.csv", text)
        let store = small.path + "/store"
        #expect(try CLI.run(["import", "purchases", "--store", store, "--quiet", fits]).status == 0)
        let result = try CLI.run(["import", "purchases", "--store", store, "--quiet", file])
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("disk full"), "\(result)")
        #expect(result.stderr.contains("the batch needed about"), "\(result)")
        #expect(result.stderr.contains("nothing of the batch was stored"), "\(result)")
        #expect(!result.stderr.contains("Input/output error"), "\(result)")
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0 && verify.stdout.contains("clean: 1 customers, 1 purchases"), "\(verify)")
    }
}
