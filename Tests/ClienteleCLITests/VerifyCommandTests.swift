import Foundation
import Testing

/// `clientele verify`: exit 0 when clean; 1 with the differences listed (and no customer data) when damaged.
@Suite("Verify")
struct VerifyCommandTests {
    @Test("a damaged customer record is reported with exit 1, without its content")
    func damaged() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let canary = "VerifyCanary-Mixed@Example.com"
        let customers = try dir.write("c.csv", "customer_id,email\nc1,\(canary)\nc2,other@example.com\n")
        #expect(try CLI.run(["import", "customers", "--store", store, "--quiet", customers]).status == 0)
        let clean = try CLI.run(["verify", "--store", store])
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.hasPrefix("clean:"))

        // Flip one byte of the email inside the customer record (the index holds it lowercased).
        let path = store + "/data.mdb"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try #require(data.range(of: Data(canary.utf8)))
        data[range.lowerBound + 3] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path))

        let result = try CLI.run(["verify", "--store", store, "--output", "csv"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("customers,customer #1,a valid record,damaged record"), "\(result)")
        #expect(!result.stdout.contains("Mixed") && !result.stderr.contains("Mixed"))
        #expect(!result.stdout.contains("Canary") && !result.stderr.contains("Canary"))
    }
}
