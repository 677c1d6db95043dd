import Clientele
import ClienteleImport
import Foundation
import Testing

/// The import library used in-process, as docs/cli.md shows it.
@Suite("Import library")
struct ImportLibraryTests {
    @Test("PurchaseImporter with a mapping, skip-invalid, rejects and progress")
    func documentedUsage() throws {
        let dir = try TemporaryDirectory()
        let store = try Store.open(at: dir.file("store"))
        let file = try dir.write("purchases.csv", """
            customer_id,order_id,occurred_at,Total
            c1,o1,2024-01-01,10.00
            c1,o2,2024-01-02,nan
            c2,o3,2024-01-03,5.5

            """)
        var options = ImportOptions()
        options.mapping = try ColumnMapping(parsing: ["amount=Total"], fields: PurchaseField.self)
        options.skipInvalid = true
        let rejects = try RejectsWriter(path: dir.file("rejects.csv"))
        let importer = try PurchaseImporter(store: store, options: options, rejects: rejects)
        var updates: [ImportProgress] = []
        let summary = try importer.importFile(at: file) { updates.append($0) }
        try rejects.close()
        #expect(summary.rowsRead == 3)
        #expect(summary.imported == 2)
        #expect(summary.rejected == 1)
        #expect(summary.customersCreated == 2)
        #expect(updates.last?.rowsCommitted == 2)
        #expect(updates.last?.fraction == 1)
        let rejected = try String(contentsOfFile: dir.file("rejects.csv"), encoding: .utf8)
        #expect(rejected.contains(",3,Total,invalid amount: unexpected character,c1,o2,2024-01-02,nan"))

        // The same file again: duplicates only.
        let again = try PurchaseImporter(store: store, options: options).importFile(at: file)
        #expect(again.imported == 0 && again.duplicates == 2)
    }

    @Test("an ImportError names the file, line, column and reason")
    func errorShape() throws {
        let dir = try TemporaryDirectory()
        let store = try Store.open(at: dir.file("store"))
        let file = try dir.write("c.csv", "customer_id,email\nc1,not-an-address\n")
        #expect {
            try CustomerImporter(store: store).importFile(at: file)
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.kind == .badInput && error.line == 2 && error.column == "email"
                && error.description == "\(file):2: column email: is not an email address"
        }
    }
}
