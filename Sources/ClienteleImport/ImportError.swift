/// Why an import stopped. The description has the form `FILE:LINE: column NAME: reason` and never contains a
/// field's value, so it can be shown and logged.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it is (the command-line tool maps each to an exit code).
    public enum Kind: Sendable, Hashable {
        /// The input is malformed or a row is invalid.
        case badInput
        /// The input file cannot be opened or read.
        case unreadable
        /// The store failed (I/O, full disk, damaged records).
        case store
        /// The rejects file cannot be written.
        case rejects
    }

    /// The kind of failure.
    public var kind: Kind
    /// The file as the user named it (`<stdin>` for standard input).
    public var file: String
    /// The 1-based line of the row at fault, when there is one.
    public var line: Int?
    /// The column at fault, when there is one.
    public var column: String?
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(kind: Kind, file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// An error for a rejected row.
    init(_ issue: RowIssue, file: String) {
        self.init(kind: .badInput, file: file, line: issue.line, column: issue.column, reason: issue.reason)
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column \(column): " }
        return text + reason
    }
}
