/// A mapper of CSV files that start with a header row naming the columns (``CSVCustomerMapper``,
/// ``CSVPurchaseMapper``): reading the header and naming columns by it are shared; each mapper finds its own columns.
protocol HeaderRowMapper: RowMapper {
    /// The header's names (empty before `start(_:file:)`).
    var names: [String] { get set }

    /// Finds the mapper's columns in `header`.
    /// - Throws: ``ImportError`` for a required column that is missing or a header the mapper cannot use.
    mutating func findColumns(in header: CSVHeader, file: String) throws(ImportError)
}

extension HeaderRowMapper {
    /// Reads the header row and finds the columns in it; every data row must have as many fields as the header.
    /// - Throws: ``ImportError`` for a missing or unreadable header, or one without a required column.
    public mutating func start<S: ByteSource & ~Copyable>(
        _ reader: inout CSVReader<S>, file: String
    ) throws(ImportError) -> Bool {
        let header = try HeaderReading.read(&reader, file: file)
        names = header.names
        try findColumns(in: header, file: file)
        reader.expectedFieldCount = header.count
        return false
    }

    public var columnNames: [String] { names }

    public func columnName(at index: Int) -> String {
        HeaderReading.name(at: index, in: names)
    }
}
