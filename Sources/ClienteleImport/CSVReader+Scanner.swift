/// The record scanner: a byte-level state machine over the reader's buffer.
///
/// One call scans one record. Tight inner loops skip plain bytes with a table lookup; the state survives buffer
/// refills (which may move the record to the front of the buffer, so offsets are rebased). Every limit is checked
/// at the position of the byte that would cross it, independent of where reads happened to end.
extension CSVReader where Source: ~Copyable {
    /// Scans the next record into `spans`, skipping blank lines.
    ///
    /// - Returns: `false` at the end of the input.
    /// - Throws: ``CSVError`` for malformed or oversized input and read failures.
    mutating func scanRecord() throws(CSVError) -> Bool {
        let base = buffer
        let unquotedClass = UnsafePointer(classes)
        let quotedClass = unquotedClass + CSVByteClass.quotedTableOffset
        let quote = UInt8(ascii: "\"")
        let maxField = options.maxFieldBytes
        let maxRecord = options.maxRecordBytes
        let maxFields = options.maxFieldsPerRecord

        var end = self.end
        var p = consumed
        var recStart = p
        var line = self.line
        var recLine = line
        var fields = 0
        var state = CSVScanState.fieldStart
        var fieldStart = p
        var escapes = 0
        var highBits: UInt8 = 0

        func failure(_ reason: CSVError.Reason, column: Int?, at problemLine: Int) -> CSVError {
            CSVError(line: recLine, problemLine: problemLine, column: column, reason: reason)
        }

        while true {
            scan: while true {
                if p == end && !atEOF {
                    let shift = try refill(keepingFrom: recStart, line: recLine)
                    p -= shift
                    recStart -= shift
                    fieldStart -= shift
                    end = self.end
                    continue scan
                }
                switch state {
                case .fieldStart:
                    if p == end {  // end of input
                        if fields == 0 && p == recStart {
                            consumed = p
                            self.line = line
                            return false
                        }
                        // A delimiter right before the end of input: one more, empty field.
                        try storeField(fields, from: p, to: p, escapes: 0, highBits: 0, recStart: recStart,
                                       recLine: recLine, line: line)
                        fields += 1
                        break scan
                    }
                    fieldStart = p
                    highBits = 0
                    if base.load(fromByteOffset: p, as: UInt8.self) == quote {
                        if p - recStart >= maxRecord {
                            throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                        }
                        p += 1
                        fieldStart = p
                        escapes = 0
                        state = .quoted
                    } else {
                        state = .unquoted
                    }

                case .unquoted:
                    let fieldLimit = fieldStart + maxField
                    let recordLimit = recStart + maxRecord
                    let bound = min(end, min(fieldLimit, recordLimit))
                    while p < bound {
                        let byte = base.load(fromByteOffset: p, as: UInt8.self)
                        if unquotedClass[Int(byte)] != CSVByteClass.plain { break }
                        highBits |= byte
                        p += 1
                    }
                    if p == end {
                        if !atEOF { continue scan }
                        try storeField(fields, from: fieldStart, to: p, escapes: 0, highBits: highBits,
                                       recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        break scan
                    }
                    let byteClass = unquotedClass[Int(base.load(fromByteOffset: p, as: UInt8.self))]
                    switch byteClass {
                    case CSVByteClass.delimiter:
                        if p >= recordLimit {
                            throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                        }
                        try storeField(fields, from: fieldStart, to: p, escapes: 0, highBits: highBits,
                                       recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        if fields == maxFields {
                            throw failure(.tooManyFields(limit: maxFields), column: fields + 1, at: line)
                        }
                        p += 1
                        state = .fieldStart
                    case CSVByteClass.lineFeed:
                        try storeField(fields, from: fieldStart, to: p, escapes: 0, highBits: highBits,
                                       recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        p += 1
                        line += 1
                        break scan
                    case CSVByteClass.carriageReturn:
                        try storeField(fields, from: fieldStart, to: p, escapes: 0, highBits: highBits,
                                       recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        p += 1
                        state = .carriageReturnPending
                    default:
                        // A content byte at a limit, or a quote or NUL.
                        if p >= fieldLimit {
                            throw failure(.fieldTooLong(limit: maxField), column: fields + 1, at: line)
                        }
                        if p >= recordLimit {
                            throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                        }
                        let reason: CSVError.Reason = byteClass == CSVByteClass.quote ? .unexpectedQuote : .nulByte
                        throw failure(reason, column: fields + 1, at: line)
                    }

                case .quoted:
                    // Content bytes may sit below fieldStart + escapes + maxField: each `""` adds one raw byte.
                    let fieldLimit = fieldStart + escapes + maxField
                    let recordLimit = recStart + maxRecord
                    let bound = min(end, min(fieldLimit, recordLimit))
                    while p < bound {
                        let byte = base.load(fromByteOffset: p, as: UInt8.self)
                        let byteClass = quotedClass[Int(byte)]
                        if byteClass == CSVByteClass.plain {
                            highBits |= byte
                        } else if byteClass == CSVByteClass.lineFeed {
                            line += 1
                        } else {
                            break
                        }
                        p += 1
                    }
                    if p == end {
                        if !atEOF { continue scan }
                        throw failure(.unterminatedQuote, column: fields + 1, at: line)
                    }
                    if base.load(fromByteOffset: p, as: UInt8.self) == quote {
                        if p >= recordLimit {
                            throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                        }
                        p += 1
                        state = .quotePending
                    } else if p >= fieldLimit {
                        throw failure(.fieldTooLong(limit: maxField), column: fields + 1, at: line)
                    } else if p >= recordLimit {
                        throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                    } else {
                        throw failure(.nulByte, column: fields + 1, at: line)
                    }

                case .quotePending:
                    let contentEnd = p - 1
                    if p == end {
                        if !atEOF { continue scan }
                        try storeField(fields, from: fieldStart, to: contentEnd, escapes: escapes,
                                       highBits: highBits, recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        break scan
                    }
                    let byte = base.load(fromByteOffset: p, as: UInt8.self)
                    if byte == quote {
                        // `""`: the first quote becomes content.
                        if contentEnd - fieldStart - escapes >= maxField {
                            throw failure(.fieldTooLong(limit: maxField), column: fields + 1, at: line)
                        }
                        if p - recStart >= maxRecord {
                            throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                        }
                        escapes += 1
                        p += 1
                        state = .quoted
                        continue scan
                    }
                    switch unquotedClass[Int(byte)] {
                    case CSVByteClass.delimiter:
                        if p - recStart >= maxRecord {
                            throw failure(.recordTooLong(limit: maxRecord), column: fields + 1, at: line)
                        }
                        try storeField(fields, from: fieldStart, to: contentEnd, escapes: escapes,
                                       highBits: highBits, recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        if fields == maxFields {
                            throw failure(.tooManyFields(limit: maxFields), column: fields + 1, at: line)
                        }
                        p += 1
                        state = .fieldStart
                    case CSVByteClass.lineFeed:
                        try storeField(fields, from: fieldStart, to: contentEnd, escapes: escapes,
                                       highBits: highBits, recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        p += 1
                        line += 1
                        break scan
                    case CSVByteClass.carriageReturn:
                        try storeField(fields, from: fieldStart, to: contentEnd, escapes: escapes,
                                       highBits: highBits, recStart: recStart, recLine: recLine, line: line)
                        fields += 1
                        p += 1
                        state = .carriageReturnPending
                    case CSVByteClass.nul:
                        throw failure(.nulByte, column: fields + 1, at: line)
                    default:
                        throw failure(.garbageAfterClosingQuote, column: fields + 1, at: line)
                    }

                case .carriageReturnPending:
                    if p < end && base.load(fromByteOffset: p, as: UInt8.self) == 0x0A {
                        p += 1
                        line += 1
                        break scan
                    }
                    if p == end && !atEOF { continue scan }
                    throw failure(.bareCarriageReturn, column: fields, at: line)
                }
            }

            // A complete record. A blank line is one empty unquoted field with no bytes: skip it.
            if fields == 1 && spans[0].start == 0 && spans[0].end == 0 {
                recStart = p
                recLine = line
                fields = 0
                state = .fieldStart
                continue
            }
            consumed = p
            self.line = line
            recordStart = recStart
            recordLine = recLine
            count = fields
            return true
        }
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
