import ClienteleImport
import Testing

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test("quotes only when needed and doubles quotes", arguments: [
        (["a", "b"], "a,b\n"),
        (["a,b", "c"], "\"a,b\",c\n"),
        (["say \"hi\""], "\"say \"\"hi\"\"\"\n"),
        (["line\nbreak", "cr\r"], "\"line\nbreak\",\"cr\r\"\n"),
        ([""], "\"\"\n"),
        (["", ""], ",\n"),
        ([" padded "], " padded \n"),
        (["é"], "é\n"),
    ])
    func records(_ fields: [String], _ expected: String) {
        var out: [UInt8] = []
        CSVWriter().appendRecord(fields, to: &out)
        #expect(out == Array(expected.utf8))
    }

    @Test("CRLF and a custom delimiter")
    func options() throws {
        let writer = try CSVWriter(delimiter: UInt8(ascii: ";"), lineEnding: .crlf)
        var out: [UInt8] = []
        writer.appendRecord(["a;b", "c,d"], to: &out)
        #expect(out == Array("\"a;b\";c,d\r\n".utf8))
        #expect(throws: ConfigurationError.invalidDelimiter(0x22)) { try CSVWriter(delimiter: 0x22) }
    }

    @Test("an empty record writes nothing")
    func emptyRecord() {
        var out: [UInt8] = []
        CSVWriter().appendRecord([], to: &out)
        #expect(out.isEmpty)
    }
}
