import Foundation

/// A moment in time: microseconds since 1970-01-01T00:00:00Z.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since the Unix epoch (UTC).
    public var microseconds: Int64

    /// The instant `microseconds` after the Unix epoch (UTC); negative before it.
    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The instant of a Foundation `Date` (rounded down to the microsecond).
    public init(_ date: Date) {
        microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// Midnight UTC at the start of `day`.
    public init(day: Day) { microseconds = Int64(day.rawValue) * Day.microsecondsPerDay }

    /// Now, from the system clock.
    public static var now: Instant { Instant(Date()) }

    /// The earliest instant the store accepts: 1900-01-01T00:00:00Z.
    public static let earliest = Instant(day: Day(year: 1900, month: 1, day: 1)!)
    /// The latest instant the store accepts: 2999-12-31T23:59:59.999999Z.
    public static let latest = Instant(microseconds: Instant(day: Day(year: 3000, month: 1, day: 1)!).microseconds - 1)

    /// The same instant as a Foundation `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.microseconds < rhs.microseconds }

    public var description: String { date.ISO8601Format() }
}
