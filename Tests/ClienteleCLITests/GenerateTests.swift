import Foundation
import Testing

/// `clientele generate` is deterministic for a seed and writes importable files in the default layout.
@Suite("Generate")
struct GenerateTests {
    func generate(_ dir: TemporaryDirectory, _ name: String, seed: Int, customers: Int = 3000) throws -> (Data, Data) {
        let out = dir.file(name)
        let result = try CLI.run(["generate", "--customers", "\(customers)", "--seed", "\(seed)", "--end",
                                  "2025-06-30", "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result)")
        return (try Data(contentsOf: URL(fileURLWithPath: out + "/customers.csv")),
                try Data(contentsOf: URL(fileURLWithPath: out + "/purchases.csv")))
    }

    @Test("the same seed gives the same bytes; another seed other bytes")
    func deterministic() throws {
        let dir = try TemporaryDirectory()
        let a = try generate(dir, "a", seed: 11)
        let b = try generate(dir, "b", seed: 11)
        let c = try generate(dir, "c", seed: 12)
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
        #expect(a.0 != c.0)
        #expect(a.1 != c.1)
    }

    @Test("the files have the default layout and a realistic shape")
    func shape() throws {
        let dir = try TemporaryDirectory()
        let (customers, purchases) = try generate(dir, "d", seed: 5)
        let customerLines = String(decoding: customers, as: UTF8.self).split(separator: "\n")
        let purchaseLines = String(decoding: purchases, as: UTF8.self).split(separator: "\n")
        #expect(customerLines.first == "customer_id,email,phone,name,city,signup_at,do_not_contact")
        #expect(purchaseLines.first == "customer_id,order_id,occurred_at,amount,category,quantity,channel,refund_of")
        #expect(customerLines.count == 3001)
        let rows = purchaseLines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // About 10 lines per customer, every purchase with an order id, about 2% refunds naming their order.
        #expect(rows.count > 3000 * 5 && rows.count < 3000 * 20, "\(rows.count) lines")
        #expect(rows.allSatisfy { $0.count == 8 && !$0[1].isEmpty })
        let refunds = rows.filter { $0[3].hasPrefix("-") }
        #expect(refunds.allSatisfy { !$0[7].isEmpty })
        let share = Double(refunds.count) / Double(rows.count)
        #expect(share > 0.01 && share < 0.03, "refund share \(share)")
        // Skewed categories: the most popular is bought several times as often as the least.
        var counts: [Substring: Int] = [:]
        for row in rows { counts[row[4], default: 0] += 1 }
        let sorted = counts.values.sorted()
        #expect((sorted.last ?? 0) > 4 * (sorted.first ?? 1))

        let store = dir.file("store")
        let importedCustomers = try CLI.run(["import", "customers", "--store", store, "--quiet",
                                             dir.file("d/customers.csv")])
        #expect(importedCustomers.status == 0, "\(importedCustomers)")
        let importedPurchases = try CLI.run(["import", "purchases", "--store", store, "--quiet",
                                             dir.file("d/purchases.csv")])
        #expect(importedPurchases.status == 0, "\(importedPurchases)")
        #expect(keyValues(importedPurchases.stdout)["imported"] == "\(rows.count)")
        #expect(keyValues(importedPurchases.stdout)["customers created"] == "0")
    }
}
