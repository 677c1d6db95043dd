/// Number formatting.
enum Format {
    /// `value` with exactly `places` decimals (`-0` printed as `0`).
    static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        // Beyond what an Int holds exactly, print the double as it is (never trap on a conversion).
        guard abs(rounded) < 1e15 else { return rounded.description }
        let negative = rounded < 0
        let magnitude = abs(rounded)
        let whole = magnitude.rounded(.down)
        var fraction = Int(((magnitude - whole) * factor).rounded())
        var wholeInt = Int(whole)
        if fraction >= Int(factor) && places > 0 {
            wholeInt += 1
            fraction -= Int(factor)
        }
        var text = String(wholeInt)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: max(0, places - digits.count)) + digits
        }
        return (negative && (wholeInt != 0 || fraction != 0) ? "-" : "") + text
    }

    /// A share as a percentage with one decimal.
    static func percent(_ value: Double) -> String { fixed(value * 100, places: 1) + "%" }

    /// A double as lifetimes' CSV writes it (Python's shortest round-trip repr), after rounding to `places`
    /// decimals when given: `0.0`, `30.43`, `23.723333333333333`.
    static func pythonFloat(_ value: Double, places: Int?) -> String {
        var x = value
        if let places {
            var factor = 1.0
            for _ in 0..<places { factor *= 10 }
            x = (value * factor).rounded() / factor
        }
        if x == 0 { return "0.0" }
        return x.description
    }

    /// Seconds as `1:05` or `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }

    /// Bytes as `12.3 MB`.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : fixed(value, places: 1) + " " + units[unit]
    }

    /// An integer with thousands separators: `1,234,567`.
    static func grouped<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }
}
