/// A small SVG writer: shapes and text appended to a string, every string escaped, coordinates with one decimal.
struct SVG {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// `name="value"` pairs, escaped.
    typealias Attributes = KeyValuePairs<String, String>

    static func number(_ value: Double) -> String {
        let text = Format.fixed(value, places: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(HTMLEscape.text($0.1))\"" }.joined()
    }

    mutating func raw(_ markup: String) { body += markup }

    mutating func open(_ name: String, _ pairs: [(String, String)] = []) { body += "<\(name)\(attributes(pairs))>" }

    mutating func close(_ name: String) { body += "</\(name)>" }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        strokeWidth: Double = 1, data: [(String, String)] = [], title: String? = nil
    ) {
        var pairs: [(String, String)] = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(max(0, width))),
            ("height", Self.number(max(0, height))), ("fill", fill),
        ]
        if let stroke { pairs += [("stroke", stroke), ("stroke-width", Self.number(strokeWidth))] }
        pairs += data
        if let title {
            body += "<rect\(attributes(pairs))><title>\(HTMLEscape.text(title))</title></rect>"
        } else {
            body += "<rect\(attributes(pairs))/>"
        }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1) {
        body += "<line\(attributes([("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(width))]))/>"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body += "<polyline\(attributes([("points", list), ("fill", "none"), ("stroke", stroke), ("stroke-width", Self.number(width)), ("stroke-linejoin", "round")]))/>"
    }

    mutating func circle(x: Double, y: Double, r: Double, fill: String, data: [(String, String)] = []) {
        body += "<circle\(attributes([("cx", Self.number(x)), ("cy", Self.number(y)), ("r", Self.number(r)), ("fill", fill)] + data))/>"
    }

    enum Anchor: String { case start, middle, end }

    /// Text whose content is escaped here (pass the raw string).
    mutating func text(
        _ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12, weight: String? = nil,
        fill: String = Palette.text, rotate: Double? = nil, limit: Int? = nil
    ) {
        var pairs: [(String, String)] = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
            ("text-anchor", anchor.rawValue), ("fill", fill),
        ]
        if let weight { pairs.append(("font-weight", weight)) }
        if let rotate { pairs.append(("transform", "rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))")) }
        let escaped = limit.map { HTMLEscape.label(content, limit: $0) } ?? HTMLEscape.text(content)
        body += "<text\(attributes(pairs))>\(escaped)</text>"
    }

    /// The `<svg>` element, sized in CSS pixels, with `pairs` (escaped) on it.
    func markup(label: String, _ pairs: [(String, String)] = []) -> String {
        let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) role=\"img\" aria-label=\"\(HTMLEscape.text(label))\""
            + "\(attributes(pairs))>\(body)</svg>"
    }
}

/// The report's colours: light, readable in print and for the common colour-vision deficiencies.
enum Palette {
    static let text = "#1f2933"
    static let muted = "#616e7c"
    static let grid = "#e4e7eb"
    static let axis = "#9aa5b1"
    static let background = "#ffffff"
    static let empty = "#f5f7fa"
    /// Series colours (blue, orange, teal, purple).
    static let series = ["#1f6fb2", "#e07b00", "#138d75", "#7b4fa6"]
    /// The sequential scale of heatmaps, light to dark.
    static let scale = ["#eef4fa", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]

    /// The scale colour for `fraction` of the maximum (0...1).
    static func shade(_ fraction: Double) -> String {
        guard fraction.isFinite, fraction > 0 else { return scale[0] }
        return scale[1 + min(scale.count - 2, Int(min(fraction, 1) * Double(scale.count - 1)))]
    }

    /// Whether text on the scale colour for `fraction` should be white.
    static func darkShade(_ fraction: Double) -> Bool { fraction.isFinite && fraction > 0.6 }
}
