import ClienteleImport

/// Rows with named columns, printed as an aligned table, CSV or JSON.
struct Table {
    /// The column names (CSV header, JSON keys).
    var columns: [String]
    /// The rows; each has one cell per column.
    var rows: [[Cell]] = []

    init(_ columns: [String]) { self.columns = columns }

    mutating func append(_ row: [Cell]) { rows.append(row) }

    /// Prints the table in `format` to standard output.
    func print(_ format: OutputFormat) {
        switch format {
        case .table: printAligned()
        case .csv: printCSV()
        case .json: printJSON()
        }
    }

    private func printAligned() {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.display.count)
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
        for row in rows { Console.out.line(line(row.map(\.display))) }
    }

    private func printCSV() {
        let writer = CSVWriter()
        var bytes: [UInt8] = []
        writer.appendRecord(columns, to: &bytes)
        Console.out.write(bytes: bytes)
        for row in rows {
            bytes.removeAll(keepingCapacity: true)
            writer.appendRecord(row.map(\.machine), to: &bytes)
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
