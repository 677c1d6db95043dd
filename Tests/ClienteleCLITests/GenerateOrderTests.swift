import Foundation
import Testing

/// `clientele generate --order time|customer`: the time order (the default) is sorted by time with customers
/// interleaved and order ids 1...M; both orders hold the same purchases and import to the same answers.
@Suite("Generate order")
struct GenerateOrderTests {
    func generate(_ dir: TemporaryDirectory, _ name: String, seed: Int, order: String?) throws -> [[Substring]] {
        let out = dir.file(name)
        var arguments = ["generate", "--customers", "1500", "--seed", "\(seed)", "--end", "2025-06-30",
                         "--out", out, "--quiet"]
        if let order { arguments += ["--order", order] }
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result)")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/purchases.csv")), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "customer_id,order_id,occurred_at,amount,category,quantity,channel,refund_of")
        return lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test("time order: sorted by time, customers interleaved, order ids 1...M, refunds naming an earlier order")
    func timeOrder() throws {
        let dir = try TemporaryDirectory()
        let rows = try generate(dir, "t", seed: 7, order: nil)
        let again = try generate(dir, "t2", seed: 7, order: "time")
        #expect(rows == again, "the default is --order time and the output is deterministic")
        #expect(rows.count > 1500 * 5)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0[2] <= $1[2] }, "occurred_at never decreases")
        #expect(rows.enumerated().allSatisfy { $0.element[1] == "\($0.offset + 1)" }, "order ids 1...M")
        // Interleaved: the customer changes on most lines (grouped files change once per customer).
        let changes = zip(rows, rows.dropFirst()).filter { $0[0] != $1[0] }.count
        #expect(changes > rows.count / 2, "\(changes) customer changes in \(rows.count) lines")
        let refunds = rows.filter { $0[3].hasPrefix("-") }
        #expect(!refunds.isEmpty)
        for refund in refunds {
            guard let target = Int(refund[7]), let own = Int(refund[1]) else {
                Issue.record("refund without a numeric refund_of: \(refund)")
                continue
            }
            #expect(target < own)
            let original = rows[target - 1]
            #expect(original[0] == refund[0] && !original[3].hasPrefix("-") && original[2] < refund[2])
        }
    }

    @Test("both orders hold the same purchases and import to the same summary")
    func sameData() throws {
        let dir = try TemporaryDirectory()
        let time = try generate(dir, "t", seed: 3, order: "time")
        let customer = try generate(dir, "c", seed: 3, order: "customer")
        #expect(customer.first?[1].hasPrefix("O") == true)
        func content(_ rows: [[Substring]]) -> [String] {
            rows.map { [$0[0], $0[2], $0[3], $0[4], $0[5], $0[6], $0[7].isEmpty ? "" : "R"].joined(separator: ",") }
                .sorted()
        }
        #expect(content(time) == content(customer))

        var summaries: [String] = []
        for name in ["t", "c"] {
            let store = dir.file("store-" + name)
            let imported = try CLI.run(["import", "purchases", "--store", store, "--quiet",
                                        dir.file(name + "/purchases.csv")])
            #expect(imported.status == 0, "\(imported)")
            #expect(keyValues(imported.stdout)["imported"] == "\(time.count)")
            let verify = try CLI.run(["verify", "--store", store])
            #expect(verify.status == 0, "\(verify)")
            let summary = try CLI.run(["summary", "--store", store, "--as-of", "2025-06-30"])
            #expect(summary.status == 0, "\(summary)")
            // One line per customer, listed in the store's id order, which is creation order (first appearance).
            summaries.append(summary.stdout.split(separator: "\n").sorted().joined(separator: "\n"))
        }
        #expect(!summaries[0].isEmpty && summaries[0] == summaries[1])
    }
}
