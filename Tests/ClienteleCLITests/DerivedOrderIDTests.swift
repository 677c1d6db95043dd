import Clientele
import ClienteleImport
import Testing

/// The stable hash and the derived order ids of rows without one.
@Suite("Derived order ids")
struct DerivedOrderIDTests {
    @Test("FNV-1a 128 reference values")
    func fnvVectors() {
        #expect(StableHash().hex == "6c62272e07bb014262b821756295c58d")
        var a = StableHash()
        a.combine(Array("a".utf8))
        #expect(a.hex == "d228cb696f1a8caf78912b704e4a8964")
        var foobar = StableHash()
        foobar.combine(Array("foobar".utf8))
        #expect(foobar.hex == "343e1662793c64bf6f0d3597ba446f18")
    }

    @Test("ids depend on the normalized content and the ordinal among identical rows")
    func ordinals() {
        var ids = DerivedOrderIDs()
        let purchase = Purchase(customer: "c1", occurredAt: Instant(microseconds: 1_000), amount: Money(minorUnits: 1250))
        let first = ids.next(for: purchase)
        let second = ids.next(for: purchase)
        var other = purchase
        other.category = "books"
        let third = ids.next(for: other)
        #expect(first.hasPrefix("auto-") && first.hasSuffix("-1"))
        #expect(second == String(first.dropLast()) + "2")
        #expect(third.hasSuffix("-1") && third != first)
        // Another file (a new table) gives the same ids in the same order.
        var again = DerivedOrderIDs()
        #expect(again.next(for: purchase) == first)
        #expect(again.next(for: purchase) == second)
        #expect(ids.distinctRows == 2)
    }

    @Test("the table grows and counts many distinct rows")
    func manyRows() {
        var ids = DerivedOrderIDs()
        var seen = Set<String>()
        for index in 0..<50_000 {
            let purchase = Purchase(customer: "c\(index % 1000)", occurredAt: Instant(microseconds: Int64(index)),
                                    amount: Money(minorUnits: 100))
            seen.insert(ids.next(for: purchase))
        }
        #expect(seen.count == 50_000)
        #expect(ids.distinctRows == 50_000)
    }
}
