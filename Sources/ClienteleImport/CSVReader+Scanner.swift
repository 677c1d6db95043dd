/// The record scanner: a byte-level state machine over the reader's buffer.
///
/// One call scans one record. Each state of ``CSVScanState`` has one step function; tight inner loops skip plain
/// bytes with a table lookup. The position survives buffer refills (which may move the record to the front of the
/// buffer, so offsets are rebased). Every limit is checked at the position of the byte that would cross it,
/// independent of where reads happened to end.
extension CSVReader where Source: ~Copyable {
    /// Scans the next record into `spans`, skipping blank lines.
    ///
    /// - Returns: `false` at the end of the input.
    /// - Throws: ``CSVError`` for malformed or oversized input and read failures.
    mutating func scanRecord() throws(CSVError) -> Bool {
        var at = CSVScanPosition(at: consumed, line: line)
        while true {
            if at.p == end && !atEOF {
                at.rebase(by: try refill(keepingFrom: at.recordStart, line: at.recordLine))
                continue
            }
            switch try step(&at) {
            case .scanning, .needsBytes:
                continue
            case .endOfInput:
                consumed = at.p
                line = at.line
                return false
            case .record:
                // A blank line is one empty unquoted field with no bytes: skip it.
                if at.fields == 1 && spans[0].start == 0 && spans[0].end == 0 {
                    at.startRecord()
                    continue
                }
                consumed = at.p
                line = at.line
                recordStart = at.recordStart
                recordLine = at.recordLine
                count = at.fields
                return true
            }
        }
    }

    /// One step of the state machine from `at.state`.
    @inline(__always)
    private func step(_ at: inout CSVScanPosition) throws(CSVError) -> CSVScanStep {
        switch at.state {
        case .fieldStart: return try scanFieldStart(&at)
        case .unquoted: return try scanUnquoted(&at)
        case .quoted: return try scanQuoted(&at)
        case .quotePending: return try scanQuotePending(&at)
        case .carriageReturnPending: return try scanCarriageReturn(&at)
        }
    }

    private var quote: UInt8 { UInt8(ascii: "\"") }

    @inline(__always)
    private func byte(at offset: Int) -> UInt8 { buffer.load(fromByteOffset: offset, as: UInt8.self) }

    /// Finishes the current field with content `[at.fieldStart, contentEnd)` and counts it.
    @inline(__always)
    private func finishField(_ at: inout CSVScanPosition, contentEnd: Int, escapes: Int) throws(CSVError) {
        try storeField(at.fields, from: at.fieldStart, to: contentEnd, escapes: escapes, highBits: at.highBits,
                       recStart: at.recordStart, recLine: at.recordLine, line: at.line)
        at.fields += 1
    }

    /// After a delimiter: the record may not grow past its limit, nor gain a field past the field limit.
    @inline(__always)
    private func afterDelimiter(_ at: inout CSVScanPosition) throws(CSVError) {
        if at.fields == options.maxFieldsPerRecord {
            throw at.failure(.tooManyFields(limit: options.maxFieldsPerRecord))
        }
        at.p += 1
        at.state = .fieldStart
    }

    /// Before the first byte of a field: the end of the input, an opening quote, or unquoted content.
    @inline(__always)
    private func scanFieldStart(_ at: inout CSVScanPosition) throws(CSVError) -> CSVScanStep {
        if at.p == end {  // the end of the input
            if at.fields == 0 && at.p == at.recordStart { return .endOfInput }
            // A delimiter right before the end of input: one more, empty field.
            at.fieldStart = at.p
            at.highBits = 0
            try finishField(&at, contentEnd: at.p, escapes: 0)
            return .record
        }
        at.fieldStart = at.p
        at.highBits = 0
        guard byte(at: at.p) == quote else {
            at.state = .unquoted
            return .scanning
        }
        if at.p - at.recordStart >= options.maxRecordBytes {
            throw at.failure(.recordTooLong(limit: options.maxRecordBytes))
        }
        at.p += 1
        at.fieldStart = at.p
        at.escapes = 0
        at.state = .quoted
        return .scanning
    }

    /// Inside an unquoted field: skip plain bytes, then end the field at a delimiter or line break.
    @inline(__always)
    private func scanUnquoted(_ at: inout CSVScanPosition) throws(CSVError) -> CSVScanStep {
        let classes = UnsafePointer(self.classes)
        let fieldLimit = at.fieldStart + options.maxFieldBytes
        let recordLimit = at.recordStart + options.maxRecordBytes
        let bound = min(end, min(fieldLimit, recordLimit))
        var p = at.p
        var highBits = at.highBits
        while p < bound {
            let byte = self.byte(at: p)
            if classes[Int(byte)] != CSVByteClass.plain { break }
            highBits |= byte
            p += 1
        }
        at.p = p
        at.highBits = highBits
        if p == end {
            if !atEOF { return .needsBytes }
            try finishField(&at, contentEnd: p, escapes: 0)
            return .record
        }
        let byteClass = classes[Int(byte(at: p))]
        switch byteClass {
        case CSVByteClass.delimiter:
            if p >= recordLimit { throw at.failure(.recordTooLong(limit: options.maxRecordBytes)) }
            try finishField(&at, contentEnd: p, escapes: 0)
            try afterDelimiter(&at)
            return .scanning
        case CSVByteClass.lineFeed:
            try finishField(&at, contentEnd: p, escapes: 0)
            at.p += 1
            at.line += 1
            return .record
        case CSVByteClass.carriageReturn:
            try finishField(&at, contentEnd: p, escapes: 0)
            at.p += 1
            at.state = .carriageReturnPending
            return .scanning
        default:
            // A content byte at a limit, or a quote or NUL.
            if p >= fieldLimit { throw at.failure(.fieldTooLong(limit: options.maxFieldBytes)) }
            if p >= recordLimit { throw at.failure(.recordTooLong(limit: options.maxRecordBytes)) }
            throw at.failure(byteClass == CSVByteClass.quote ? .unexpectedQuote : .nulByte)
        }
    }

    /// Inside a quoted field's content: skip content (line feeds included) up to the next quote.
    @inline(__always)
    private func scanQuoted(_ at: inout CSVScanPosition) throws(CSVError) -> CSVScanStep {
        let classes = UnsafePointer(self.classes) + CSVByteClass.quotedTableOffset
        // Content bytes may sit below fieldStart + escapes + maxField: each `""` adds one raw byte.
        let fieldLimit = at.fieldStart + at.escapes + options.maxFieldBytes
        let recordLimit = at.recordStart + options.maxRecordBytes
        let bound = min(end, min(fieldLimit, recordLimit))
        var p = at.p
        while p < bound {
            let byte = self.byte(at: p)
            let byteClass = classes[Int(byte)]
            if byteClass == CSVByteClass.plain {
                at.highBits |= byte
            } else if byteClass == CSVByteClass.lineFeed {
                at.line += 1
            } else {
                break
            }
            p += 1
        }
        at.p = p
        if p == end {
            if !atEOF { return .needsBytes }
            throw at.failure(.unterminatedQuote)
        }
        if byte(at: p) == quote {
            if p >= recordLimit { throw at.failure(.recordTooLong(limit: options.maxRecordBytes)) }
            at.p += 1
            at.state = .quotePending
            return .scanning
        }
        if p >= fieldLimit { throw at.failure(.fieldTooLong(limit: options.maxFieldBytes)) }
        if p >= recordLimit { throw at.failure(.recordTooLong(limit: options.maxRecordBytes)) }
        throw at.failure(.nulByte)
    }

    /// Just after a quote inside a quoted field: `""` (content), or the closing quote and what follows it.
    @inline(__always)
    private func scanQuotePending(_ at: inout CSVScanPosition) throws(CSVError) -> CSVScanStep {
        let contentEnd = at.p - 1
        if at.p == end {
            if !atEOF { return .needsBytes }
            try finishField(&at, contentEnd: contentEnd, escapes: at.escapes)
            return .record
        }
        let next = byte(at: at.p)
        if next == quote {
            // `""`: the first quote becomes content.
            if contentEnd - at.fieldStart - at.escapes >= options.maxFieldBytes {
                throw at.failure(.fieldTooLong(limit: options.maxFieldBytes))
            }
            if at.p - at.recordStart >= options.maxRecordBytes {
                throw at.failure(.recordTooLong(limit: options.maxRecordBytes))
            }
            at.escapes += 1
            at.p += 1
            at.state = .quoted
            return .scanning
        }
        switch classes[Int(next)] {
        case CSVByteClass.delimiter:
            if at.p - at.recordStart >= options.maxRecordBytes {
                throw at.failure(.recordTooLong(limit: options.maxRecordBytes))
            }
            try finishField(&at, contentEnd: contentEnd, escapes: at.escapes)
            try afterDelimiter(&at)
            return .scanning
        case CSVByteClass.lineFeed:
            try finishField(&at, contentEnd: contentEnd, escapes: at.escapes)
            at.p += 1
            at.line += 1
            return .record
        case CSVByteClass.carriageReturn:
            try finishField(&at, contentEnd: contentEnd, escapes: at.escapes)
            at.p += 1
            at.state = .carriageReturnPending
            return .scanning
        case CSVByteClass.nul:
            throw at.failure(.nulByte)
        default:
            throw at.failure(.garbageAfterClosingQuote)
        }
    }

    /// Just after a CR outside quotes: only LF may follow.
    @inline(__always)
    private func scanCarriageReturn(_ at: inout CSVScanPosition) throws(CSVError) -> CSVScanStep {
        if at.p < end && byte(at: at.p) == 0x0A {
            at.p += 1
            at.line += 1
            return .record
        }
        if at.p == end && !atEOF { return .needsBytes }
        throw at.failure(.bareCarriageReturn, column: at.fields)
    }

    /// Finishes field `index` whose content is `[start, contentEnd)` in the buffer: removes the doubled quotes in
    /// place, validates UTF-8 when a byte ≥ 0x80 was seen, and records the span relative to `recStart`.
    ///
    /// - Throws: ``CSVError`` with reason `.invalidUTF8`.
    @inline(__always)
    func storeField(
        _ index: Int, from start: Int, to contentEnd: Int, escapes: Int, highBits: UInt8,
        recStart: Int, recLine: Int, line: Int
    ) throws(CSVError) {
        var stop = contentEnd
        if escapes > 0 { stop = unescapeQuotes(from: start, to: contentEnd) }
        if highBits >= 0x80, let bad = UTF8Validation.firstInvalidOffset(buffer + start, count: stop - start) {
            // Report the line of the bad byte: subtract the line breaks after it inside the field.
            var laterBreaks = 0
            var i = start + bad
            while i < stop {
                if buffer.load(fromByteOffset: i, as: UInt8.self) == 0x0A { laterBreaks += 1 }
                i += 1
            }
            throw CSVError(line: recLine, problemLine: line - laterBreaks, column: index + 1, reason: .invalidUTF8)
        }
        spans[index] = CSVFieldSpan(start: start - recStart, end: stop - recStart)
    }

    /// Collapses every `""` in `[start, contentEnd)` to `"` in place (the scanner guarantees quotes come in pairs).
    ///
    /// - Returns: The new end of the content.
    func unescapeQuotes(from start: Int, to contentEnd: Int) -> Int {
        let quote = UInt8(ascii: "\"")
        var read = start
        var write = start
        while read < contentEnd {
            let byte = buffer.load(fromByteOffset: read, as: UInt8.self)
            buffer.storeBytes(of: byte, toByteOffset: write, as: UInt8.self)
            write += 1
            read += byte == quote ? 2 : 1
        }
        return write
    }
}
