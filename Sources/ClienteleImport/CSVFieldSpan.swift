/// Where a parsed field's (unquoted) bytes lie, relative to the start of the current record in the reader's buffer.
@usableFromInline
struct CSVFieldSpan {
    @usableFromInline var start: Int
    @usableFromInline var end: Int

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// The scanner's position inside a record, kept across buffer refills.
enum CSVScanState {
    /// Before the first byte of a field.
    case fieldStart
    /// Inside a field that did not start with a quote.
    case unquoted
    /// Inside the content of a quoted field.
    case quoted
    /// Just after a quote inside a quoted field: a closing quote or the first half of `""`.
    case quotePending
    /// Just after a CR outside quotes: only LF may follow.
    case carriageReturnPending
}
