/// A malformed, oversized or unreadable CSV input.
///
/// Positions only, never content: the description names the lines, the field index and the reason, and no byte of
/// the input, so it is safe to log in a service that imports customer data.
///
/// - ``line`` is the 1-based physical line on which the offending **record starts**.
/// - ``problemLine`` is the 1-based physical line on which the problem was **detected**; it differs from ``line``
///   only when the record spans lines through quoted line breaks (for an unterminated quote it is the line on
///   which the input ended).
/// - ``column`` is the 1-based **field index** within the record (not a character position); `nil` for I/O errors.
///
/// Physical lines are counted by LF bytes; a CRLF pair counts once, and a CR inside quotes is not a line break.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// End of input inside a quoted field.
        case unterminatedQuote
        /// A `"` inside a field that did not start with a quote.
        case unexpectedQuote
        /// A closing quote followed by something other than a delimiter, a line end or end of input.
        case garbageAfterClosingQuote
        /// A field that is not strict UTF-8 (overlong forms, surrogates, truncated or stray bytes).
        case invalidUTF8
        /// A NUL byte anywhere in the input.
        case nulByte
        /// A field longer than ``CSVOptions/maxFieldBytes`` (the limit is attached).
        case fieldTooLong(limit: Int)
        /// A record longer than ``CSVOptions/maxRecordBytes`` (the limit is attached).
        case recordTooLong(limit: Int)
        /// A record with more than ``CSVOptions/maxFieldsPerRecord`` fields (the limit is attached).
        case tooManyFields(limit: Int)
        /// More records than ``CSVOptions/maxRecords`` (the limit is attached).
        case tooManyRecords(limit: Int)
        /// A CR outside quotes that is not followed by LF.
        case bareCarriageReturn
        /// A record whose field count differs from ``CSVReader/expectedFieldCount``. Unlike the other reasons this
        /// error is recoverable: the record was consumed, and calling ``CSVReader/next()`` again continues.
        case wrongFieldCount(expected: Int, found: Int)
        /// The byte source failed with this `errno`.
        case io(errno: Int32)

        public var description: String {
            switch self {
            case .unterminatedQuote: "quoted field is not closed before the end of the input"
            case .unexpectedQuote: "quote character inside an unquoted field"
            case .garbageAfterClosingQuote: "unexpected character after a closing quote"
            case .invalidUTF8: "field is not valid UTF-8"
            case .nulByte: "NUL byte in input"
            case .fieldTooLong(let limit): "field is longer than the limit of \(limit) bytes"
            case .recordTooLong(let limit): "record is longer than the limit of \(limit) bytes"
            case .tooManyFields(let limit): "record has more than the limit of \(limit) fields"
            case .tooManyRecords(let limit): "input has more than the limit of \(limit) records"
            case .bareCarriageReturn: "carriage return not followed by a line feed outside quotes"
            case .wrongFieldCount(let expected, let found): "expected \(expected) fields, found \(found)"
            case .io(let code): "read failed: \(ByteSourceError.message(for: code)) (errno \(code))"
            }
        }
    }

    /// The 1-based physical line on which the offending record starts.
    public var line: Int
    /// The 1-based physical line on which the problem was detected (≥ ``line``).
    public var problemLine: Int
    /// The 1-based index of the field in which the problem was found; `nil` when it concerns no field.
    public var column: Int?
    /// What went wrong.
    public var reason: Reason

    /// Creates an error; `problemLine` defaults to `line`.
    public init(line: Int, problemLine: Int? = nil, column: Int?, reason: Reason) {
        self.line = line
        self.problemLine = problemLine ?? line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var text = "CSV error at line \(line)"
        if problemLine != line { text += " (detected on line \(problemLine))" }
        if let column { text += ", field \(column)" }
        return text + ": \(reason)"
    }
}
