import ClienteleImport

/// Prints rows as they come: CSV and JSON rows are written at once (so a million-row summary never sits in memory
/// as cells); an aligned table has to see every row for its widths, so it is buffered.
final class RowPrinter {
    private let format: OutputFormat
    private let raw: Bool
    private var table: OutputTable
    private var rows = 0
    private let csv = CSVWriter()
    private var bytes: [UInt8] = []

    /// `raw`: CSV text cells as stored (see `Cell.csv`).
    init(_ columns: [String], format: OutputFormat, raw: Bool) {
        self.format = format
        self.raw = raw
        table = OutputTable(columns)
        switch format {
        case .csv:
            csv.appendRecord(columns, to: &bytes)
            Console.out.write(bytes: bytes)
        case .json:
            Console.out.write("[")
        case .table:
            break
        }
    }

    func add(_ row: [Cell]) {
        switch format {
        case .table:
            table.append(row)
        case .csv:
            bytes.removeAll(keepingCapacity: true)
            csv.appendRecord(row.map { $0.csv(raw: raw) }, to: &bytes)
            Console.out.write(bytes: bytes)
        case .json:
            Console.out.write((rows == 0 ? "\n  " : ",\n  ") + table.jsonObject(row))
        }
        rows += 1
    }

    func finish() {
        switch format {
        case .table: table.print(.table, raw: raw)
        case .csv: break
        case .json: Console.out.line(rows == 0 ? "]" : "\n]")
        }
    }
}
