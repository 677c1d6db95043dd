import Clientele

/// The parsers and limits for one store: amounts at its currency scale, dates with midnight in its time zone, and
/// the latest instant it accepts.
public struct ValueParsers: Sendable {
    /// Amounts at the store's currency scale.
    public let amounts: AmountParser
    /// Dates and date-times; date-only values are midnight in the store's time zone.
    public let timestamps: TimestampParser
    /// The earliest accepted instant, in microseconds.
    public let earliest: Int64
    /// The latest accepted instant (now plus the store's future tolerance), in microseconds.
    public let latest: Int64

    /// The parsers for `store`.
    /// - Parameter decimalComma: `12,50` instead of `12.50`.
    /// - Throws: ``ConfigurationError`` (only for a store with settings outside the parsers' ranges).
    public init(store: Store, decimalComma: Bool = false) throws(ConfigurationError) {
        amounts = try AmountParser(scale: store.currencyScale, decimalComma: decimalComma)
        timestamps = try TimestampParser(yearRange: 1900...2999, dateOnlyCalendar: store.dayCalendar)
        earliest = Instant.earliest.microseconds
        let (sum, overflow) = Instant.now.microseconds.addingReportingOverflow(store.options.futureTolerance)
        latest = min(overflow ? Int64.max : sum, Instant.latest.microseconds)
    }

    /// Parses an instant from field bytes and checks it against the accepted range.
    /// - Returns: microseconds, or the reason the value is not acceptable.
    func instant(_ bytes: UnsafeRawBufferPointer) -> Result<Int64, RowReason> {
        do {
            let micros = try timestamps.parse(bytes)
            if micros < earliest { return .failure(RowReason("is before 1900-01-01")) }
            if micros > latest { return .failure(RowReason("is in the future")) }
            return .success(micros)
        } catch {
            return .failure(RowReason(error.description))
        }
    }

    /// Parses an amount from field bytes.
    func amount(_ bytes: UnsafeRawBufferPointer) -> Result<Int64, RowReason> {
        do {
            return .success(try amounts.parse(bytes))
        } catch {
            return .failure(RowReason(error.description))
        }
    }
}

/// A reason text, as an error for `Result`.
struct RowReason: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
