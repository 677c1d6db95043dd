/// Escaping of every string that goes into the report page (text and attribute values alike).
///
/// Strings from the store (categories, cohort keys) may be hostile: `<`, `>`, `&` and both quotes become
/// character references; control characters, which XML 1.0 forbids even as references, become their visible
/// Control Pictures (U+2400…, `␀`); C1 controls, non-characters and the bidirectional overrides that could reorder
/// the page's text become U+FFFD. So the page stays well-formed XML and nothing from the data can open an element.
enum HTMLEscape {
    static func text(_ value: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x00..<0x20: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value) ?? replacement)
            case 0x7F: out.unicodeScalars.append(Unicode.Scalar(0x2421) ?? replacement)
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0xFDD0...0xFDEF:
                out.unicodeScalars.append(replacement)
            case let v where v & 0xFFFE == 0xFFFE:
                out.unicodeScalars.append(replacement)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `value` shortened to `limit` characters (with `…`), then escaped: for labels in a fixed-width chart.
    static func label(_ value: String, limit: Int) -> String {
        guard value.count > limit, limit > 1 else { return text(value) }
        return text(String(value.prefix(limit - 1)) + "…")
    }

    private static let replacement: Unicode.Scalar = "\u{FFFD}"
}
