/// Which CSV column each field is read from: the field's own name unless an override says otherwise.
///
/// Overrides come from `--map FIELD=COLUMN` on the command line:
///
/// ```swift
/// let mapping = try ColumnMapping(parsing: ["customer_id=Client", "amount=Total"], fields: PurchaseField.self)
/// mapping.column(for: PurchaseField.amount)   // "Total"
/// ```
public struct ColumnMapping: Sendable, Hashable {
    /// Field name → column name, for the fields read from a column with another name.
    public private(set) var overrides: [String: String]

    /// No overrides: every field is read from the column with its own name.
    public init() { overrides = [:] }

    /// Parses `FIELD=COLUMN` specifications for the fields of `Field`.
    ///
    /// - Throws: ``MappingError`` for a specification without `=`, an unknown field, an empty column name or a field
    ///   mapped twice. (These come from the command line, so the error may quote them.)
    public init<Field: RawRepresentable & CaseIterable>(
        parsing specifications: [String], fields: Field.Type
    ) throws(MappingError) where Field.RawValue == String {
        overrides = [:]
        let known = Set(Field.allCases.map(\.rawValue))
        for specification in specifications {
            guard let equals = specification.firstIndex(of: "=") else { throw .malformed(specification) }
            let field = String(specification[..<equals]).trimmingASCIIBlanks()
            let column = String(specification[specification.index(after: equals)...]).trimmingASCIIBlanks()
            guard known.contains(field) else {
                throw .unknownField(field, known: Field.allCases.map(\.rawValue))
            }
            guard !column.isEmpty else { throw .emptyColumn(field) }
            guard overrides[field] == nil else { throw .duplicateField(field) }
            overrides[field] = column
        }
    }

    /// The column a field is read from.
    public func column<Field: RawRepresentable>(for field: Field) -> String where Field.RawValue == String {
        overrides[field.rawValue] ?? field.rawValue
    }
}

/// A malformed `--map FIELD=COLUMN` specification.
public enum MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The specification has no `=`.
    case malformed(String)
    /// The field is not one of the known fields (listed).
    case unknownField(String, known: [String])
    /// Nothing after `=`.
    case emptyColumn(String)
    /// The field is mapped more than once.
    case duplicateField(String)

    public var description: String {
        switch self {
        case .malformed(let text): "invalid mapping \"\(text)\": expected FIELD=COLUMN"
        case .unknownField(let field, let known):
            "unknown field \"\(field)\" in a mapping; fields: \(known.joined(separator: ", "))"
        case .emptyColumn(let field): "mapping for \"\(field)\" names no column"
        case .duplicateField(let field): "field \"\(field)\" is mapped more than once"
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces and tabs.
    func trimmingASCIIBlanks() -> String {
        let utf8 = self.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }),
              let last = utf8.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(self[first...last])
    }
}
