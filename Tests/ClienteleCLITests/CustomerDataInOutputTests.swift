import Foundation
import Testing

/// No customer data in logs (RELIABILITY.md §5 and test 23; issue 7 item 6). The library has no logger: what a
/// service or an operator sees is the command-line tool's output and the errors' descriptions. A store holds one
/// customer with planted canary values (external id, email, name, phone, city, order ids and amounts); everything the
/// tool prints (standard output and error) is captured during failing imports, erasures, a verify that finds damage,
/// and the commands that are not about one customer, and none of the canaries may appear.
///
/// Scope: the profile canaries (email, name, phone, city) appear in no output but `customer` and `export`, which are
/// meant to show them. The customer lists (`summary`, `rfm`, `top`, `lapsed`, `predict`) name external ids with per-customer
/// figures by design, so the id and amount canaries are checked everywhere else.
@Suite("Customer data in the tool's output")
struct CustomerDataInOutputTests {
    static let id = "CanaryCust-Q7"
    static let email = "Canary.Q7x@Example.org"
    static let name = "Quillon Canarywood"
    static let phone = "+1-555-0199-7713"
    static let city = "Canaryburgh"
    static let order = "Canary-Order"
    static let amounts = ["4321.87", "9876.53", "3141.59"]

    /// Distinctive pieces of the canaries: a damaged copy (one byte flipped) still contains most of them.
    static let profileFragments = ["Canary.Q7x", "q7x@example", "Example.org", "Quillon", "Canarywood", "0199-7713",
                                   "555-0199", "Canaryburgh"]
    static let idFragments = ["CanaryCust", "Cust-Q7", "Canary-Order", "Order-1", "Order-2", "Order-3"]
    static let amountFragments = amounts + ["432187", "987653", "314159", "4,321", "9,876"]

    /// Output `text` of `what` contains none of `fragments`.
    static func expectNone(_ fragments: [String], in text: String, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let lowered = text.lowercased()
        for fragment in fragments where lowered.contains(fragment.lowercased()) {
            Issue.record("\(what) printed the canary fragment '\(fragment)':\n\(text.prefix(3000))",
                         sourceLocation: sourceLocation)
        }
    }

    static func expectClean(_ result: CLI.Result, _ what: String, listsCustomers: Bool = false,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let text = result.stdout + "\n" + result.stderr
        expectNone(profileFragments, in: text, what, sourceLocation: sourceLocation)
        if !listsCustomers {
            expectNone(idFragments + amountFragments, in: text, what, sourceLocation: sourceLocation)
        }
    }

    /// A store of 300 generated customers and the canary customer, with three purchases in a busy month.
    func makeStore(_ dir: TemporaryDirectory) throws -> String {
        let store = dir.file("store")
        let generated = try CLI.run(["generate", "--customers", "300", "--seed", "5", "--end", "2025-06-30",
                                     "--out", dir.file("data"), "--quiet"])
        #expect(generated.status == 0, "\(generated)")
        #expect(try CLI.run(["import", "customers", "--store", store, "--quiet", dir.file("data/customers.csv")]).status == 0)
        #expect(try CLI.run(["import", "purchases", "--store", store, "--quiet", dir.file("data/purchases.csv")]).status == 0)
        let customers = try dir.write("canary-customers.csv", """
            customer_id,email,name,phone,city
            \(Self.id),\(Self.email),\(Self.name),\(Self.phone),\(Self.city)

            """)
        let purchases = try dir.write("canary-purchases.csv", """
            customer_id,order_id,occurred_at,amount,category
            \(Self.id),\(Self.order)-1,2024-03-05T10:00:00Z,\(Self.amounts[0]),books
            \(Self.id),\(Self.order)-2,2024-03-09T11:00:00Z,\(Self.amounts[1]),coffee
            \(Self.id),\(Self.order)-3,2024-04-02T12:00:00Z,\(Self.amounts[2]),books

            """)
        // With progress on (not --quiet): the progress lines are output too.
        let imported = try CLI.run(["import", "customers", "--store", store, "--progress-interval", "0", customers])
        #expect(imported.status == 0, "\(imported)")
        Self.expectClean(imported, "import customers")
        let bought = try CLI.run(["import", "purchases", "--store", store, "--progress-interval", "0", purchases])
        #expect(bought.status == 0, "\(bought)")
        Self.expectClean(bought, "import purchases")
        return store
    }

    @Test("failing imports print positions and reasons, never the row's values")
    func failingImports() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        let badCustomers = [
            "customer_id,email,name,phone,city,do_not_contact\n\(Self.id),\(Self.email),\(Self.name),\(Self.phone),\(Self.city),\(Self.name)\n",
            "customer_id,email,name,phone,birth_date\n\(Self.id),\(Self.email),\(Self.name),\(Self.phone),\(Self.phone)\n",
            "customer_id,email,name\n\(Self.id),\"\(Self.email),\(Self.name)\n",
        ]
        var files: [(kind: String, path: String)] = []
        for (index, text) in badCustomers.enumerated() {
            files.append(("customers", try dir.write("bad-customers-\(index).csv", text)))
        }
        let badPurchases = [
            // A date that does not exist, an amount with trailing garbage, an order id stored with other content,
            // a refund of an unknown order, an unterminated quote, an over-long customer id.
            "\(Self.id),\(Self.order)-9,2024-02-30,\(Self.amounts[0]),books\n",
            "\(Self.id),\(Self.order)-9,2024-02-03,\(Self.amounts[1])x,books\n",
            "\(Self.id),\(Self.order)-1,2024-03-05T10:00:00Z,\(Self.amounts[2]),books\n",
            "\(Self.id),\(Self.order)-8,2024-03-06,-\(Self.amounts[0]),books,\(Self.order)-77\n",
            "\(Self.id),\"\(Self.order)-9,2024-02-03,\(Self.amounts[1]),books\n",
            String(repeating: Self.id, count: 30) + ",\(Self.order)-9,2024-02-03,\(Self.amounts[1]),books\n",
        ]
        for (index, row) in badPurchases.enumerated() {
            let header = index == 3 ? "customer_id,order_id,occurred_at,amount,category,refund_of\n"
                : "customer_id,order_id,occurred_at,amount,category\n"
            files.append(("purchases", try dir.write("bad-purchases-\(index).csv", header + row)))
        }
        for (index, (kind, file)) in files.enumerated() {
            let result = try CLI.run(["import", kind, "--store", store, file])
            #expect(result.status == 65, "\(result)")
            Self.expectClean(result, "failing import of \(file)")
            let skipped = try CLI.run(["import", kind, "--store", store, "--skip-invalid", "--rejects",
                                       dir.file("rejects-\(index).csv"), file])
            Self.expectClean(skipped, "import of \(file) with --skip-invalid")
        }
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }

    @Test("answers, tags, unknown customers, erase and compact print no canary")
    func commandsAndErase() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        let aggregates: [[String]] = [
            ["stats"], ["segments"], ["cohorts"], ["cohorts", "--values", "revenue"], ["cohorts", "--values", "customers"],
            ["churn"], ["conversion"], ["next", "books"], ["verify"],
        ]
        for command in aggregates {
            for format in ["csv", "json", "table"] {
                let result = try CLI.run(command + ["--store", store, "--output", format])
                Self.expectClean(result, "\(command.joined(separator: " ")) --output \(format)")
            }
        }
        for command in [["summary"], ["rfm"], ["top", "--by", "monetary"], ["lapsed", "--since", "2025-06-01"],
                        ["predict"]] {
            let result = try CLI.run(command + ["--store", store, "--output", "csv"])
            #expect(result.status == 0, "\(result)")
            Self.expectClean(result, command[0], listsCustomers: true)
        }
        for command in [["tag", Self.id, "advocate"], ["untag", Self.id, "advocate"],
                        ["customer", "Unknown-" + Self.id], ["erase", "Unknown-" + Self.id]] {
            let result = try CLI.run(command + ["--store", store])
            // An unknown id may be echoed (it is the one requested); nothing else may.
            let text = (result.stdout + result.stderr).replacingOccurrences(of: "Unknown-" + Self.id, with: "")
            Self.expectNone(Self.profileFragments + Self.idFragments + Self.amountFragments, in: text, command[0])
        }
        let erase = try CLI.run(["erase", Self.id, "--store", store])
        #expect(erase.status == 0, "\(erase)")
        Self.expectClean(erase, "erase")
        let compact = try CLI.run(["compact", "--store", store])
        #expect(compact.status == 0, "\(compact)")
        Self.expectClean(compact, "compact")
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify)")
        Self.expectClean(verify, "verify after erase")
    }

    @Test("verify on damaged canary records reports them without their content")
    func verifyWithDifferences() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        // Damage every copy of the canary's email (its customer record) and of an order id (its purchase record and
        // the order index key).
        let path = store + "/data.mdb"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        var flipped = 0
        for needle in [Self.email, Self.order + "-2"] {
            var start = data.startIndex
            while let range = data.range(of: Data(needle.utf8), in: start..<data.endIndex) {
                data[range.lowerBound + 2] ^= 0x01
                flipped += 1
                start = range.upperBound
            }
        }
        #expect(flipped >= 2)
        try data.write(to: URL(fileURLWithPath: path))

        for format in ["csv", "json", "table"] {
            let result = try CLI.run(["verify", "--store", store, "--output", format])
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout.contains("customers"), "\(result)")
            #expect(result.stdout.contains("purchases"), "\(result)")
            Self.expectClean(result, "verify --output \(format) on damaged records")
        }
        // Other commands that meet the damaged records fail without echoing them either.
        for command in [["stats"], ["segments"], ["cohorts"], ["compact"], ["erase", Self.id]] {
            let result = try CLI.run(command + ["--store", store])
            Self.expectClean(result, "\(command[0]) on a damaged store")
        }
    }
}
