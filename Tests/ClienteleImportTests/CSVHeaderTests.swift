import ClienteleImport
import Testing

@Suite("CSVHeader")
struct CSVHeaderTests {
    @Test("names are trimmed and looked up exactly, then case-insensitively")
    func lookup() throws {
        let header = try CSVHeader(names: [" customer_id", "Amount\t", "amount_cents", "", ""])
        #expect(header.names == ["customer_id", "Amount", "amount_cents", "", ""])
        #expect(header.count == 5)
        #expect(header.index(of: "customer_id") == 0)
        #expect(header.index(of: " Amount ") == 1)
        #expect(header.index(of: "AMOUNT") == 1)
        #expect(header.index(of: "missing") == nil)
        #expect(header.index(of: "") == nil)
        #expect(throws: CSVHeaderError.missingColumn("nope")) { try header.requireIndex(of: "nope") }
    }

    @Test("exact matches win over case-insensitive ones; ambiguity is an error")
    func ambiguity() throws {
        let header = try CSVHeader(names: ["Email", "email", "EMAIL"])
        #expect(header.index(of: "email") == 1)
        #expect(header.index(of: "Email") == 0)
        #expect(throws: CSVHeaderError.ambiguousColumn("eMail", columns: [1, 2, 3])) {
            try header.requireIndex(of: "eMail")
        }
    }

    @Test("duplicate names are rejected")
    func duplicates() {
        #expect(throws: CSVHeaderError.duplicateName(firstColumn: 1, secondColumn: 3)) {
            try CSVHeader(names: ["id", "x", " id"])
        }
    }

    @Test("the header is read from the first record")
    func reading() throws {
        var reader = try CSVReader(source: MemorySource("\u{FEFF}id,amount\nc1,1.00\n"))
        let header = try CSVHeader(reading: &reader)
        #expect(header.names == ["id", "amount"])
        reader.expectedFieldCount = header.count
        #expect(try reader.next())
        #expect(reader.string(try header.requireIndex(of: "amount")) == "1.00")
    }

    @Test("empty input has no header")
    func empty() throws {
        var reader = try CSVReader(source: MemorySource("\n\n"))
        #expect(throws: CSVHeaderError.missingHeader) { try CSVHeader(reading: &reader) }
    }
}
