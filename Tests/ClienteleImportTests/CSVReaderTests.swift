import ClienteleImport
import Testing

/// A table-driven CSV case: the input, the records expected before the end or the error, and the error.
struct CSVCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    let records: [[String]]
    let error: CSVError?
    var options = CSVOptions()

    var testDescription: String { name }

    init(_ name: String, _ input: String, _ records: [[String]], error: CSVError? = nil, options: CSVOptions = .init()) {
        self.init(name, Array(input.utf8), records, error: error, options: options)
    }

    init(_ name: String, _ input: [UInt8], _ records: [[String]], error: CSVError? = nil, options: CSVOptions = .init()) {
        self.name = name
        self.input = input
        self.records = records
        self.error = error
        self.options = options
    }
}

private func failure(
    line: Int, _ problemLine: Int? = nil, column: Int?, _ reason: CSVError.Reason
) -> CSVError {
    CSVError(line: line, problemLine: problemLine, column: column, reason: reason)
}

/// Bytes of `text` with `bytes` spliced in where `text` has `~`.
private func splice(_ text: String, _ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for byte in text.utf8 {
        if byte == UInt8(ascii: "~") { out += bytes } else { out.append(byte) }
    }
    return out
}

let wellFormedCases: [CSVCase] = [
    CSVCase("simple with trailing newline", "a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]),
    CSVCase("no trailing newline", "a,b\n1,2", [["a", "b"], ["1", "2"]]),
    CSVCase("CRLF", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
    CSVCase("CRLF without final newline", "a,b\r\n1,2", [["a", "b"], ["1", "2"]]),
    CSVCase("mixed LF and CRLF", "a\r\nb\nc\r\n", [["a"], ["b"], ["c"]]),
    CSVCase("BOM is skipped", "\u{FEFF}id,name\n1,x\n", [["id", "name"], ["1", "x"]]),
    CSVCase("BOM before a quoted field", "\u{FEFF}\"id\",n\n", [["id", "n"]]),
    CSVCase("BOM only", "\u{FEFF}", []),
    CSVCase("BOM later is data", "a,\u{FEFF}b\n", [["a", "\u{FEFF}b"]]),
    CSVCase("empty input", "", []),
    CSVCase("only blank lines", "\n\n\r\n\n", []),
    CSVCase("blank lines in the middle are skipped", "a\n\nb\r\n\r\nc", [["a"], ["b"], ["c"]]),
    CSVCase("blank lines at the end are ignored", "a,b\n\n\n\r\n", [["a", "b"]]),
    CSVCase("empty fields", ",,\na,,b\na,\n,", [["", "", ""], ["a", "", "b"], ["a", ""], ["", ""]]),
    CSVCase("trailing delimiter at EOF", "a,b,", [["a", "b", ""]]),
    CSVCase("one quoted empty field is a record", "\"\"\n\"\"", [[""], [""]]),
    CSVCase("quoted empty fields", "\"\",\"\"\n", [["", ""]]),
    CSVCase("quoted delimiter", "\"a,b\",c\n", [["a,b", "c"]]),
    CSVCase("embedded LF", "\"line1\nline2\",x\ny,z\n", [["line1\nline2", "x"], ["y", "z"]]),
    CSVCase("embedded CRLF", "\"a\r\nb\"\r\nc\r\n", [["a\r\nb"], ["c"]]),
    CSVCase("lone CR inside quotes is data", "\"a\rb\",\"\r\"\n", [["a\rb", "\r"]]),
    CSVCase("doubled quotes", "\"he said \"\"hi\"\"\",x\n", [["he said \"hi\"", "x"]]),
    CSVCase("only a doubled quote", "\"\"\"\"", [["\""]]),
    CSVCase("quoted field at EOF", "a,\"b\"", [["a", "b"]]),
    CSVCase("quoted field before CRLF", "\"a\"\r\n\"b\"", [["a"], ["b"]]),
    CSVCase("spaces are preserved", " a , b \n", [[" a ", " b "]]),
    CSVCase("UTF-8 multibyte", "é,€,😀,ﬁ\n", [["é", "€", "😀", "ﬁ"]]),
    CSVCase("UTF-8 in quotes with escapes", "\"ö\"\"€\"\n", [["ö\"€"]]),
    CSVCase("purchase row", "c123,o456,2024-01-02T10:00:00Z,12.50,books\n",
            [["c123", "o456", "2024-01-02T10:00:00Z", "12.50", "books"]]),
    CSVCase("semicolon delimiter", "a;b,c\n\"x;y\";z", [["a", "b,c"], ["x;y", "z"]],
            options: CSVOptions(delimiter: UInt8(ascii: ";"))),
    CSVCase("tab delimiter", "a\tb c\n", [["a", "b c"]], options: CSVOptions(delimiter: 0x09)),
]

let malformedCases: [CSVCase] = [
    CSVCase("unterminated quote at EOF", "a,\"bc", [], error: failure(line: 1, column: 2, .unterminatedQuote)),
    CSVCase("unterminated quote spanning lines", "x\ny\n\"abc\ndef\n", [["x"], ["y"]],
            error: failure(line: 3, 5, column: 1, .unterminatedQuote)),
    CSVCase("lone quote", "\"", [], error: failure(line: 1, column: 1, .unterminatedQuote)),
    CSVCase("quote inside unquoted field", "ab\"c,d\n", [], error: failure(line: 1, column: 1, .unexpectedQuote)),
    CSVCase("quote at end of unquoted field", "a,b\"\n", [], error: failure(line: 1, column: 2, .unexpectedQuote)),
    CSVCase("space before opening quote", "a, \"b\"\n", [], error: failure(line: 1, column: 2, .unexpectedQuote)),
    CSVCase("garbage after closing quote", "\"ab\"c,d\n", [], error: failure(line: 1, column: 1, .garbageAfterClosingQuote)),
    CSVCase("space after closing quote", "x\n\"ab\" ,d\n", [["x"]], error: failure(line: 2, column: 1, .garbageAfterClosingQuote)),
    CSVCase("NUL in unquoted field", "a\0b\n", [], error: failure(line: 1, column: 1, .nulByte)),
    CSVCase("NUL in quoted field", "x,\"a\0\"\n", [], error: failure(line: 1, column: 2, .nulByte)),
    CSVCase("NUL after closing quote", "\"a\"\0\n", [], error: failure(line: 1, column: 1, .nulByte)),
    CSVCase("NUL as a whole line", "a\n\0\n", [["a"]], error: failure(line: 2, column: 1, .nulByte)),
    CSVCase("stray continuation byte", splice("ok\na,b~c\n", [0x80]), [["ok"]],
            error: failure(line: 2, column: 2, .invalidUTF8)),
    CSVCase("overlong two-byte", splice("~\n", [0xC0, 0xAF]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("overlong C1", splice("~\n", [0xC1, 0xBF]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("overlong three-byte", splice("a,~\n", [0xE0, 0x80, 0xAF]), [], error: failure(line: 1, column: 2, .invalidUTF8)),
    CSVCase("overlong four-byte", splice("~\n", [0xF0, 0x80, 0x80, 0xAF]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("UTF-16 surrogate", splice("\"~\"\n", [0xED, 0xA0, 0x80]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("above U+10FFFF", splice("~\n", [0xF4, 0x90, 0x80, 0x80]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("F5 lead byte", splice("~\n", [0xF5, 0x80, 0x80, 0x80]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("0xFF byte", splice("a~\n", [0xFF]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("truncated sequence before delimiter", splice("~,x\n", [0xE2, 0x82]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("truncated sequence at EOF", splice("x,~", [0xC3]), [], error: failure(line: 1, column: 2, .invalidUTF8)),
    CSVCase("Latin-1 text", splice("caf~\n", [0xE9]), [], error: failure(line: 1, column: 1, .invalidUTF8)),
    CSVCase("invalid UTF-8 after an embedded newline", splice("a\n\"x\ny~\nz\"\n", [0x80]), [["a"]],
            error: failure(line: 2, 3, column: 1, .invalidUTF8)),
    CSVCase("bare CR inside unquoted field", "a\rb\n", [], error: failure(line: 1, column: 1, .bareCarriageReturn)),
    CSVCase("bare CR at EOF", "a,b\r", [], error: failure(line: 1, column: 2, .bareCarriageReturn)),
    CSVCase("bare CR after closing quote", "\"a\"\rb\n", [], error: failure(line: 1, column: 1, .bareCarriageReturn)),
    CSVCase("CR CR LF", "a\r\r\n", [], error: failure(line: 1, column: 1, .bareCarriageReturn)),
    CSVCase("lines count embedded newlines", "h1,h2\n\"multi\nline\",x\nok,\"bad\"x\n", [["h1", "h2"], ["multi\nline", "x"]],
            error: failure(line: 4, column: 2, .garbageAfterClosingQuote)),
    CSVCase("lines count skipped blank lines", "a\n\n\r\nb\"c\n", [["a"]], error: failure(line: 4, column: 1, .unexpectedQuote)),
]

let limitCases: [CSVCase] = {
    let field4 = CSVOptions(maxFieldBytes: 4)
    let record8 = CSVOptions(maxRecordBytes: 8)
    let fields3 = CSVOptions(maxFieldsPerRecord: 3)
    return [
        CSVCase("field at the limit", "abcd,e\n", [["abcd", "e"]], options: field4),
        CSVCase("field over the limit", "x\nabcde,f\n", [["x"]], error: failure(line: 2, column: 1, .fieldTooLong(limit: 4)),
                options: field4),
        CSVCase("last field over the limit at EOF", "a,abcde", [], error: failure(line: 1, column: 2, .fieldTooLong(limit: 4)),
                options: field4),
        CSVCase("quoted field at the limit", "\"abcd\"\n", [["abcd"]], options: field4),
        CSVCase("quoted field over the limit", "\"abcde\"\n", [], error: failure(line: 1, column: 1, .fieldTooLong(limit: 4)),
                options: field4),
        CSVCase("escaped quote counts once", "\"ab\"\"c\",\"abc\"\"\"\n", [["ab\"c", "abc\""]], options: field4),
        CSVCase("escaped quote over the limit", "\"abcd\"\"\"\n", [], error: failure(line: 1, column: 1, .fieldTooLong(limit: 4)),
                options: field4),
        CSVCase("newline in quotes counts", "\"ab\ncd\"\n", [], error: failure(line: 1, 2, column: 1, .fieldTooLong(limit: 4)),
                options: field4),
        CSVCase("record at the limit", "abcd,efg\r\nabcdefg,\n", [["abcd", "efg"], ["abcdefg", ""]], options: record8),
        CSVCase("record over the limit", "abcd,efgh\n", [], error: failure(line: 1, column: 2, .recordTooLong(limit: 8)),
                options: record8),
        CSVCase("delimiter over the record limit", "abcdefgh,\n", [], error: failure(line: 1, column: 1, .recordTooLong(limit: 8)),
                options: record8),
        CSVCase("quotes count toward the record", "\"ab\",\"cd\"\n", [], error: failure(line: 1, column: 2, .recordTooLong(limit: 8)),
                options: record8),
        CSVCase("record over the limit at EOF", "ok\nabcdefghi", [["ok"]],
                error: failure(line: 2, column: 1, .recordTooLong(limit: 8)), options: record8),
        CSVCase("fields at the limit", "a,b,c\n", [["a", "b", "c"]], options: fields3),
        CSVCase("too many fields", "a,b,c,d\n", [], error: failure(line: 1, column: 4, .tooManyFields(limit: 3)), options: fields3),
        CSVCase("trailing empty field is a field", "a,b,c,\n", [], error: failure(line: 1, column: 4, .tooManyFields(limit: 3)),
                options: fields3),
        CSVCase("too many records", "a\nb\n\nc\n", [["a"], ["b"]], error: failure(line: 4, column: nil, .tooManyRecords(limit: 2)),
                options: CSVOptions(maxRecords: 2)),
    ]
}()

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("well-formed input", arguments: wellFormedCases)
    func wellFormed(_ testCase: CSVCase) {
        let result = parseWithAllChunkSizes(testCase.input, options: testCase.options)
        #expect(result.error == nil)
        #expect(result.records == testCase.records)
        #expect(result.bytesConsumed == testCase.input.count)
    }

    @Test("malformed input", arguments: malformedCases)
    func malformed(_ testCase: CSVCase) {
        let result = parseWithAllChunkSizes(testCase.input, options: testCase.options)
        #expect(result.records == testCase.records)
        #expect(result.error == testCase.error)
    }

    @Test("limits", arguments: limitCases)
    func limits(_ testCase: CSVCase) {
        let result = parseWithAllChunkSizes(testCase.input, options: testCase.options)
        #expect(result.records == testCase.records)
        #expect(result.error == testCase.error)
    }

    @Test("records keep their content while the buffer is compacted", arguments: [1, 2, 3, 7, 64])
    func compaction(chunk: Int) {
        var text = ""
        var expected: [[String]] = []
        for i in 0..<2000 {
            let record = ["c\(i)", "\"q\"\"\(i)\"", "\"multi\nline \(i % 7)\"", String(repeating: "é", count: i % 5)]
            text += record.joined(separator: ",") + (i % 3 == 0 ? "\r\n" : "\n")
            expected.append(["c\(i)", "q\"\(i)", "multi\nline \(i % 7)", String(repeating: "é", count: i % 5)])
        }
        let result = parseAll(Array(text.utf8), options: CSVOptions(maxRecordBytes: 40, readChunkSize: chunk))
        #expect(result.error == nil)
        #expect(result.records == expected)
    }

    @Test("record lines account for embedded newlines and blank lines")
    func recordLines() {
        let result = parseWithAllChunkSizes(Array(utf8: "h\n\"a\nb\nc\"\n\nx\r\n\r\n\"\ny\"\nz"))
        #expect(result.records == [["h"], ["a\nb\nc"], ["x"], ["\ny"], ["z"]])
        #expect(result.lines == [1, 2, 6, 8, 10])
    }

    @Test("withField gives the unquoted bytes; out-of-range indices give an empty buffer")
    func withField() throws {
        var reader = try CSVReader(source: MemorySource("plain,\"q\"\"uoted\",\n"))
        #expect(try reader.next())
        #expect(reader.fieldCount == 3)
        #expect(reader.withField(0) { Array($0) } == Array(utf8: "plain"))
        #expect(reader.withField(1) { Array($0) } == Array(utf8: "q\"uoted"))
        #expect(reader.withField(2) { $0.count } == 0)
        #expect(reader.withField(3) { $0.count } == 0)
        #expect(reader.withField(-1) { $0.count } == 0)
        #expect(reader.string(7) == "")
        #expect(reader.recordLine == 1)
        #expect(reader.recordsRead == 1)
        #expect(try !reader.next())
        #expect(reader.fieldCount == 0)
        #expect(try !reader.next())
    }

    @Test("bytesConsumed tracks records, the BOM and terminators")
    func bytesConsumed() throws {
        var reader = try CSVReader(source: MemorySource("\u{FEFF}ab,c\r\n\nxyz"), options: CSVOptions(readChunkSize: 2))
        #expect(reader.bytesConsumed == 0)
        #expect(try reader.next())
        #expect(reader.bytesConsumed == 3 + 6)
        #expect(try reader.next())
        #expect(reader.bytesConsumed == 3 + 6 + 1 + 3)
        #expect(try !reader.next())
        #expect(reader.bytesConsumed == 13)
    }

    @Test("errors are sticky")
    func stickyErrors() throws {
        var reader = try CSVReader(source: MemorySource("a\nb\"\nc\n"))
        #expect(try reader.next())
        let expected = CSVError(line: 2, column: 1, reason: .unexpectedQuote)
        #expect(throws: expected) { try reader.next() }
        #expect(reader.fieldCount == 0)
        #expect(throws: expected) { try reader.next() }
    }

    @Test("a wrong field count is reported and reading continues")
    func wrongFieldCount() throws {
        var reader = try CSVReader(source: MemorySource("a,b\n1,2\n3\n4,5,6\n7,8"))
        reader.expectedFieldCount = 2
        var seen: [[String]] = []
        var errors: [CSVError] = []
        while true {
            do {
                guard try reader.next() else { break }
                seen.append(reader.fieldStrings())
            } catch {
                errors.append(error)
                #expect(reader.fieldCount > 0)  // the offending record stays readable
            }
        }
        #expect(seen == [["a", "b"], ["1", "2"], ["7", "8"]])
        #expect(errors == [
            CSVError(line: 3, column: nil, reason: .wrongFieldCount(expected: 2, found: 1)),
            CSVError(line: 4, column: nil, reason: .wrongFieldCount(expected: 2, found: 3)),
        ])
    }

    @Test("invalid options are rejected", arguments: [
        CSVOptions(delimiter: UInt8(ascii: "\"")), CSVOptions(delimiter: 0x0A), CSVOptions(delimiter: 0x0D),
        CSVOptions(delimiter: 0), CSVOptions(delimiter: 0xC3), CSVOptions(maxFieldBytes: 0),
        CSVOptions(maxRecordBytes: -1), CSVOptions(maxFieldsPerRecord: 0), CSVOptions(maxRecords: -1),
        CSVOptions(readChunkSize: 0), CSVOptions(readChunkSize: (1 << 30) + 1),
    ])
    func invalidOptions(_ options: CSVOptions) {
        #expect(throws: ConfigurationError.self) { try options.validate() }
        #expect(throws: ConfigurationError.self) { _ = try CSVReader(source: MemorySource("a"), options: options) }
    }
}

@Suite("CSVReader: bounded memory on huge inputs")
struct CSVReaderBoundedMemoryTests {
    static let hugeSize = 200_000_000

    /// Runs a reader over a generated input and returns the error and how many bytes the source handed out.
    private func run(
        prefix: String, fill: String, total: Int = hugeSize, options: CSVOptions
    ) -> (error: CSVError?, records: Int, bytesRead: Int) {
        let counter = ByteCounter()
        var records = 0
        do {
            var reader = try CSVReader(
                source: GeneratedSource(prefix: prefix, fill: fill, total: total, counter: counter), options: options)
            while try reader.next() { records += 1 }
        } catch let error as CSVError {
            return (error, records, counter.value)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return (nil, records, counter.value)
    }

    @Test("a 200 MB unterminated quote fails at the field limit", arguments: [7, 4096, 256 * 1024])
    func unterminatedQuote(chunk: Int) {
        let options = CSVOptions(readChunkSize: chunk)
        let prefix = "id,note\n1,\""
        let outcome = run(prefix: prefix, fill: "a", options: options)
        #expect(outcome.error == CSVError(line: 2, column: 2, reason: .fieldTooLong(limit: 64 * 1024)))
        #expect(outcome.records == 1)
        #expect(outcome.bytesRead <= prefix.utf8.count + options.maxFieldBytes + chunk)
    }

    @Test("a 200 MB quoted field full of newlines fails at the field limit")
    func quotedNewlines() {
        let outcome = run(prefix: "\"", fill: "ab\r\n", options: CSVOptions())
        #expect(outcome.error?.reason == .fieldTooLong(limit: 64 * 1024))
        #expect(outcome.error?.line == 1)
        #expect(outcome.error?.problemLine == 1 + 64 * 1024 / 4)
        #expect(outcome.bytesRead <= 1 + 64 * 1024 + 256 * 1024)
    }

    @Test("a 200 MB single unquoted line fails at the field limit")
    func singleLine() {
        let outcome = run(prefix: "", fill: "x", options: CSVOptions())
        #expect(outcome.error == CSVError(line: 1, column: 1, reason: .fieldTooLong(limit: 64 * 1024)))
        #expect(outcome.bytesRead <= 64 * 1024 + 256 * 1024)
    }

    @Test("a 200 MB line of short fields fails at the record limit")
    func longRecord() {
        let options = CSVOptions(maxFieldsPerRecord: 1 << 20)
        let outcome = run(prefix: "", fill: "abcdefghi,", options: options)
        #expect(outcome.error?.reason == .recordTooLong(limit: 1024 * 1024))
        #expect(outcome.error?.column == 1024 * 1024 / 10 + 1)
        #expect(outcome.bytesRead <= 1024 * 1024 + 256 * 1024)
    }

    @Test("100k columns fail at the field-count limit")
    func manyColumns() {
        let outcome = run(prefix: "", fill: "a,", total: 200_000, options: CSVOptions())
        #expect(outcome.error == CSVError(line: 1, column: 1025, reason: .tooManyFields(limit: 1024)))
    }

    @Test("a 1 MiB field fails with default limits")
    func oneMebibyteField() {
        let outcome = run(prefix: "a,\"", fill: "z", total: 3 + (1 << 20), options: CSVOptions())
        #expect(outcome.error == CSVError(line: 1, column: 2, reason: .fieldTooLong(limit: 64 * 1024)))
    }

    @Test("many records stream through a small buffer")
    func manyRecords() {
        let row = "c123,o456,2024-01-02T10:00:00Z,12.50,books\n"
        let outcome = run(prefix: "", fill: row, total: row.utf8.count * 50_000,
                          options: CSVOptions(maxRecordBytes: 64, readChunkSize: 100))
        #expect(outcome.error == nil)
        #expect(outcome.records == 50_000)
    }
}
