import Clientele

/// Maps the CDNOW data set's whitespace-separated files to purchases.
///
/// - The master file: `customer_id date cds dollars` (e.g. ` 00001 19970101  1   11.77`), its first line a header.
/// - The sample: `orig_id sample_id date cds dollars`, no header. The sample id (1…2357) is the customer, as in
///   `cdnow_customers_summary.csv`.
///
/// The variant is told by the first data row's column count (4 or 5); every row must have the same count. A first
/// line whose first column is not a number is the header and is skipped. Customer ids lose their leading zeros
/// (`00004` → `4`, `0001` → `1`), so they match the published summary's ids. Dates are `YYYYMMDD` at midnight in the
/// store's time zone; `cds` is the quantity; `dollars` an amount at the store's scale. The rows have no order id,
/// so each gets a derived one (``DerivedOrderIDs``). Fields may be separated by any run of spaces or tabs; lines of
/// spaces are skipped.
///
/// Reading goes through ``CSVReader`` with a space delimiter (empty fields between runs of spaces are skipped),
/// so the reader's limits, UTF-8 and NUL checks and line numbers apply unchanged.
public struct CDNOWPurchaseMapper: RowMapper {
    let parsers: ValueParsers
    private var variantColumns: [String]?
    private var derived = DerivedOrderIDs()

    /// The master file's columns.
    public static let masterColumns = ["customer_id", "date", "cds", "dollars"]
    /// The sample's columns.
    public static let sampleColumns = ["orig_id", "customer_id", "date", "cds", "dollars"]

    /// A mapper reading with `parsers`.
    public init(parsers: ValueParsers) { self.parsers = parsers }

    /// The CSV options for reading CDNOW files: a space delimiter, the default limits.
    public static func csvOptions(_ base: CSVOptions = CSVOptions()) -> CSVOptions {
        var options = base
        options.delimiter = UInt8(ascii: " ")
        return options
    }

    public var columnNames: [String] { variantColumns ?? Self.masterColumns }

    public mutating func start<S: ByteSource & ~Copyable>(
        _ reader: inout CSVReader<S>, file: String
    ) throws(ImportError) -> Bool {
        let hasRecord: Bool
        do {
            hasRecord = try reader.next()
        } catch {
            throw importError(error, file: file)
        }
        guard hasRecord else { return false }
        let tokens = Self.tokens(reader)
        // A header line: its first column is not a number.
        if let first = tokens.first, !first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return false }
        return true
    }

    public mutating func map<S: ByteSource & ~Copyable>(_ reader: borrowing CSVReader<S>) throws(RowIssue) -> Purchase? {
        let line = reader.recordLine
        let tokens = Self.tokens(reader)
        if tokens.isEmpty { return nil }  // a line of spaces
        let columns: [String]
        if let variantColumns {
            columns = variantColumns
        } else {
            switch tokens.count {
            case 4: columns = Self.masterColumns
            case 5: columns = Self.sampleColumns
            default:
                throw RowIssue(
                    line: line, column: nil,
                    reason: "expected 4 columns (master file) or 5 (sample), found \(tokens.count)")
            }
            variantColumns = columns
        }
        guard tokens.count == columns.count else {
            let column = tokens.count < columns.count ? columns[tokens.count] : "\(tokens.count)"
            throw RowIssue(
                line: line, column: column, reason: "expected \(columns.count) columns, found \(tokens.count)")
        }
        let offset = columns.count - 4
        func fail(_ index: Int, _ reason: String) -> RowIssue {
            RowIssue(line: line, column: columns[index], reason: reason)
        }
        let rawID = tokens[offset]
        guard !rawID.isEmpty, rawID.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw fail(offset, "is not a number")
        }
        guard rawID.utf8.count <= FieldText.maxIdentifierBytes else {
            throw fail(offset, "is longer than \(FieldText.maxIdentifierBytes) bytes")
        }
        let customer = Self.withoutLeadingZeros(rawID)
        let date = tokens[offset + 1]
        guard date.utf8.count == 8 else { throw fail(offset + 1, "invalid date: expected YYYYMMDD") }
        let micros: Int64
        switch Self.parse(date, parsers.instant) {
        case .success(let value): micros = value
        case .failure(let reason): throw fail(offset + 1, reason.text)
        }
        guard let cds = FieldText.int32(tokens[offset + 2]), cds >= 0 else {
            throw fail(offset + 2, "is not a non-negative integer in range")
        }
        let minorUnits: Int64
        switch Self.parse(tokens[offset + 3], parsers.amount) {
        case .success(let value): minorUnits = value
        case .failure(let reason): throw fail(offset + 3, reason.text)
        }
        var purchase = Purchase(
            customer: customer, occurredAt: Instant(microseconds: micros), amount: Money(minorUnits: minorUnits),
            quantity: cds)
        purchase.orderID = derived.next(for: purchase)
        return purchase
    }

    public func columnName(at index: Int) -> String {
        // CSV positions count the empty fields between runs of spaces, so they do not map to CDNOW columns.
        "\(index)"
    }

    public func column(forLibraryField field: String) -> String? {
        switch field {
        case "customer_id", "customer": "customer_id"
        case "occurred_at", "date": "date"
        case "amount": "dollars"
        case "quantity": "cds"
        case "order_id": "order_id (derived)"
        default: nil
        }
    }

    /// The non-empty space- or tab-separated tokens of the current record.
    static func tokens<S: ByteSource & ~Copyable>(_ reader: borrowing CSVReader<S>) -> [String] {
        var tokens: [String] = []
        for index in 0..<reader.fieldCount {
            let text = reader.string(index)
            if text.isEmpty { continue }
            if text.utf8.contains(0x09) {
                tokens.append(contentsOf: text.split(separator: "\t").map(String.init))
            } else {
                tokens.append(text)
            }
        }
        return tokens
    }

    static func withoutLeadingZeros(_ digits: String) -> String {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    static func parse(_ text: String, _ body: (UnsafeRawBufferPointer) -> Result<Int64, RowReason>)
        -> Result<Int64, RowReason>
    {
        var copy = text
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
