import Clientele
import ClienteleImport

/// Reads a purchases CSV in the default layout (customer_id, order_id, occurred_at, amount, category…) with the same
/// streaming reader and parsers as the importer, calling `body` with batches of purchases.
public func readPurchases(_ path: String, batch: Int = 10_000, _ body: ([Purchase]) throws -> Void) throws {
    var reader = try CSVReader(source: try FileDescriptorSource(path: path))
    let header = try CSVHeader(reading: &reader)
    let customer = try header.requireIndex(of: "customer_id"), order = try header.requireIndex(of: "order_id")
    let occurred = try header.requireIndex(of: "occurred_at"), amount = try header.requireIndex(of: "amount")
    let category = header.index(of: "category")
    let amounts = try AmountParser(scale: 2)
    let times = TimestampParser.standard
    var purchases: [Purchase] = []
    purchases.reserveCapacity(batch)
    while try reader.next() {
        let time = try reader.withField(occurred) { bytes throws(TimestampError) in try times.parse(bytes) }
        let cents = try reader.withField(amount) { bytes throws(AmountError) in try amounts.parse(bytes) }
        let orderID = reader.string(order)
        let refund = cents < 0
        purchases.append(Purchase(
            customer: reader.string(customer), orderID: orderID.isEmpty ? nil : orderID,
            occurredAt: Instant(microseconds: time), amount: Money(minorUnits: cents),
            category: category.map { reader.string($0) }.flatMap { $0.isEmpty ? nil : $0 },
            refundOf: refund ? nil : nil))
        if purchases.count == batch {
            try body(purchases)
            purchases.removeAll(keepingCapacity: true)
        }
    }
    if !purchases.isEmpty { try body(purchases) }
}
