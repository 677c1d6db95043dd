import Testing

/// Stopping at the first bad row: every batch before it is stored, its own batch is not.
@Suite("Batches and the first bad row")
struct BatchBoundaryTests {
    @Test("earlier batches are stored, the bad row's batch is not")
    func earlierBatchesStored() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        var text = "customer_id,order_id,occurred_at,amount\n"
        for index in 1...7 { text += "c\(index),o\(index),2024-01-0\(index),\(index).00\n" }
        text += "c8,o8,2024-01-08,oops\n"  // line 9, the 8th row: batch 3 (rows 7-9) with batch size 3
        text += "c9,o9,2024-01-09,9.00\n"
        let file = try dir.write("p.csv", text)
        // Batches in input order (--no-sort); sorted, nothing is stored: `sortedImportStoresNothing` below.
        let result = try CLI.run(
            ["import", "purchases", "--store", store, "--quiet", "--batch-size", "3", "--no-sort", file])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.hasPrefix("\(file):9: column amount: "), "\(result)")
        #expect(result.stderr.contains("6 rows stored before the failing batch"), "\(result)")
        let stats = StatsSnapshot(try CLI.run(["stats", "--store", store, "--output", "csv"]).stdout)
        #expect(stats.values["purchases"] == "6")
        #expect(stats.values["gross_revenue"] == "21.00")

        // Fixed and run again: the rest is imported, the first six are duplicates.
        let fixed = try dir.write("p.csv", text.replacingOccurrences(of: "oops", with: "8.00"))
        let again = try CLI.run(
            ["import", "purchases", "--store", store, "--quiet", "--batch-size", "3", "--no-sort", fixed])
        #expect(again.status == 0, "\(again)")
        #expect(keyValues(again.stdout)["imported"] == "3")
        #expect(keyValues(again.stdout)["duplicates"] == "6")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }

    @Test("sorted (the default), a bad row stops the import before anything is stored")
    func sortedImportStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        var text = "customer_id,order_id,occurred_at,amount\n"
        for index in 1...7 { text += "c\(index),o\(index),2024-01-0\(index),\(index).00\n" }
        text += "c8,o8,2024-01-08,oops\n"
        text += "c9,o9,2024-01-09,9.00\n"
        let file = try dir.write("p.csv", text)
        let result = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--batch-size", "3", file])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.hasPrefix("\(file):9: column amount: "), "\(result)")
        #expect(result.stderr.contains("import stopped: 0 rows stored"), "\(result)")
        let stats = StatsSnapshot(try CLI.run(["stats", "--store", store, "--output", "csv"]).stdout)
        #expect(stats.values["purchases"] == "0")
        let fixed = try dir.write("p.csv", text.replacingOccurrences(of: "oops", with: "8.00"))
        let again = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--batch-size", "3", fixed])
        #expect(keyValues(again.stdout)["imported"] == "9", "\(again)")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }
}
