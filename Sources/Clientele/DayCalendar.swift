import Foundation

/// How instants map to calendar days in a store: a fixed offset east of UTC, or an IANA time zone with its daylight
/// saving rules.
///
/// For a zone, the UTC offsets and the instants they change at are read from Foundation's `TimeZone` once, when the
/// calendar is made, for 1900 through 2100; the day of an instant in that range is a binary search in that table and
/// integer arithmetic (no Foundation call on the write path). Instants outside it ask `TimeZone` directly.
///
/// ```swift
/// let berlin = try DayCalendar(timeZoneIdentifier: "Europe/Berlin")
/// berlin.day(of: purchase.occurredAt)    // the local day, summer or winter
/// let utc = DayCalendar(utcOffsetSeconds: 0)
/// ```
public struct DayCalendar: Sendable, Hashable, CustomStringConvertible {
    /// The IANA identifier (`Europe/Berlin`), or `nil` for a fixed offset.
    public let timeZoneIdentifier: String?
    /// The fixed offset east of UTC in seconds (0 for a zone).
    public let utcOffsetSeconds: Int32
    /// For a zone: `offsets[i]` is in force from `starts[i]` (UTC microseconds) until `starts[i + 1]`.
    /// `starts[0]` is the table's first instant; `tableEnd` its end (exclusive).
    private let starts: [Int64]
    private let offsets: [Int32]
    private let tableEnd: Int64
    private let zone: TimeZone?

    /// The years the transition table covers; instants outside ask Foundation.
    static let tableYears = 1900...2100

    /// A calendar with a fixed offset east of UTC (no daylight saving), as stores created with
    /// `StoreOptions.utcOffsetSeconds` use.
    public init(utcOffsetSeconds: Int32) {
        timeZoneIdentifier = nil
        self.utcOffsetSeconds = utcOffsetSeconds
        starts = []
        offsets = []
        tableEnd = 0
        zone = nil
    }

    /// A calendar for the IANA time zone `timeZoneIdentifier` (`America/New_York`), with its daylight saving.
    /// - Throws: `ClienteleError.invalidInput(field: "time zone", …)` when Foundation knows no such zone.
    public init(timeZoneIdentifier: String) throws(ClienteleError) {
        guard !timeZoneIdentifier.isEmpty, let zone = TimeZone(identifier: timeZoneIdentifier) else {
            throw ClienteleError.invalidInput(field: "time zone", reason: "not a known IANA time zone identifier")
        }
        self.timeZoneIdentifier = timeZoneIdentifier
        utcOffsetSeconds = 0
        self.zone = zone
        let first = Instant(day: Day(year: Self.tableYears.lowerBound, month: 1, day: 1) ?? Day(rawValue: 0))
        let end = Instant(day: Day(year: Self.tableYears.upperBound + 1, month: 1, day: 1) ?? Day(rawValue: 0))
        var starts = [first.microseconds]
        var offsets = [Int32(clamping: zone.secondsFromGMT(for: first.date))]
        var cursor = first.date
        // Every change of offset (daylight saving and changes of standard time) is a transition for Foundation.
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end.date, next > cursor {
            let micros = Instant(next).microseconds
            let offset = Int32(clamping: zone.secondsFromGMT(for: next))
            if offset != offsets[offsets.count - 1] {
                starts.append(micros)
                offsets.append(offset)
            }
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
        tableEnd = end.microseconds
    }

    /// The offset east of UTC, in seconds, in force at `instant`.
    @inline(__always)
    public func offsetSeconds(at instant: Instant) -> Int32 {
        guard let zone else { return utcOffsetSeconds }
        let micros = instant.microseconds
        guard micros >= starts[0], micros < tableEnd else {
            return Int32(clamping: zone.secondsFromGMT(for: instant.date))
        }
        // The last start at or before `micros`.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= micros { low = middle } else { high = middle }
        }
        return offsets[low]
    }

    /// The local day `instant` falls on.
    @inline(__always)
    public func day(of instant: Instant) -> Day { Day(instant, utcOffsetSeconds: offsetSeconds(at: instant)) }

    /// The first instant of `day` (local midnight, or the first instant after a transition that skipped it).
    public func firstInstant(of day: Day) -> Instant {
        let localMidnight = Instant(day: day).microseconds
        guard zone != nil else { return Instant(microseconds: localMidnight &- Int64(utcOffsetSeconds) * 1_000_000) }
        // Usually two lookups: the offset near midnight, then the one at the candidate.
        let guess = Instant(microseconds: localMidnight &- Int64(offsetSeconds(at: Instant(microseconds: localMidnight))) * 1_000_000)
        let candidate = localMidnight &- Int64(offsetSeconds(at: guess)) * 1_000_000
        if self.day(of: Instant(microseconds: candidate)) == day,
           self.day(of: Instant(microseconds: candidate &- 1)) < day {
            return Instant(microseconds: candidate)
        }
        // Midnight fell in a gap or a repeated hour: the first instant whose day is `day`, by bisection over the
        // ±1.5 days around local midnight (days do not go back as instants go forward, past repeated hours).
        var low = localMidnight &- 36 * 3_600_000_000    // day(low) < day
        var high = localMidnight &+ 36 * 3_600_000_000   // day(high) >= day
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if self.day(of: Instant(microseconds: middle)) < day { low = middle } else { high = middle }
        }
        return Instant(microseconds: high)
    }

    /// The last instant of `day` (one microsecond before the next day's first instant).
    public func lastInstant(of day: Day) -> Instant {
        Instant(microseconds: firstInstant(of: day.advanced(by: 1)).microseconds &- 1)
    }

    /// The identifier, or the offset as `UTC+01:00`.
    public var description: String {
        if let timeZoneIdentifier { return timeZoneIdentifier }
        let magnitude = abs(Int(utcOffsetSeconds))
        let hours = magnitude / 3600
        let minutes = magnitude % 3600 / 60
        let seconds = magnitude % 60
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "UTC\(utcOffsetSeconds < 0 ? "-" : "+")\(pad(hours)):\(pad(minutes))" + (seconds > 0 ? ":\(pad(seconds))" : "")
    }

    public static func == (lhs: DayCalendar, rhs: DayCalendar) -> Bool {
        lhs.timeZoneIdentifier == rhs.timeZoneIdentifier && lhs.utcOffsetSeconds == rhs.utcOffsetSeconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timeZoneIdentifier)
        hasher.combine(utcOffsetSeconds)
    }
}
