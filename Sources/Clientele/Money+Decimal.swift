import Foundation

extension Money {
    /// The amount `decimal` in minor units at `scale` decimals (`Money(Decimal(string: "12.50")!, scale: 2)` is
    /// 1 250 minor units). Use the store's scale: `Money(amount, scale: store.currencyScale)`.
    ///
    /// - Throws: `ClienteleError.invalidInput(field: "amount", …)` when `decimal` has more decimals than `scale`
    ///   (it is never rounded) or is NaN, or `scale` is outside 0...9; `ClienteleError.overflow(field: "amount")` when
    ///   it does not fit in 64-bit minor units.
    public init(_ decimal: Decimal, scale: Int) throws(ClienteleError) {
        guard (0...9).contains(scale) else {
            throw .invalidInput(field: "currency scale", reason: "must be 0...9")
        }
        guard !decimal.isNaN else { throw .invalidInput(field: "amount", reason: "is not a number") }
        var scaled = decimal
        var factor = Decimal(1)
        for _ in 0..<scale { factor *= 10 }
        scaled *= factor
        var rounded = Decimal()
        var source = scaled
        NSDecimalRound(&rounded, &source, 0, .plain)
        guard rounded == scaled else {
            throw .invalidInput(field: "amount", reason: "has more than \(scale) decimal places")
        }
        // Decimal → Int64 through its exact decimal text: NSDecimalNumber's int64Value saturates silently.
        guard let minor = Int64(rounded.description) else { throw .overflow(field: "amount") }
        self.init(minorUnits: minor)
    }

    /// The amount as a `Decimal` at `scale` decimals (1 250 minor units at scale 2 is 12.5).
    public func decimal(scale: Int) -> Decimal {
        Decimal(string: formatted(scale: max(0, min(scale, 9)))) ?? Decimal(minorUnits)
    }
}
