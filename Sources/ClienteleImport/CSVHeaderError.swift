/// A problem with a CSV header row or a column lookup.
///
/// Descriptions name columns by 1-based index, and by name only when the name came from the caller (a lookup).
/// Header cells are never printed: in a file without a header row they would be customer data.
public enum CSVHeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input had no record to use as a header.
    case missingHeader
    /// Two header cells have the same trimmed name (1-based column indices; the name is ``CSVHeader`` input and is
    /// deliberately not carried, since it could be customer data).
    case duplicateName(firstColumn: Int, secondColumn: Int)
    /// No header cell matches the requested name, exactly or case-insensitively.
    case missingColumn(String)
    /// No exact match, and several header cells match the requested name case-insensitively.
    case ambiguousColumn(String, columns: [Int])

    public var description: String {
        switch self {
        case .missingHeader:
            "the input has no header row"
        case .duplicateName(let first, let second):
            "header columns \(first) and \(second) have the same name"
        case .missingColumn(let name):
            "no column named \"\(name)\" in the header"
        case .ambiguousColumn(let name, let columns):
            "column name \"\(name)\" matches columns \(columns.map(String.init).joined(separator: ", ")) "
                + "case-insensitively"
        }
    }
}
