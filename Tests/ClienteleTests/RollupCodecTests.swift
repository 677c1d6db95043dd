import Testing
@testable import Clientele
import LMDBKit

/// The rollup rows' stored bytes: version 1, each field as 8 little-endian bytes in declaration order, then the
/// CRC32C of those bytes, little-endian. Decoding gives the value back; a flipped byte is rejected.
@Suite struct RollupCodecTests {
    /// What the format says a row of `fields` is, byte for byte.
    private func expected(_ fields: [Int64]) -> [UInt8] {
        var record: [UInt8] = [1]
        for field in fields { withUnsafeBytes(of: field.littleEndian) { record.append(contentsOf: $0) } }
        withUnsafeBytes(of: CRC32C.checksum(record).littleEndian) { record.append(contentsOf: $0) }
        return record
    }

    private func check<Codec: ValueCodec>(
        _ codec: Codec.Type, _ value: Codec.Value, fields: [Int64]
    ) throws where Codec.Value: Equatable {
        var bytes: [UInt8] = [0xAA]  // a codec appends after what the buffer holds
        try Codec.encode(value, into: &bytes)
        #expect(bytes == [0xAA] + expected(fields))
        let stored = Array(bytes.dropFirst())
        #expect(try stored.withUnsafeBytes { try Codec.decode($0) } == value)
        var damaged = stored
        damaged[1] ^= 0x01
        #expect(throws: (any Error).self) { try damaged.withUnsafeBytes { try Codec.decode($0) } }
    }

    @Test func dailyTotals() throws {
        var value = DailyTotals()
        (value.revenue, value.refunds, value.refundCount) = (123_456, 789, 2)
        (value.orders, value.newCustomers, value.returningCustomers) = (40, 7, -3)
        try check(DailyTotalsCodec.self, value, fields: [123_456, 789, 2, 40, 7, -3])
    }

    @Test func cohortCell() throws {
        var value = CohortCell()
        (value.activeCustomers, value.revenue) = (12, -5_000)
        try check(CohortCellCodec.self, value, fields: [12, -5_000])
    }

    @Test func entryCell() throws {
        var value = EntryCell()
        (value.customers, value.converted) = (Int64.max, 1)
        try check(EntryCellCodec.self, value, fields: [Int64.max, 1])
    }

    @Test func categoryMonthCell() throws {
        var value = CategoryMonthCell()
        (value.revenue, value.orders) = (Int64.min, 9)
        try check(CategoryMonthCellCodec.self, value, fields: [Int64.min, 9])
    }
}
