import Clientele
import ClienteleImport

/// One value of a table: how people see it (`display`) and how programs read it (`machine`, for CSV and JSON).
struct Cell {
    /// The text in a table.
    var display: String
    /// The text in CSV, and in JSON (a number literal when `numeric`).
    var machine: String
    /// Whether the value is a number (right-aligned in tables, unquoted in JSON).
    var numeric: Bool
    /// Whether the value is missing (empty in tables and CSV, `null` in JSON).
    var isNull = false
    /// A JSON literal to write instead of the machine text (`true`, `false`).
    var jsonLiteral: String?

    /// The text of this cell in CSV: numbers as they are; text through `OutputText.csvSafe` (formulas neutralised,
    /// control characters escaped) unless `raw`.
    func csv(raw: Bool) -> String { numeric || raw ? machine : OutputText.csvSafe(machine) }

    /// The text of this cell in an aligned table or other human output: control characters escaped.
    var human: String { OutputText.escapingControls(display) }

    static func text(_ value: String) -> Cell { Cell(display: value, machine: value, numeric: false) }
    static func bool(_ value: Bool) -> Cell {
        Cell(display: value ? "yes" : "no", machine: "\(value)", numeric: false, jsonLiteral: "\(value)")
    }
    static func optionalText(_ value: String?) -> Cell { value.map(text) ?? .null }
    static func int<T: BinaryInteger>(_ value: T) -> Cell {
        Cell(display: String(value), machine: String(value), numeric: true)
    }
    static func optionalInt<T: BinaryInteger>(_ value: T?) -> Cell {
        guard let value else { return .null }
        return int(value)
    }
    /// A number rounded to `places` decimals.
    static func decimal(_ value: Double, places: Int = 2) -> Cell {
        let text = Format.fixed(value, places: places)
        return Cell(display: text, machine: text, numeric: true)
    }
    static func optionalDecimal(_ value: Double?, places: Int = 2) -> Cell {
        value.map { decimal($0, places: places) } ?? .null
    }
    /// An amount of money at the store's scale.
    static func money(_ value: Money, scale: Int) -> Cell {
        let text = value.formatted(scale: scale)
        return Cell(display: text, machine: text, numeric: true)
    }
    /// A share 0...1: `12.3%` in tables, `0.1234` in CSV and JSON.
    static func share(_ value: Double) -> Cell {
        Cell(display: Format.percent(value), machine: Format.fixed(value, places: 4), numeric: true)
    }
    static func day(_ value: Day) -> Cell { text(value.description) }
    static let null = Cell(display: "", machine: "", numeric: false, isNull: true)
}
