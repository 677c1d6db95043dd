/// Turns the records of a ``CSVReader`` into values to store (purchases, customer updates), one row at a time.
///
/// A mapper reports a bad row as a ``RowIssue`` naming the line, the column and the reason, never the value.
/// ``PurchaseImporter`` and ``CustomerImporter`` drive it: they call `start` on the importing thread, then `map` on a
/// reading thread with a copy of the mapper while the importing thread asks for column names, so a mapper should be a
/// value type (the ones here are) or safe to use from two threads.
public protocol RowMapper {
    /// What one row becomes.
    associatedtype Record: Sendable

    /// Reads what comes before the data (a header row) and returns whether the reader's current record is already
    /// a data row (for formats whose header is optional).
    /// - Throws: ``ImportError`` for a missing or unusable header.
    mutating func start<S: ByteSource & ~Copyable>(_ reader: inout CSVReader<S>, file: String) throws(ImportError)
        -> Bool

    /// The record of the reader's current row, or `nil` for a row that holds nothing (it is skipped, like a blank
    /// line).
    /// - Throws: ``RowIssue`` when the row is invalid.
    mutating func map<S: ByteSource & ~Copyable>(_ reader: borrowing CSVReader<S>) throws(RowIssue) -> Record?

    /// The name shown for the 1-based column `index` (the header's name, or its number).
    func columnName(at index: Int) -> String

    /// The column that fed the library field `field` (as `ClienteleError.invalidInput(field:…)` names it).
    func column(forLibraryField field: String) -> String?

    /// The column names, for the header of a rejects file.
    var columnNames: [String] { get }
}

extension RowMapper {
    /// The issue a library error stands for when it concerns the row (bad value, order conflict, invalid refund),
    /// or `nil` when it is a store failure.
    func issue(for error: any Error, line: Int) -> RowIssue? {
        guard let error = error as? ClienteleErrorView else { return nil }
        return error.rowIssue(line: line, column: { column(forLibraryField: $0) })
    }

    /// The issue of a record whose field count differs from the header's.
    func raggedIssue(_ error: CSVError) -> RowIssue? {
        guard case .wrongFieldCount(let expected, let found) = error.reason else { return nil }
        if found < expected {
            return RowIssue(
                line: error.line, column: columnName(at: found + 1),
                reason: "missing: the row has \(found) fields, the header \(expected)")
        }
        return RowIssue(
            line: error.line, column: columnName(at: expected + 1),
            reason: "unexpected field: the row has \(found) fields, the header \(expected)")
    }

    /// An import error for a malformed input (unrecoverable CSV error).
    func importError(_ error: CSVError, file: String) -> ImportError {
        var reason = error.reason.description
        if error.problemLine != error.line { reason += " (detected on line \(error.problemLine))" }
        let kind: ImportError.Kind
        if case .io = error.reason { kind = .unreadable } else { kind = .badInput }
        return ImportError(
            kind: kind, file: file, line: error.line, column: error.column.map { columnName(at: $0) }, reason: reason)
    }
}
