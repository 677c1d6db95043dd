import Testing

/// `import customers`: fields, attributes, tags, do-not-contact, updates and idempotence.
@Suite("Customer import")
struct CustomerImportTests {
    @Test("fields, attributes, tags and do-not-contact; a second import changes nothing")
    func customers() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try dir.write("c.csv", """
            customer_id,email,phone,name,city,signup_at,tier,tags,do_not_contact
            c1,Ada@Example.com,+44 1,Ada Lovelace,London,2024-01-02,gold,vip;advocate,no
            c2,bob@example.com,,Bob,,2024-01-03T08:00:00Z,,,yes

            """)
        let first = try CLI.run(["import", "customers", "--store", store, "--quiet", file])
        #expect(first.status == 0, "\(first)")
        #expect(keyValues(first.stdout)["customers created"] == "2")
        let again = try CLI.run(["import", "customers", "--store", store, "--quiet", file])
        #expect(keyValues(again.stdout)["duplicates"] == "2")
        #expect(keyValues(again.stdout)["imported"] == "0")

        let shown = try CLI.run(["customer", "c1", "--store", store, "--output", "csv"])
        #expect(shown.status == 0, "\(shown)")
        let fields = Dictionary(simpleCSV(shown.stdout).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil },
                                uniquingKeysWith: { a, _ in a })
        #expect(fields["email"] == "Ada@Example.com")
        #expect(fields["attribute.tier"] == "gold")
        #expect(fields["tags"] == "advocate;vip")
        #expect(fields["do_not_contact"] == "false")
        #expect(fields["signup_at"] == "2024-01-02T00:00:00Z")

        // An update: empty cells keep the stored values.
        let update = try dir.write("u.csv", "customer_id,email,city\nc1,,Paris\n")
        let updated = try CLI.run(["import", "customers", "--store", store, "--quiet", update])
        #expect(keyValues(updated.stdout)["imported"] == "1")
        let after = try CLI.run(["customer", "c1", "--store", store, "--output", "csv"])
        #expect(after.stdout.contains("city,Paris"))
        #expect(after.stdout.contains("email,Ada@Example.com"))
    }

    @Test("a bad flag value is rejected with its line and column")
    func badFlag() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("c.csv", "customer_id,do_not_contact\nc1,maybe\n")
        let result = try CLI.run(["import", "customers", "--store", dir.file("s"), "--quiet", file])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.hasPrefix("\(file):2: column do_not_contact: "), "\(result)")
        #expect(!result.stderr.contains("maybe"))
    }
}
