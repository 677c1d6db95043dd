import LMDBKit

/// One day's totals across all customers.
public struct DailyTotals: Sendable, Hashable, Codable {
    /// The sum of purchase amounts (refunds excluded).
    public var revenue: Int64 = 0
    /// The sum of refunded amounts, positive.
    public var refunds: Int64 = 0
    /// Refund lines.
    public var refundCount: Int64 = 0
    /// Purchases (non-refund lines).
    public var orders: Int64 = 0
    /// Customers whose first occasion is this day.
    public var newCustomers: Int64 = 0
    /// Customers with an occasion this day that is not their first.
    public var returningCustomers: Int64 = 0

    /// Zero totals.
    public init() {}

    var isZero: Bool { self == DailyTotals() }

    mutating func add(_ other: DailyTotals, sign: Int64) throws(ClienteleError) {
        revenue = try checkedAdd(revenue, try checkedMultiply(other.revenue, sign, field: "daily revenue"),
                                 field: "daily revenue")
        refunds = try checkedAdd(refunds, try checkedMultiply(other.refunds, sign, field: "daily refunds"),
                                 field: "daily refunds")
        refundCount += other.refundCount * sign
        orders += other.orders * sign
        newCustomers += other.newCustomers * sign
        returningCustomers += other.returningCustomers * sign
    }
}

/// One cell of the cohort matrix: customers of a first-purchase month active in an activity month.
public struct CohortCell: Sendable, Hashable, Codable {
    /// Customers of the cohort with a purchase in the month.
    public var activeCustomers: Int64 = 0
    /// The cohort's net revenue (purchases and refunds) dated in the month.
    public var revenue: Int64 = 0

    /// An empty cell.
    public init() {}

    var isZero: Bool { self == CohortCell() }
}

/// Customers by the category of their first purchase, and how many came back for a second occasion.
public struct EntryCell: Sendable, Hashable, Codable {
    /// Customers whose first purchase was in the category.
    public var customers: Int64 = 0
    /// Of those, customers with at least two occasions.
    public var converted: Int64 = 0

    /// An empty cell.
    public init() {}

    var isZero: Bool { self == EntryCell() }
}

/// Net revenue and purchases of one category in one month (seasonality).
public struct CategoryMonthCell: Sendable, Hashable, Codable {
    /// Net revenue (purchases and refunds) of the category dated in the month.
    public var revenue: Int64 = 0
    /// Purchases (non-refund lines) of the category in the month.
    public var orders: Int64 = 0

    /// An empty cell.
    public init() {}

    var isZero: Bool { self == CategoryMonthCell() }

    mutating func add(_ other: CategoryMonthCell, sign: Int64) throws(ClienteleError) {
        revenue = try checkedAdd(revenue, try checkedMultiply(other.revenue, sign, field: "category revenue"),
                                 field: "category revenue")
        orders += other.orders * sign
    }
}

/// A rollup row stored as its `Int64` fields, in ``fields`` order (``Int64RowCodec``).
protocol Int64Row {
    init()
    /// The stored fields, in their on-disk order (changing the list changes the format).
    static var fields: [any WritableKeyPath<Self, Int64> & Sendable] { get }
}

extension DailyTotals: Int64Row {
    static let fields: [any WritableKeyPath<DailyTotals, Int64> & Sendable] = [
        \.revenue, \.refunds, \.refundCount, \.orders, \.newCustomers, \.returningCustomers,
    ]
}

extension CohortCell: Int64Row {
    static let fields: [any WritableKeyPath<CohortCell, Int64> & Sendable] = [\.activeCustomers, \.revenue]
}

extension EntryCell: Int64Row {
    static let fields: [any WritableKeyPath<EntryCell, Int64> & Sendable] = [\.customers, \.converted]
}

extension CategoryMonthCell: Int64Row {
    static let fields: [any WritableKeyPath<CategoryMonthCell, Int64> & Sendable] = [\.revenue, \.orders]
}

/// The fixed-width codec of the rollup rows: version 1, each field as 8 little-endian bytes, CRC32C-sealed.
enum Int64RowCodec<Row: Int64Row>: ValueCodec {
    static func encode(_ value: Row, into bytes: inout [UInt8]) {
        let fields = Row.fields
        var writer = RecordWriter(version: 1, appendingTo: &bytes, capacity: 8 + 8 * fields.count)
        for field in fields { writer.fixed(value[keyPath: field]) }
        writer.seal(into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Row {
        var reader = try RecordReader(bytes, versions: 1...1)
        var value = Row()
        for field in Row.fields { value[keyPath: field] = try reader.fixed() }
        try reader.finish()
        return value
    }
}

typealias DailyTotalsCodec = Int64RowCodec<DailyTotals>
typealias CohortCellCodec = Int64RowCodec<CohortCell>
typealias EntryCellCodec = Int64RowCodec<EntryCell>
typealias CategoryMonthCellCodec = Int64RowCodec<CategoryMonthCell>

/// A sealed unsigned counter (transition counts, sequence numbers).
enum CounterCodec: ValueCodec {
    static func encode(_ value: UInt64, into bytes: inout [UInt8]) {
        var writer = RecordWriter(version: 1, appendingTo: &bytes, capacity: 16)
        writer.fixed(value)
        writer.seal(into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> UInt64 {
        var reader = try RecordReader(bytes, versions: 1...1)
        let value: UInt64 = try reader.fixed()
        try reader.finish()
        return value
    }
}
