import Foundation
import Testing

/// `customer ID --as-of DATE`: every figure is as of that date, and "no purchases by DATE" before the first purchase
/// (issue 13 item 3).
@Suite("customer --as-of")
struct CustomerAsOfTests {
    /// `key,value` rows of `customer --output csv` (until the blank line before the recent purchases).
    static func fields(_ csv: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in csv.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            guard let comma = line.firstIndex(of: ",") else { continue }
            result[String(line[..<comma])] = String(line[line.index(after: comma)...])
        }
        return result
    }

    @Test func figuresAreAsOfTheDate() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try dir.write("p.csv", """
            customer_id,order_id,occurred_at,amount,category
            c1,o1,2024-01-05,10.00,books
            c1,o2,2024-03-01,99.00,music
            c1,o3,2024-03-02,-5.00,
            """)
        let imported = try CLI.run(["import", "purchases", "--store", store, "--quiet", file])
        #expect(imported.status == 0, "\(imported)")
        let now = Self.fields(try CLI.run(["customer", "c1", "--store", store, "--output", "csv"]).stdout)
        #expect(now["orders"] == "2")

        let result = try CLI.run(["customer", "c1", "--store", store, "--as-of", "2024-02-01", "--output", "csv"])
        #expect(result.status == 0, "\(result)")
        let then = Self.fields(result.stdout)
        #expect(then["orders"] == "1")
        #expect(then["occasions"] == "1")
        #expect(then["gross_revenue"] == "10.00")
        #expect(then["largest_order"] == "10.00")
        #expect(then["refunds"] == "0")
        #expect(then["net_monetary"] == "10.00")
        #expect(then["last_category"] == "books")
        #expect(then["first_purchase"] == then["last_purchase"])
        #expect(then["as_of"] == "2024-02-01")
        #expect(!result.stdout.contains("o2"))

        let before = try CLI.run(["customer", "c1", "--store", store, "--as-of", "2023-12-31", "--output", "csv"])
        #expect(before.status == 0, "\(before)")
        let none = Self.fields(before.stdout)
        #expect(none["purchases"] == "no purchases by 2023-12-31")
        #expect(none["orders"] == nil)
        #expect(none["first_purchase"] == nil)
        #expect(!before.stdout.contains("o1"))
    }
}
