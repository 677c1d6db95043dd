/// Key–value records (one customer, store statistics): a two-column table, or a JSON object.
struct KeyValueOutput {
    var fields: [(key: String, value: Cell)] = []

    mutating func add(_ key: String, _ value: Cell) { fields.append((key, value)) }

    /// The fields as a JSON object, one per line, followed by `extra` members (already encoded values).
    func jsonObject(extra: [(key: String, json: String)]) -> String {
        var members = fields.map { JSON.string($0.key) + ": " + JSON.value($0.value) }
        members += extra.map { JSON.string($0.key) + ": " + $0.json }
        guard !members.isEmpty else { return "{}" }
        return "{\n  " + members.joined(separator: ",\n  ") + "\n}"
    }

    /// Prints as `field  value` lines, `field,value` CSV, or one JSON object.
    func print(_ format: OutputFormat, raw: Bool) {
        switch format {
        case .json:
            Console.out.line(jsonObject(extra: []))
        case .csv:
            var table = OutputTable(["field", "value"])
            for field in fields { table.append([.text(field.key), field.value]) }
            table.print(.csv, raw: raw)
        case .table:
            let width = fields.map(\.key.count).max() ?? 0
            for field in fields {
                var line = field.key
                if !field.value.display.isEmpty {
                    line += String(repeating: " ", count: width - field.key.count) + "  " + field.value.human
                }
                Console.out.line(line)
            }
        }
    }
}
