/// Making stored text safe to show: in a terminal (control characters escaped) and in a spreadsheet (formulas
/// neutralised). One place for every table, CSV and rejects file the command-line tool writes.
///
/// ```swift
/// OutputText.escapingControls("a\u{1B}[2Jb")    // a\u{1B}[2Jb, printed as text: the screen is not cleared
/// OutputText.neutralizingFormula("=1+2")        // '=1+2
/// OutputText.neutralizingFormula("-12.50")      // -12.50 (a number stays a number)
/// ```
public enum OutputText {
    /// Whether `scalar` is a control character: C0 (U+0000–U+001F, with tab, LF, CR and ESC), DEL or C1
    /// (U+0080–U+009F, with U+009B CSI).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    /// `text` with every control character written as `\u{XX}` (hexadecimal), for aligned tables and other human
    /// output: a name keeps what it holds but cannot move the cursor, clear the screen or start an escape sequence.
    public static func escapingControls(_ text: String) -> String {
        escapingControls(text, keeping: { _ in false })
    }

    /// `text` with the control characters for which `keep` is false written as `\u{XX}`.
    static func escapingControls(_ text: String, keeping keep: (Unicode.Scalar) -> Bool) -> String {
        // Fast path: no byte below 0x20, no DEL, no 0xC2 (the lead byte of every C1 control).
        let clean = text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
        } ?? !text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
        if clean { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !keep(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `field` safe to open in a spreadsheet (OWASP CSV injection): a field starting with `=`, `+`, `-`, `@`, tab or
    /// carriage return gets a leading `'`, so the spreadsheet shows it as text instead of evaluating it. A number
    /// (an optional sign, digits, an optional fraction and exponent, such as `-12.50`) is left as it is.
    public static func neutralizingFormula(_ field: String) -> String {
        guard let first = field.utf8.first else { return field }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + field
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return isNumber(field.utf8) ? field : "'" + field
        default:
            return field
        }
    }

    /// A text cell of CSV output in safe mode: `neutralizingFormula`, then every control character except tab, LF and
    /// CR (which CSV quoting carries) escaped as in `escapingControls`.
    public static func csvSafe(_ field: String) -> String {
        escapingControls(neutralizingFormula(field), keeping: { $0 == "\t" || $0 == "\n" || $0 == "\r" })
    }

    /// Whether `bytes` is a decimal number: `[+-]digits[.digits][(e|E)[+-]digits]`, or with the digits only after
    /// the point.
    static func isNumber(_ bytes: String.UTF8View) -> Bool {
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index != bytes.endIndex, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                count += 1
                index = bytes.index(after: index)
            }
            return count
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index != bytes.endIndex, bytes[index] == byte else { return false }
            index = bytes.index(after: index)
            return true
        }
        if !skip(UInt8(ascii: "+")) { _ = skip(UInt8(ascii: "-")) }
        var mantissa = digits()
        if skip(UInt8(ascii: ".")) { mantissa += digits() }
        guard mantissa > 0 else { return false }
        if skip(UInt8(ascii: "e")) || skip(UInt8(ascii: "E")) {
            if !skip(UInt8(ascii: "+")) { _ = skip(UInt8(ascii: "-")) }
            guard digits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }
}
