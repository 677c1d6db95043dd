/// Where the scanner is inside the record it is reading: offsets into the reader's buffer, the lines, the field
/// being read. Kept across buffer refills; `rebase(by:)` moves the offsets when a refill shifts the record.
struct CSVScanPosition {
    /// The next byte to read.
    var p: Int
    /// The first byte of the record.
    var recordStart: Int
    /// The line the record starts on (1-based) and the line of `p`.
    var recordLine: Int
    var line: Int
    /// Fields finished so far, the state of the one being read, and where its content starts.
    var fields = 0
    var state = CSVScanState.fieldStart
    var fieldStart: Int
    /// Doubled quotes (`""`) seen in the current quoted field, and the OR of its content bytes (≥ 0x80: not ASCII).
    var escapes = 0
    var highBits: UInt8 = 0

    init(at offset: Int, line: Int) {
        p = offset
        recordStart = offset
        fieldStart = offset
        recordLine = line
        self.line = line
    }

    /// Starts the next record at `p` (after a skipped blank line).
    mutating func startRecord() {
        recordStart = p
        recordLine = line
        fields = 0
        state = .fieldStart
    }

    /// Moves every offset `shift` bytes down, after a refill moved the record to the front of the buffer.
    mutating func rebase(by shift: Int) {
        p -= shift
        recordStart -= shift
        fieldStart -= shift
    }

    /// An error at the current field (or `column`) on the current line.
    func failure(_ reason: CSVError.Reason, column: Int? = nil) -> CSVError {
        CSVError(line: recordLine, problemLine: line, column: column ?? fields + 1, reason: reason)
    }
}

/// What one step of the scanner found.
enum CSVScanStep {
    /// The state changed; scan on.
    case scanning
    /// The buffer is used up before the input ends: refill, then scan on.
    case needsBytes
    /// A record ended.
    case record
    /// The input ended before any byte of a record.
    case endOfInput
}
