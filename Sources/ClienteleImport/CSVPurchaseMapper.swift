import Clientele

/// Maps CSV rows with a header to purchases (``PurchaseField`` names the columns; ``ColumnMapping`` renames them).
///
/// Text fields are trimmed of surrounding spaces and tabs; an empty optional field counts as absent. Rows without
/// an order id get one from ``DerivedOrderIDs``. Every value is checked here, before it reaches the store: ids and
/// labels (length, control characters), the date (strict, 1900 or later, not in the future), the amount (strict
/// decimal at the store's scale), the quantity (an integer) and that a refund of an order has a negative amount.
public struct CSVPurchaseMapper: HeaderRowMapper {
    let mapping: ColumnMapping
    let parsers: ValueParsers
    var names: [String] = []
    private var customer = 0
    private var occurredAt = 0
    private var amount = 0
    private var order: Int?
    private var category: Int?
    private var quantity: Int?
    private var channel: Int?
    private var refundOf: Int?
    private var derived = DerivedOrderIDs()
    // The previous row's checked values: a row that repeats one (the same customer, category or channel) reuses the
    // string and its check.
    private var lastCustomer: String?
    private var lastCategory: String?
    private var lastChannel: String?

    /// A mapper reading with `parsers`, columns named by `mapping`.
    public init(mapping: ColumnMapping = ColumnMapping(), parsers: ValueParsers) {
        self.mapping = mapping
        self.parsers = parsers
    }

    mutating func findColumns(in header: CSVHeader, file: String) throws(ImportError) {
        func index(_ field: PurchaseField) throws(ImportError) -> Int? {
            try HeaderReading.index(of: mapping.column(for: field), in: header, required: field.isRequired, file: file)
        }
        // Required fields have an index (index(_:) throws otherwise).
        customer = try index(.customerID) ?? 0
        occurredAt = try index(.occurredAt) ?? 0
        amount = try index(.amount) ?? 0
        order = try index(.orderID)
        category = try index(.category)
        quantity = try index(.quantity)
        channel = try index(.channel)
        refundOf = try index(.refundOf)
    }

    public mutating func map<S: ByteSource & ~Copyable>(_ reader: borrowing CSVReader<S>) throws(RowIssue) -> Purchase? {
        let line = reader.recordLine
        func fail(_ column: Int?, _ reason: String) -> RowIssue {
            RowIssue(line: line, column: column.map { columnName(at: $0 + 1) }, reason: reason)
        }
        let (customerText, customerProblem) = FieldText.checked(
            reader, customer, limit: FieldText.maxIdentifierBytes, reusing: &lastCustomer)
        guard let customerID = customerText else { throw fail(customer, "is empty") }
        if let customerProblem { throw fail(customer, customerProblem) }
        let micros: Int64
        switch reader.withField(occurredAt, parsers.instant) {
        case .success(let value): micros = value
        case .failure(let reason): throw fail(occurredAt, reason.text)
        }
        let minorUnits: Int64
        switch reader.withField(amount, parsers.amount) {
        case .success(let value): minorUnits = value
        case .failure(let reason): throw fail(amount, reason.text)
        }
        let orderID = FieldText.trimmed(reader, order)
        if let orderID, let problem = FieldText.problem(orderID, limit: FieldText.maxIdentifierBytes) {
            throw fail(order, problem)
        }
        let (categoryName, categoryProblem) = FieldText.checked(
            reader, category, limit: FieldText.maxLabelBytes, reusing: &lastCategory)
        if let categoryProblem { throw fail(category, categoryProblem) }
        let (channelName, channelProblem) = FieldText.checked(
            reader, channel, limit: FieldText.maxLabelBytes, reusing: &lastChannel)
        if let channelProblem { throw fail(channel, channelProblem) }
        var count: Int32 = 1
        if let parsed = FieldText.int32(reader, quantity) {
            guard let value = parsed else { throw fail(quantity, "is not an integer in range") }
            count = value
        }
        let refunded = FieldText.trimmed(reader, refundOf)
        if let refunded {
            if let problem = FieldText.problem(refunded, limit: FieldText.maxIdentifierBytes) {
                throw fail(refundOf, problem)
            }
            guard minorUnits < 0 else { throw fail(amount, "a refund of an order must have a negative amount") }
        }
        var purchase = Purchase(
            customer: customerID, orderID: orderID, occurredAt: Instant(microseconds: micros),
            amount: Money(minorUnits: minorUnits), category: categoryName, quantity: count, channel: channelName,
            refundOf: refunded)
        // Identifiers in NFC (as the store keeps them) before an order id is derived from them, so that the
        // canonically equal rows of two files derive the same id.
        purchase = purchase.canonicalized()
        if orderID == nil { purchase.orderID = derived.next(for: purchase) }
        return purchase
    }

    public func column(forLibraryField field: String) -> String? {
        guard let purchaseField = PurchaseField.named(field) else { return nil }
        let column = mapping.column(for: purchaseField)
        if purchaseField == .orderID && (order == nil) { return "\(column) (derived)" }
        return column
    }
}

/// Reading a header row and finding columns in it, with errors in the import's terms.
enum HeaderReading {
    static func read<S: ByteSource & ~Copyable>(_ reader: inout CSVReader<S>, file: String) throws(ImportError)
        -> CSVHeader
    {
        do {
            return try CSVHeader(reading: &reader)
        } catch let error as CSVError {
            var reason = error.reason.description
            if error.problemLine != error.line { reason += " (detected on line \(error.problemLine))" }
            let kind: ImportError.Kind
            if case .io = error.reason { kind = .unreadable } else { kind = .badInput }
            return try failHeader(kind, file, error.line, error.column.map { "\($0)" }, "header row: " + reason)
        } catch let error as CSVHeaderError {
            switch error {
            case .missingHeader:
                return try failHeader(.badInput, file, 1, nil, "the input is empty: a header row is expected")
            case .duplicateName(_, let second):
                return try failHeader(.badInput, file, 1, "\(second)", error.description)
            default:
                return try failHeader(.badInput, file, 1, nil, error.description)
            }
        } catch {
            return try failHeader(.badInput, file, 1, nil, "header row cannot be read")
        }
    }

    private static func failHeader(
        _ kind: ImportError.Kind, _ file: String, _ line: Int, _ column: String?, _ reason: String
    ) throws(ImportError) -> CSVHeader {
        throw ImportError(kind: kind, file: file, line: line, column: column, reason: reason)
    }

    /// The index of `column` in `header`; `nil` when it is absent and optional.
    static func index(of column: String, in header: CSVHeader, required: Bool, file: String) throws(ImportError)
        -> Int?
    {
        do {
            return try header.requireIndex(of: column)
        } catch .missingColumn {
            guard required else { return nil }
            throw ImportError(
                kind: .badInput, file: file, line: 1, column: column, reason: "required column is missing from the header")
        } catch {
            throw ImportError(kind: .badInput, file: file, line: 1, column: column, reason: error.description)
        }
    }

    /// The display name of the 1-based column `index`.
    static func name(at index: Int, in names: [String]) -> String {
        let position = index - 1
        if names.indices.contains(position), !names[position].isEmpty { return names[position] }
        return "\(index)"
    }
}
