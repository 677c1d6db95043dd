import Clientele

/// Maps CSV rows with a header to customer updates (``CustomerField`` names the columns; ``ColumnMapping`` renames
/// them). Every column that feeds no field becomes an attribute named after its header cell.
///
/// Fields are trimmed of surrounding spaces and tabs; an empty cell leaves the stored value as it is (an update
/// never clears a field). Ids, emails and tags are checked against the store's limits here.
public struct CSVCustomerMapper: HeaderRowMapper {
    let mapping: ColumnMapping
    let parsers: ValueParsers
    var names: [String] = []
    private var columns: [CustomerField: Int] = [:]
    private var customer = 0
    private var attributeColumns: [(index: Int, name: String)] = []

    /// A mapper reading with `parsers`, columns named by `mapping`.
    public init(mapping: ColumnMapping = ColumnMapping(), parsers: ValueParsers) {
        self.mapping = mapping
        self.parsers = parsers
    }

    mutating func findColumns(in header: CSVHeader, file: String) throws(ImportError) {
        var used = Set<Int>()
        for field in CustomerField.allCases {
            let index = try HeaderReading.index(
                of: mapping.column(for: field), in: header, required: field.isRequired, file: file)
            if let index {
                columns[field] = index
                used.insert(index)
            }
        }
        customer = columns[.customerID] ?? 0
        attributeColumns = header.names.enumerated().compactMap { index, name in
            used.contains(index) || name.isEmpty ? nil : (index, name)
        }
        for (index, name) in attributeColumns where FieldText.problem(name, limit: FieldText.maxLabelBytes) != nil {
            throw ImportError(
                kind: .badInput, file: file, line: 1, column: "\(index + 1)",
                reason: "attribute column name is too long or contains control characters")
        }
    }

    public mutating func map<S: ByteSource & ~Copyable>(
        _ reader: borrowing CSVReader<S>
    ) throws(RowIssue) -> CustomerUpdate? {
        let line = reader.recordLine
        func fail(_ field: CustomerField, _ reason: String) -> RowIssue {
            RowIssue(line: line, column: mapping.column(for: field), reason: reason)
        }
        func text(_ field: CustomerField) -> String? { FieldText.trimmed(reader, columns[field]) }

        guard let id = FieldText.trimmed(reader, customer) else { throw fail(.customerID, "is empty") }
        if let problem = FieldText.problem(id, limit: FieldText.maxIdentifierBytes) { throw fail(.customerID, problem) }
        var update = CustomerUpdate(externalID: id)
        if let email = text(.email) {
            if let problem = FieldText.problem(email, limit: FieldText.maxEmailBytes) { throw fail(.email, problem) }
            guard email.utf8.contains(UInt8(ascii: "@")) else { throw fail(.email, "is not an email address") }
            update.email = email
        }
        update.phone = text(.phone)
        update.name = text(.name)
        update.city = text(.city)
        update.gender = text(.gender)
        if let index = columns[.signupAt], FieldText.trimmed(reader, index) != nil {
            switch reader.withField(index, parsers.instant) {
            case .success(let micros): update.signupAt = Instant(microseconds: micros)
            case .failure(let reason): throw fail(.signupAt, reason.text)
            }
        }
        if let index = columns[.birthDate], FieldText.trimmed(reader, index) != nil {
            switch reader.withField(index, parsers.instant) {
            case .success(let micros):
                update.birthDate = parsers.timestamps.day(ofMicroseconds: micros)
            case .failure(let reason): throw fail(.birthDate, reason.text)
            }
        }
        if let tags = text(.tags) {
            for tag in tags.split(separator: ";") {
                let trimmed = String(tag).trimmingASCIIBlanks()
                guard !trimmed.isEmpty else { continue }
                if let problem = FieldText.problem(trimmed, limit: FieldText.maxLabelBytes) {
                    throw fail(.tags, "a tag " + problem)
                }
                update.addTags.insert(trimmed)
            }
        }
        if let flag = text(.doNotContact) {
            guard let value = FieldText.bool(flag) else { throw fail(.doNotContact, "is not true/false, yes/no or 1/0") }
            update.doNotContact = value
        }
        for (index, name) in attributeColumns {
            if let value = FieldText.trimmed(reader, index) { update.attributes[name] = value }
        }
        return update
    }

    public func column(forLibraryField field: String) -> String? {
        CustomerField.named(field).map { mapping.column(for: $0) }
    }
}
