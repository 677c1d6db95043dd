#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 CSV reader with bounded memory, working on bytes.
///
/// Call ``next()`` to advance to the next record, then read the current record's fields with ``withField(_:_:)``
/// (zero-copy bytes) or ``string(_:)``. Field views are valid until the next call to ``next()``.
///
/// ```swift
/// var reader = try CSVReader(source: try FileDescriptorSource(path: "purchases.csv"))
/// let header = try CSVHeader(reading: &reader)
/// let amountColumn = try header.requireIndex(of: "amount")
/// while try reader.next() {
///     let cents = try reader.withField(amountColumn) { try AmountParser.standard.parse($0) }
/// }
/// ```
///
/// ## Dialect
/// - A UTF-8 byte order mark at the very start is skipped.
/// - Records end with LF or CRLF. A CR outside quotes that is not followed by LF is an error
///   (``CSVError/Reason/bareCarriageReturn``); inside quotes CR and LF are data.
/// - A field is quoted only if its first byte is `"`; inside it `""` stands for one quote, and after the closing
///   quote only a delimiter, a line end or end of input may follow. No whitespace is trimmed.
/// - A completely empty line (no bytes before its LF/CRLF) is skipped, anywhere in the file, and does not count
///   as a record. A record that is one empty field must therefore be written as `""` (``CSVWriter`` does so).
/// - The last record may or may not end with a line terminator.
/// - Every field must be strict UTF-8 without NUL bytes.
///
/// ## Limits and memory
/// The limits in ``CSVOptions`` are checked at the byte that crosses them, whatever the read size, so the same
/// input yields the same result for every chunk size, and a 200 MB unterminated quote fails after reading about
/// `maxFieldBytes + readChunkSize` bytes. The reader allocates once, in `init`: one buffer of
/// `maxRecordBytes + readChunkSize` bytes, plus the field table.
///
/// ## Errors
/// All errors are ``CSVError``s, and all but ``CSVError/Reason/wrongFieldCount(expected:found:)`` are final: the
/// reader keeps throwing the same error. See ``CSVError`` for what the line and column numbers mean.
///
/// The reader is non-copyable: it owns its buffer (and its source) and frees them in `deinit`.
public struct CSVReader<Source: ByteSource & ~Copyable>: ~Copyable {
    var source: Source
    /// The settings this reader was created with.
    public let options: CSVOptions
    /// Input bytes; the current record is contiguous in it from `recordStart`.
    @usableFromInline let buffer: UnsafeMutableRawPointer
    let capacity: Int
    /// Byte classes, see ``CSVByteClass``.
    let classes: UnsafeMutablePointer<UInt8>
    /// Field spans of the current record (capacity `maxFieldsPerRecord`).
    @usableFromInline let spans: UnsafeMutablePointer<CSVFieldSpan>

    /// Valid bytes in `buffer`.
    var end = 0
    /// Buffer offset where unparsed input starts (just after the current record).
    var consumed = 0
    /// Stream offset of `buffer[0]`.
    var streamOffset = 0
    var atEOF = false
    var started = false
    /// Buffer offset of the current record's first byte.
    @usableFromInline var recordStart = 0
    /// Fields in the current record.
    @usableFromInline var count = 0
    /// Physical line at `consumed`.
    var line = 1
    var failure: CSVError?

    /// The 1-based physical line on which the current record starts (0 before the first record).
    public internal(set) var recordLine = 0
    /// How many records ``next()`` has returned so far (blank lines excluded).
    public internal(set) var recordsRead = 0
    /// When set, ``next()`` throws ``CSVError/Reason/wrongFieldCount(expected:found:)`` for a record with a
    /// different number of fields. That error is recoverable: the record is consumed and stays readable.
    public var expectedFieldCount: Int?

    /// Creates a reader over `source`.
    ///
    /// - Parameters:
    ///   - source: Where the bytes come from; the reader takes ownership.
    ///   - options: Delimiter, limits and read size.
    /// - Throws: ``ConfigurationError`` when `options` is invalid (see ``CSVOptions/validate()``).
    public init(source: consuming Source, options: CSVOptions = CSVOptions()) throws(ConfigurationError) {
        try options.validate()
        self.source = source
        self.options = options
        // Room for the longest record, its CRLF and a full read after compaction.
        capacity = options.maxRecordBytes + options.readChunkSize + 16
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        classes = CSVByteClass.makeTables(delimiter: options.delimiter)
        spans = UnsafeMutablePointer<CSVFieldSpan>.allocate(capacity: options.maxFieldsPerRecord)
    }

    deinit {
        buffer.deallocate()
        classes.deallocate()
        spans.deallocate()
    }

    /// The number of fields in the current record (0 before the first record, at the end, and after an error).
    public var fieldCount: Int { count }

    /// Input bytes consumed through the end of the current record, including the byte order mark and line
    /// terminators; compare with the file size for a progress percentage.
    public var bytesConsumed: Int { streamOffset + consumed }

    /// Advances to the next record.
    ///
    /// - Returns: `true` when a record is available, `false` at the end of the input.
    /// - Throws: ``CSVError`` for malformed or oversized input and for read failures.
    public mutating func next() throws(CSVError) -> Bool {
        if let failure { throw failure }
        count = 0
        do throws(CSVError) {
            if !started {
                try skipByteOrderMark()
                started = true
            }
            guard try scanRecord() else { return false }
            recordsRead += 1
            if let limit = options.maxRecords, recordsRead > limit {
                throw CSVError(line: recordLine, column: nil, reason: .tooManyRecords(limit: limit))
            }
        } catch {
            count = 0
            failure = error
            throw error
        }
        if let expected = expectedFieldCount, expected != count {
            throw CSVError(line: recordLine, column: nil, reason: .wrongFieldCount(expected: expected, found: count))
        }
        return true
    }

    /// Calls `body` with the unquoted bytes of field `index` of the current record.
    ///
    /// The bytes are valid UTF-8 without NUL and must not escape `body`. An index outside `0..<fieldCount` yields
    /// an empty buffer; check ``fieldCount`` (or set ``expectedFieldCount``) to tell a missing field from an
    /// empty one.
    ///
    /// - Throws: Whatever `body` throws.
    @inlinable
    public func withField<R, E: Error>(
        _ index: Int,
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(fieldBytes(index))
    }

    /// The bytes of field `index`, or an empty buffer when out of range. Valid until the next `next()`.
    @inlinable
    func fieldBytes(_ index: Int) -> UnsafeRawBufferPointer {
        guard index >= 0 && index < count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let span = spans[index]
        return UnsafeRawBufferPointer(start: buffer + recordStart + span.start, count: span.end - span.start)
    }

    /// The value of field `index` as a `String` (empty when `index` is out of range).
    ///
    /// The bytes were validated as strict UTF-8 when the record was read, so decoding replaces nothing (and skips
    /// a second validation).
    public func string(_ index: Int) -> String {
        String(decoding: fieldBytes(index), as: UTF8.self)
    }

    /// All fields of the current record as strings.
    public func fieldStrings() -> [String] {
        (0..<count).map { string($0) }
    }

    // MARK: - Buffer management

    /// Skips a UTF-8 byte order mark at the very start of the stream.
    ///
    /// - Throws: ``CSVError`` with reason `.io` when the source fails.
    mutating func skipByteOrderMark() throws(CSVError) {
        while end - consumed < 3 && !atEOF {
            _ = try refill(keepingFrom: consumed, line: line)
        }
        guard end - consumed >= 3 else { return }
        let p = buffer + consumed
        if p.load(as: UInt8.self) == 0xEF && p.load(fromByteOffset: 1, as: UInt8.self) == 0xBB
            && p.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
        {
            consumed += 3
        }
    }

    /// Reads more input after `end`, first moving the bytes from `keep` on to the front of the buffer when the
    /// free room is below one read. Sets `atEOF` when the source returns 0.
    ///
    /// - Returns: How far the kept bytes moved left; the caller rebases its offsets by it.
    /// - Throws: ``CSVError`` with reason `.io` when the source fails.
    mutating func refill(keepingFrom keep: Int, line recordLine: Int) throws(CSVError) -> Int {
        consumed = keep
        var shift = 0
        if capacity - end < options.readChunkSize && keep > 0 {
            shift = keep
            let live = end - keep
            if live > 0 { memmove(buffer, buffer + keep, live) }
            end = live
            consumed = 0
            streamOffset += shift
        }
        let room = min(options.readChunkSize, capacity - end)
        guard room > 0 else {
            // Unreachable: the scanner never keeps more than maxRecordBytes + 1 bytes.
            throw CSVError(line: recordLine, column: nil, reason: .recordTooLong(limit: options.maxRecordBytes))
        }
        let n: Int
        do {
            n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: room))
        } catch {
            throw CSVError(line: recordLine, column: nil, reason: .io(errno: error.errno))
        }
        guard n >= 0 && n <= room else {
            throw CSVError(line: recordLine, column: nil, reason: .io(errno: EIO))
        }
        if n == 0 { atEOF = true } else { end += n }
        return shift
    }
}

/// A reader may move to another task when its source can: it is non-copyable and uniquely owns its buffers, its
/// mutating methods need exclusive access, and its non-mutating ones only read.
extension CSVReader: @unchecked Sendable where Source: Sendable & ~Copyable {}
