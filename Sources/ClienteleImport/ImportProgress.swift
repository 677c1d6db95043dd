/// How far an import has come; passed to the progress callback (on the importing thread) after each committed batch
/// and every quarter second while the next batch is being read.
public struct ImportProgress: Sendable, Hashable {
    /// The file being read, as the user named it.
    public var file: String
    /// Rows read so far in this file (header excluded).
    public var rowsRead: Int
    /// Rows committed to the store so far in this file (imported or found to be duplicates).
    public var rowsCommitted: Int
    /// Input bytes consumed so far.
    public var bytesRead: Int
    /// The file's size, when known (not for standard input or pipes).
    public var totalBytes: Int?
    /// Seconds since this file's import started.
    public var elapsed: Double

    /// Rows read per second.
    public var rowsPerSecond: Double { elapsed > 0 ? Double(rowsRead) / elapsed : 0 }

    /// The share of the file's bytes read, 0...1, when the size is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(totalBytes))
    }

    /// The estimated seconds left, from the byte rate so far.
    public var secondsRemaining: Double? {
        guard let totalBytes, bytesRead > 0, bytesRead < totalBytes, elapsed > 0.2 else { return nil }
        return Double(max(0, totalBytes - bytesRead)) * elapsed / Double(bytesRead)
    }
}
