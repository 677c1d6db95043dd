import Clientele
import ClientelePredict

/// A deterministic in-memory data set for the package-benchmark suites (the comparison tool reads the CSV files
/// that `clientele generate` writes instead).
public struct SyntheticData: Sendable {
    public var purchases: [Purchase]
    public var customers: Int

    /// About `perCustomer` purchases for each of `customers` customers over two years, in time order per customer.
    public static func make(customers: Int, perCustomer: Int = 10, seed: UInt64 = 42) -> SyntheticData {
        var random = SplitMix64(seed: seed)
        func next() -> UInt64 { random.next() }
        let start = Instant(day: Day(year: 2023, month: 1, day: 1)!).microseconds
        var purchases: [Purchase] = []
        purchases.reserveCapacity(customers * perCustomer)
        var order = 0
        for customer in 0..<customers {
            var time = start + Int64(next() % (200 * 86_400)) * 1_000_000
            let count = 1 + Int(next() % UInt64(2 * perCustomer - 1))
            for _ in 0..<count {
                order += 1
                purchases.append(Purchase(
                    customer: "c\(customer)", orderID: "o\(order)", occurredAt: Instant(microseconds: time),
                    amount: Money(minorUnits: Int64(500 + next() % 20_000)), category: "cat\(next() % 12)"))
                time += Int64(1 + next() % (60 * 86_400)) * 1_000_000
            }
        }
        return SyntheticData(purchases: purchases, customers: customers)
    }
}
