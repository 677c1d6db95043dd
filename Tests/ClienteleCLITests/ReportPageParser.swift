import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The machine-readable figures of a `clientele report` page: every element with `data-` attributes, with the chart
/// (`data-chart` of the enclosing section) it belongs to. Parsing with `XMLParser` also proves the page is
/// well-formed XML (XHTML).
struct ReportPageFigures {
    struct Element {
        var name: String
        var chart: String?
        var attributes: [String: String]
        subscript(_ key: String) -> String? { attributes[key] }
    }

    init() {}

    var elements: [Element] = []
    var root: [String: String] = [:]
    /// Every `data-chart` section in page order.
    var charts: [String] = []
    /// The text of the whole page (character data), for "no model" notes.
    var text = ""

    /// Elements of `chart` that carry `attribute`.
    func marks(_ chart: String, with attribute: String = "data-value") -> [Element] {
        elements.filter { $0.chart == chart && $0[attribute] != nil }
    }

    /// The `<svg>` boxes: chart id, top, width, height in CSS pixels.
    var drawings: [(chart: String, top: Double, width: Double, height: Double)] {
        elements.compactMap { element in
            guard element.name == "svg", let chart = element.chart, let top = element["data-top"].flatMap(Double.init),
                  let width = element["width"].flatMap(Double.init),
                  let height = element["height"].flatMap(Double.init) else { return nil }
            return (chart, top, width, height)
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(html: String) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw ParseError(description: "not well-formed at line \(parser.lineNumber), column "
                + "\(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        self = delegate.figures
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var figures = ReportPageFigures()
        var stack: [String?] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "html" { figures.root = attributes }
            let chart = attributes["data-chart"] ?? stack.last ?? nil
            if let id = attributes["data-chart"] { figures.charts.append(id) }
            stack.append(chart)
            if attributes.keys.contains(where: { $0.hasPrefix("data-") }) {
                figures.elements.append(Element(name: name, chart: chart, attributes: attributes))
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { figures.text += string }
    }
}
