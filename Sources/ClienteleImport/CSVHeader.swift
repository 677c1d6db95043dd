/// Maps the column names of a CSV header row to field indices.
///
/// Names are trimmed of surrounding ASCII spaces and tabs. Lookup tries an exact match first, then a
/// case-insensitive one (which must be unique). Empty names are allowed (spreadsheets emit trailing empty header
/// cells), never match a lookup and are exempt from the duplicate check.
public struct CSVHeader: Sendable, Hashable {
    /// The trimmed names, in column order.
    public let names: [String]
    private let exactIndex: [String: Int]
    private let foldedIndex: [String: [Int]]

    /// Creates a header from column names.
    ///
    /// - Throws: ``CSVHeaderError/duplicateName(firstColumn:secondColumn:)`` when two non-empty trimmed names
    ///   are equal.
    public init(names: [String]) throws(CSVHeaderError) {
        let trimmed = names.map { $0.trimmingASCIIBlanks() }
        var exact: [String: Int] = [:]
        var folded: [String: [Int]] = [:]
        for (index, name) in trimmed.enumerated() where !name.isEmpty {
            if let first = exact[name] {
                throw .duplicateName(firstColumn: first + 1, secondColumn: index + 1)
            }
            exact[name] = index
            folded[name.lowercased(), default: []].append(index)
        }
        self.names = trimmed
        exactIndex = exact
        foldedIndex = folded
    }

    /// Reads the next record of `reader` as the header.
    ///
    /// Does not set ``CSVReader/expectedFieldCount``; set it to ``count`` to reject ragged rows.
    ///
    /// - Throws: ``CSVError`` from the reader, ``CSVHeaderError/missingHeader`` for an empty input, and
    ///   ``CSVHeaderError/duplicateName(firstColumn:secondColumn:)``.
    public init<S: ByteSource & ~Copyable>(reading reader: inout CSVReader<S>) throws {
        guard try reader.next() else { throw CSVHeaderError.missingHeader }
        try self.init(names: reader.fieldStrings())
    }

    /// The number of columns.
    public var count: Int { names.count }

    /// The 0-based index of the column called `name` (trimmed), or `nil` when there is none or the
    /// case-insensitive fallback is ambiguous.
    public func index(of name: String) -> Int? {
        try? requireIndex(of: name)
    }

    /// The 0-based index of the column called `name` (trimmed): an exact match, else a unique case-insensitive one.
    ///
    /// - Throws: ``CSVHeaderError/missingColumn(_:)`` or ``CSVHeaderError/ambiguousColumn(_:columns:)``.
    public func requireIndex(of name: String) throws(CSVHeaderError) -> Int {
        let key = name.trimmingASCIIBlanks()
        if let index = exactIndex[key] { return index }
        guard !key.isEmpty, let candidates = foldedIndex[key.lowercased()] else { throw .missingColumn(key) }
        guard candidates.count == 1, let only = candidates.first else {
            throw .ambiguousColumn(key, columns: candidates.map { $0 + 1 })
        }
        return only
    }
}
