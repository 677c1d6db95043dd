#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Clientele

/// One parsed purchase row as a sorted import keeps it in a run: a flat byte record, so that millions of rows cost
/// their bytes and no more, and a run can be written to and read back from the sort file as it is.
///
/// Layout (native byte order; the bytes never leave the process's own temporary file):
/// `u32 n` (bytes after this field), `u16 c` and the customer's `c` UTF-8 bytes, `u64 line`, `i64` instant (µs),
/// `i64` amount (minor units), `i32` quantity, then order id, category, channel and refund-of, each `u16` length
/// (`0xFFFF`: absent) and bytes, then the row's fields as read (kept for a rejects file only): `u32` count
/// (`0xFFFF_FFFF`: none kept), each `u32` length and bytes.
///
/// Records sort by customer (bytes, as the store's keys compare) and then by line: customer-major, each customer's
/// rows in input order.
enum RunRecord {
    static let absent16: UInt16 = 0xFFFF
    static let absent32: UInt32 = 0xFFFF_FFFF
    /// Bytes before the customer's bytes: `n` and `c`.
    static let customerOffset = 6

    /// The bytes `row` takes, the leading length included.
    static func size(of row: PendingRow<Purchase>) -> Int {
        let purchase = row.record
        var total = 4 + 2 + purchase.customer.utf8.count + 8 + 8 + 8 + 4
        total += 8 + (purchase.orderID?.utf8.count ?? 0) + (purchase.category?.utf8.count ?? 0)
            + (purchase.channel?.utf8.count ?? 0) + (purchase.refundOf?.utf8.count ?? 0)
        total += 4
        for field in row.fields ?? [] { total += 4 + field.utf8.count }
        return total
    }

    /// Writes `row` at `base` (which has room for ``size(of:)`` bytes).
    static func write(_ row: PendingRow<Purchase>, size: Int, to base: UnsafeMutableRawPointer) {
        var writer = RawWriter(at: base)
        let purchase = row.record
        writer.put(UInt32(size - 4))
        writer.putText16(purchase.customer)
        writer.put(UInt64(row.line))
        writer.put(purchase.occurredAt.microseconds)
        writer.put(purchase.amount.minorUnits)
        writer.put(purchase.quantity)
        writer.putOptional16(purchase.orderID)
        writer.putOptional16(purchase.category)
        writer.putOptional16(purchase.channel)
        writer.putOptional16(purchase.refundOf)
        if let fields = row.fields {
            writer.put(UInt32(fields.count))
            for field in fields { writer.putText32(field) }
        } else {
            writer.put(absent32)
        }
    }

    /// The record's length, its leading field included.
    static func length(at record: UnsafeRawPointer) -> Int {
        Int(record.loadUnaligned(as: UInt32.self)) + 4
    }

    /// The customer's bytes of the record at `record`.
    static func customer(at record: UnsafeRawPointer) -> UnsafeRawBufferPointer {
        let count = Int(record.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        return UnsafeRawBufferPointer(start: record + customerOffset, count: count)
    }

    /// The record's input line.
    static func line(at record: UnsafeRawPointer) -> UInt64 {
        let customer = customer(at: record)
        return record.loadUnaligned(fromByteOffset: customerOffset + customer.count, as: UInt64.self)
    }

    /// The first 8 bytes of the customer, big-endian, zero-padded: comparing prefixes orders records as comparing
    /// the bytes does, as far as 8 bytes tell (ids hold no NUL, so padding sorts before every byte).
    static func prefix(at record: UnsafeRawPointer) -> UInt64 {
        let customer = customer(at: record)
        var value: UInt64 = 0
        for index in 0..<8 {
            value <<= 8
            if index < customer.count { value |= UInt64(customer[index]) }
        }
        return value
    }

    /// Whether the record at `a` sorts before the one at `b` (customer bytes, then line).
    static func precedes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Bool {
        let (x, y) = (customer(at: a), customer(at: b))
        let shared = min(x.count, y.count)
        if shared > 0, let xBase = x.baseAddress, let yBase = y.baseAddress {
            let order = memcmp(xBase, yBase, shared)
            if order != 0 { return order < 0 }
        }
        if x.count != y.count { return x.count < y.count }
        return line(at: a) < line(at: b)
    }

    /// The row the record at `record` holds; `previousCustomer` is reused when the customer's bytes equal it.
    static func decode(_ record: UnsafeRawPointer, previousCustomer: inout String?) -> PendingRow<Purchase> {
        var reader = RawReader(at: record + 4)
        let customerBytes = reader.bytes16()
        let customer: String
        if let previousCustomer, previousCustomer.utf8.elementsEqual(customerBytes) {
            customer = previousCustomer
        } else {
            customer = String(decoding: customerBytes, as: UTF8.self)
            previousCustomer = customer
        }
        let line = Int(reader.take(UInt64.self))
        let micros = reader.take(Int64.self)
        let minor = reader.take(Int64.self)
        let quantity = reader.take(Int32.self)
        let orderID = reader.optional16()
        let category = reader.optional16()
        let channel = reader.optional16()
        let refundOf = reader.optional16()
        let fieldCount = reader.take(UInt32.self)
        var fields: [String]?
        if fieldCount != absent32 {
            fields = (0..<Int(fieldCount)).map { _ in String(decoding: reader.bytes32(), as: UTF8.self) }
        }
        let purchase = Purchase(
            customer: customer, orderID: orderID, occurredAt: Instant(microseconds: micros),
            amount: Money(minorUnits: minor), category: category, quantity: quantity, channel: channel,
            refundOf: refundOf)
        return PendingRow(line: line, record: purchase, fields: fields)
    }
}

/// How a sorted run stores rows of one kind: the layout of ``RunRecord`` (a customer and a line first, the rest
/// the record's own).
struct RunCodec<Record>: Sendable {
    /// The bytes a row takes, the leading length included.
    var size: @Sendable (PendingRow<Record>) -> Int
    /// Writes a row of that size at the address.
    var write: @Sendable (PendingRow<Record>, Int, UnsafeMutableRawPointer) -> Void
    /// Reads a row back; the string is the previous row's customer, reused when equal and replaced otherwise.
    var decode: @Sendable (UnsafeRawPointer, inout String?) -> PendingRow<Record>
    /// The category of a record, gathered in input order so that new categories get the ids the input order gives.
    var category: @Sendable (Record) -> String?
    /// The order id a record claims, sorted separately to find repeated order ids (``OrderRepeats``).
    var claim: @Sendable (Record) -> OrderClaim? = { _ in nil }
}

extension RunCodec where Record == Purchase {
    /// Purchases, as ``RunRecord`` lays them out.
    static let purchases = RunCodec(
        size: { RunRecord.size(of: $0) },
        write: { row, size, base in RunRecord.write(row, size: size, to: base) },
        decode: { record, previous in RunRecord.decode(record, previousCustomer: &previous) },
        category: { $0.category },
        claim: { purchase in purchase.orderID.map { OrderClaim(order: $0, customer: purchase.customer) } })
}

/// Writes fixed-width values and strings at a moving position of memory sized beforehand (the run records).
struct RawWriter {
    var position: UnsafeMutableRawPointer

    init(at base: UnsafeMutableRawPointer) { position = base }

    mutating func put<T: FixedWidthInteger>(_ value: T) {
        position.storeBytes(of: value, toByteOffset: 0, as: T.self)
        position += MemoryLayout<T>.size
    }

    mutating func putBytes(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            if let base = bytes.baseAddress { position.copyMemory(from: base, byteCount: bytes.count) }
            position += bytes.count
        }
    }

    mutating func putText16(_ text: String) {
        put(UInt16(text.utf8.count))
        putBytes(text)
    }

    mutating func putText32(_ text: String) {
        put(UInt32(text.utf8.count))
        putBytes(text)
    }

    mutating func putBytes16(_ bytes: [UInt8]) {
        put(UInt16(bytes.count))
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { position.copyMemory(from: base, byteCount: source.count) }
        }
        position += bytes.count
    }

    mutating func putOptional16(_ text: String?) {
        guard let text else { return put(RunRecord.absent16) }
        putText16(text)
    }
}

/// Reads what ``RawWriter`` wrote.
struct RawReader {
    var position: UnsafeRawPointer

    init(at base: UnsafeRawPointer) { position = base }

    mutating func take<T: FixedWidthInteger>(_: T.Type) -> T {
        let value = position.loadUnaligned(as: T.self)
        position += MemoryLayout<T>.size
        return value
    }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer {
        let bytes = UnsafeRawBufferPointer(start: position, count: count)
        position += count
        return bytes
    }

    mutating func bytes16() -> UnsafeRawBufferPointer { bytes(Int(take(UInt16.self))) }

    mutating func bytes32() -> UnsafeRawBufferPointer { bytes(Int(take(UInt32.self))) }

    mutating func optional16() -> String? {
        let count = take(UInt16.self)
        guard count != RunRecord.absent16 else { return nil }
        return String(decoding: bytes(Int(count)), as: UTF8.self)
    }
}
