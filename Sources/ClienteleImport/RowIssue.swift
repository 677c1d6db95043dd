/// Why one row was rejected: its line, the column at fault and the reason. Never any of the row's content.
public struct RowIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based physical line on which the row starts.
    public var line: Int
    /// The column at fault: its header name, or `column N` style text for a column without one; `nil` when the
    /// problem concerns the whole row.
    public var column: String?
    /// What is wrong, without the value.
    public var reason: String

    /// Creates an issue.
    public init(line: Int, column: String?, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `LINE: column NAME: reason`.
    public var description: String {
        var text = "\(line): "
        if let column { text += "column \(column): " }
        return text + reason
    }
}
