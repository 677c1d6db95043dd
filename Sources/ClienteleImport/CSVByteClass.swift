/// Byte classes for the CSV scanner's table lookups: one table for unquoted context, one for quoted context.
///
/// Non-ASCII bytes are `plain` in both tables; the scanner ORs bytes together and validates UTF-8 only for fields
/// that contained a byte ≥ 0x80.
enum CSVByteClass {
    static let plain: UInt8 = 0
    static let delimiter: UInt8 = 1
    static let lineFeed: UInt8 = 2
    static let carriageReturn: UInt8 = 3
    static let quote: UInt8 = 4
    static let nul: UInt8 = 5

    /// Offset of the quoted-context table inside the storage made by ``makeTables(delimiter:)``.
    static let quotedTableOffset = 256

    /// Allocates 512 class bytes: `[0, 256)` for unquoted context and `[256, 512)` for quoted context, where only
    /// the quote, LF and NUL are special. The caller deallocates.
    static func makeTables(delimiter: UInt8) -> UnsafeMutablePointer<UInt8> {
        let tables = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
        tables.initialize(repeating: plain, count: 512)
        tables[Int(delimiter)] = Self.delimiter
        tables[0x0A] = lineFeed
        tables[0x0D] = carriageReturn
        tables[0x22] = quote
        tables[0x00] = nul
        let quoted = tables + quotedTableOffset
        quoted[0x0A] = lineFeed
        quoted[0x22] = quote
        quoted[0x00] = nul
        return tables
    }
}
