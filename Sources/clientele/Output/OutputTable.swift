import ClienteleImport

/// Rows with named columns, printed as an aligned table, CSV or JSON.
struct OutputTable {
    /// The column names (CSV header, JSON keys).
    var columns: [String]
    /// The rows; each has one cell per column.
    var rows: [[Cell]] = []

    init(_ columns: [String]) { self.columns = columns }

    mutating func append(_ row: [Cell]) { rows.append(row) }

    /// Prints the table in `format` to standard output; `raw` writes CSV text cells as stored (see `Cell.csv`).
    func print(_ format: OutputFormat, raw: Bool) {
        switch format {
        case .table: printAligned()
        case .csv: printCSV(raw: raw)
        case .json: printJSON()
        }
    }

    private func printAligned() {
        var widths = columns.map(\.count)
        let texts = rows.map { $0.map(\.human) }
        for row in texts {
            for (index, text) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], text.count)
            }
        }
        let numeric = columns.indices.map { index in
            rows.contains { index < $0.count && $0[index].numeric } && !rows.contains {
                index < $0.count && !$0[index].numeric && !$0[index].isNull
            }
        }
        func pad(_ text: String, _ index: Int) -> String {
            let fill = String(repeating: " ", count: max(0, widths[index] - text.count))
            return numeric[index] ? fill + text : text + fill
        }
        func line(_ texts: [String]) -> String {
            var out = ""
            for (index, text) in texts.enumerated() {
                if index > 0 { out += "  " }
                out += pad(text, index)
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        Console.out.line(line(columns))
        Console.out.line(line(widths.map { String(repeating: "-", count: $0) }))
        for row in texts { Console.out.line(line(row)) }
    }

    private func printCSV(raw: Bool) {
        let writer = CSVWriter()
        var bytes: [UInt8] = []
        writer.appendRecord(columns, to: &bytes)
        Console.out.write(bytes: bytes)
        for row in rows {
            bytes.removeAll(keepingCapacity: true)
            writer.appendRecord(row.map { $0.csv(raw: raw) }, to: &bytes)
            Console.out.write(bytes: bytes)
        }
    }

    private func printJSON() {
        Console.out.write("[")
        for (rowIndex, row) in rows.enumerated() {
            Console.out.write((rowIndex == 0 ? "\n  " : ",\n  ") + jsonObject(row))
        }
        Console.out.line(rows.isEmpty ? "]" : "\n]")
    }

    /// One row as a JSON object on one line.
    func jsonObject(_ row: [Cell]) -> String {
        var out = "{"
        for (index, name) in columns.enumerated() {
            let cell = index < row.count ? row[index] : .null
            out += (index == 0 ? "" : ", ") + JSON.string(name) + ": " + JSON.value(cell)
        }
        return out + "}"
    }

    /// The rows as a JSON array, indented by `indent` spaces.
    func jsonArray(indent: Int) -> String {
        guard !rows.isEmpty else { return "[]" }
        let pad = String(repeating: " ", count: indent + 2)
        return "[\n" + rows.map { pad + jsonObject($0) }.joined(separator: ",\n") + "\n"
            + String(repeating: " ", count: indent) + "]"
    }
}
