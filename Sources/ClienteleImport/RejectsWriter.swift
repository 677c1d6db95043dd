#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes rejected rows to a CSV file: `file,line,column,reason`, then the row's own fields as read (none when the
/// row could not be split into fields, or was rejected by the store after parsing).
///
/// The file holds customer data, so it is created with mode 0600 (whatever the umask) and truncated if it exists.
/// Output is buffered; call ``close()`` at the end.
public final class RejectsWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let csv = CSVWriter()
    /// The path written to.
    public let path: String
    /// Rows written.
    public private(set) var count = 0
    /// Whether fields are written as read; otherwise through ``OutputText/csvSafe(_:)`` (formulas neutralised,
    /// control characters escaped), since a rejects file is opened in spreadsheets too.
    public let raw: Bool

    /// Creates (or truncates) `path` and writes the header; `raw` writes the fields as read (see ``raw``).
    /// - Throws: ``ImportError`` of kind `.rejects` when the file cannot be created.
    public init(path: String, raw: Bool = false) throws(ImportError) {
        self.path = path
        self.raw = raw
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ImportError(kind: .rejects, file: path, reason: "cannot create: \(POSIXCalls.message(errno))")
        }
        _ = fchmod(fd, 0o600)
        self.fd = fd
        csv.appendRecord(["file", "line", "column", "reason"], to: &buffer)
    }

    deinit { POSIXCalls.closeFile(fd) }

    /// Appends one rejected row.
    /// - Throws: ``ImportError`` of kind `.rejects` when writing fails.
    public func write(file: String, issue: RowIssue, fields: [String]) throws(ImportError) {
        let record = [file, String(issue.line), issue.column ?? "", issue.reason] + fields
        csv.appendRecord(raw ? record : record.map(OutputText.csvSafe), to: &buffer)
        count += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes buffered rows to the file.
    /// - Throws: ``ImportError`` of kind `.rejects` when writing fails.
    public func flush() throws(ImportError) {
        let code = buffer.withUnsafeBytes { POSIXCalls.writeAll(fd, $0) }
        buffer.removeAll(keepingCapacity: true)
        guard code == 0 else {
            throw ImportError(kind: .rejects, file: path, reason: "cannot write: \(POSIXCalls.message(code))")
        }
    }

    /// Flushes and syncs the file.
    /// - Throws: ``ImportError`` of kind `.rejects` when writing fails.
    public func close() throws(ImportError) {
        try flush()
        _ = fsync(fd)
    }
}
