/// The raw components of a date or date-time, as read by ``TimestampLayout/scan(_:)`` before range checks.
struct TimestampFields {
    var year = 0
    var month = 0
    var day = 0
    var hasTime = false
    var hour = 0
    var minute = 0
    var second = 0
    var microseconds = 0
    /// Whether a zone (`Z` or an offset) was written.
    var hasZone = false
    /// -1 for a `-HH:MM` offset, +1 otherwise.
    var zoneSign = 1
    /// The offset's hours and minutes as written (not yet range-checked).
    var zoneHours = 0
    var zoneMinutes = 0
}

/// Splits a trimmed timestamp into components, checking only the layout (digits and punctuation in place).
enum TimestampLayout {
    /// Reads the layouts documented on ``TimestampParser``.
    ///
    /// - Throws: ``TimestampError/invalidFormat`` or ``TimestampError/tooManyFractionDigits``.
    static func scan(_ s: UnsafeRawBufferPointer) throws(TimestampError) -> TimestampFields {
        let n = s.count
        var f = TimestampFields()
        if n == 8 {  // YYYYMMDD
            f.year = try number(s, 0, 4)
            f.month = try number(s, 4, 2)
            f.day = try number(s, 6, 2)
            return f
        }
        guard n >= 10 else { throw .invalidFormat }
        f.year = try number(s, 0, 4)
        try expect(s, 4, "-")
        f.month = try number(s, 5, 2)
        try expect(s, 7, "-")
        f.day = try number(s, 8, 2)
        if n == 10 { return f }

        guard s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " "), n >= 16 else { throw .invalidFormat }
        f.hasTime = true
        f.hour = try number(s, 11, 2)
        try expect(s, 13, ":")
        f.minute = try number(s, 14, 2)
        var i = 16
        if i < n && s[i] == UInt8(ascii: ":") {
            f.second = try number(s, 17, 2)
            i = 19
            if i < n && s[i] == UInt8(ascii: ".") {
                i += 1
                var digits = 0
                var value = 0
                while i < n, s[i] &- 0x30 < 10 {
                    digits += 1
                    guard digits <= 6 else { throw .tooManyFractionDigits }
                    value = value * 10 + Int(s[i] &- 0x30)
                    i += 1
                }
                guard digits > 0 else { throw .invalidFormat }
                for _ in digits..<6 { value *= 10 }
                f.microseconds = value
            }
        }
        if i == n { return f }  // no zone

        let sign = s[i]
        if sign == UInt8(ascii: "Z") {
            guard i + 1 == n else { throw .invalidFormat }
            f.hasZone = true
            return f
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { throw .invalidFormat }
        f.hasZone = true
        f.zoneSign = sign == UInt8(ascii: "-") ? -1 : 1
        f.zoneHours = try number(s, i + 1, 2)
        if i + 3 < n && s[i + 3] == UInt8(ascii: ":") {
            f.zoneMinutes = try number(s, i + 4, 2)
            i += 6
        } else {
            f.zoneMinutes = try number(s, i + 3, 2)
            i += 5
        }
        guard i == n else { throw .invalidFormat }
        return f
    }

    /// The decimal value of the `width` ASCII digits at `offset`.
    ///
    /// - Throws: ``TimestampError/invalidFormat`` when the text is too short or a byte is not a digit.
    @inline(__always)
    private static func number(_ s: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) throws(TimestampError) -> Int {
        guard offset >= 0, s.count - offset >= width else { throw .invalidFormat }
        var value = 0
        for k in offset..<(offset + width) {
            let digit = s[k] &- 0x30
            guard digit < 10 else { throw .invalidFormat }
            value = value * 10 + Int(digit)
        }
        return value
    }

    @inline(__always)
    private static func expect(_ s: UnsafeRawBufferPointer, _ offset: Int, _ byte: Unicode.Scalar) throws(TimestampError) {
        guard offset < s.count, s[offset] == UInt8(ascii: byte) else { throw .invalidFormat }
    }
}
