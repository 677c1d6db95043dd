/// An amount of money in integer minor units of the store's currency scale (cents at scale 2). Negative for refunds.
///
/// Arithmetic is overflow-checked and throws instead of trapping.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in minor units.
    public var minorUnits: Int64

    /// An amount in minor units (cents for a scale of 2); negative for a refund.
    public init(minorUnits: Int64) { self.minorUnits = minorUnits }

    /// Zero.
    public static let zero = Money(minorUnits: 0)

    /// The sum of two amounts.
    /// - Throws: `ClienteleError.overflow` when the sum does not fit.
    public func adding(_ other: Money, field: String = "amount") throws(ClienteleError) -> Money {
        Money(minorUnits: try checkedAdd(minorUnits, other.minorUnits, field: field))
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    /// The amount written with `scale` decimals, e.g. `-12.50`.
    public func formatted(scale: Int) -> String {
        guard scale > 0 else { return String(minorUnits) }
        let negative = minorUnits < 0
        let magnitude = minorUnits.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        while fraction.count < scale { fraction = "0" + fraction }
        return (negative ? "-" : "") + String(whole) + "." + fraction
    }

    /// The amount in minor units, e.g. `2450 minor units`. A `Money` does not know its store's currency scale, so its
    /// description never guesses decimals (¥2450 in a scale-0 store is not `24.50`); write it with
    /// `store.format(_:)` or `formatted(scale:)` for the decimal form.
    public var description: String { "\(minorUnits) minor units" }
}

/// `a + b`, or `ClienteleError.overflow(field)`.
@inline(__always)
func checkedAdd(_ a: Int64, _ b: Int64, field: String) throws(ClienteleError) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if overflow { throw .overflow(field: field) }
    return sum
}

/// `a - b`, or `ClienteleError.overflow(field)`.
@inline(__always)
func checkedSubtract(_ a: Int64, _ b: Int64, field: String) throws(ClienteleError) -> Int64 {
    let (difference, overflow) = a.subtractingReportingOverflow(b)
    if overflow { throw .overflow(field: field) }
    return difference
}

/// `a * b`, or `ClienteleError.overflow(field)`.
@inline(__always)
func checkedMultiply(_ a: Int64, _ b: Int64, field: String) throws(ClienteleError) -> Int64 {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw .overflow(field: field) }
    return product
}
