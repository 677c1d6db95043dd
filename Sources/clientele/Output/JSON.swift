/// JSON literals.
enum JSON {
    static func value(_ cell: Cell) -> String {
        if cell.isNull { return "null" }
        if let literal = cell.jsonLiteral { return literal }
        if cell.numeric, Double(cell.machine)?.isFinite == true { return cell.machine }
        return string(cell.machine)
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
