import Clientele
/// Parses dates and date-times strictly into microseconds since 1970-01-01T00:00:00Z (UTC).
///
/// Accepted layouts, after trimming surrounding ASCII spaces and tabs (`T` may also be a single space):
///
///     YYYY-MM-DD                       midnight at `dateOnlyUTCOffsetSeconds` (or in `dateOnlyCalendar`'s zone)
///     YYYYMMDD                         same
///     YYYY-MM-DDTHH:MM<zone>
///     YYYY-MM-DDTHH:MM:SS<zone>
///     YYYY-MM-DDTHH:MM:SS.f<zone>      1 to 6 fraction digits
///     <zone> = Z | +HH:MM | -HH:MM | +HHMM | -HHMM
///
/// Every field is range-checked: month 1-12, the day must exist in that month (leap years included), hour 0-23,
/// minute 0-59, second 0-59 (no leap second), offset at most ±18:00 with minutes below 60, and the year within
/// ``yearRange`` (1900...2999 by default). A date-time without a zone is rejected unless
/// ``assumeUTCForLocalTimes`` is set. Lowercase `t`/`z`, more than six fraction digits, `24:00` and a bare `±HH`
/// offset are rejected. No Foundation formatter is involved: the calendar arithmetic is ``CivilDate``.
///
/// ```swift
/// let micros = try TimestampParser.standard.parse("2024-01-02T10:00:00Z")   // 1_704_189_600_000_000
/// ```
public struct TimestampParser: Sendable, Hashable {
    /// Accepted years (inside 0...9999, since years have four digits).
    public let yearRange: ClosedRange<Int>
    /// The UTC offset, in seconds, of midnight for date-only values (e.g. 3600 for a business in UTC+1).
    public let dateOnlyUTCOffsetSeconds: Int
    /// When set, date-only values are the first instant of that day in this calendar (an IANA zone's local
    /// midnight, daylight saving included) instead of midnight at `dateOnlyUTCOffsetSeconds`.
    public let dateOnlyCalendar: DayCalendar?
    /// Whether a date-time without a zone is taken as UTC instead of rejected.
    public let assumeUTCForLocalTimes: Bool

    /// The largest accepted UTC offset: 18 hours, in seconds.
    public static let maxOffsetSeconds = 18 * 3600

    /// Years 1900...2999, date-only values at UTC midnight, zone required.
    public static let standard = TimestampParser(
        validYearRange: 1900...2999, dateOnlyUTCOffsetSeconds: 0, assumeUTCForLocalTimes: false)

    /// Creates a parser.
    ///
    /// - Parameters:
    ///   - yearRange: Accepted years; must lie inside 0...9999.
    ///   - dateOnlyUTCOffsetSeconds: UTC offset of midnight for date-only values, within ±18 hours.
    ///   - assumeUTCForLocalTimes: Accept date-times without a zone as UTC.
    /// - Throws: ``ConfigurationError/invalidYearRange(_:)`` or ``ConfigurationError/invalidUTCOffset(seconds:)``.
    public init(
        yearRange: ClosedRange<Int> = 1900...2999,
        dateOnlyUTCOffsetSeconds: Int = 0,
        assumeUTCForLocalTimes: Bool = false
    ) throws(ConfigurationError) {
        guard yearRange.lowerBound >= 0 && yearRange.upperBound <= 9999 else { throw .invalidYearRange(yearRange) }
        guard abs(dateOnlyUTCOffsetSeconds) <= Self.maxOffsetSeconds else {
            throw .invalidUTCOffset(seconds: dateOnlyUTCOffsetSeconds)
        }
        self.init(
            validYearRange: yearRange, dateOnlyUTCOffsetSeconds: dateOnlyUTCOffsetSeconds,
            assumeUTCForLocalTimes: assumeUTCForLocalTimes)
    }

    /// Creates a parser whose date-only values begin at midnight in `calendar` (a store's ``Store/dayCalendar``).
    /// - Throws: ``ConfigurationError/invalidYearRange(_:)`` or ``ConfigurationError/invalidUTCOffset(seconds:)``.
    public init(
        yearRange: ClosedRange<Int> = 1900...2999, dateOnlyCalendar calendar: DayCalendar,
        assumeUTCForLocalTimes: Bool = false
    ) throws(ConfigurationError) {
        guard yearRange.lowerBound >= 0 && yearRange.upperBound <= 9999 else { throw .invalidYearRange(yearRange) }
        guard abs(Int(calendar.utcOffsetSeconds)) <= Self.maxOffsetSeconds else {
            throw .invalidUTCOffset(seconds: Int(calendar.utcOffsetSeconds))
        }
        self.init(
            validYearRange: yearRange, dateOnlyUTCOffsetSeconds: Int(calendar.utcOffsetSeconds),
            assumeUTCForLocalTimes: assumeUTCForLocalTimes,
            dateOnlyCalendar: calendar.timeZoneIdentifier == nil ? nil : calendar)
    }

    private init(
        validYearRange: ClosedRange<Int>, dateOnlyUTCOffsetSeconds: Int, assumeUTCForLocalTimes: Bool,
        dateOnlyCalendar: DayCalendar? = nil
    ) {
        yearRange = validYearRange
        self.dateOnlyUTCOffsetSeconds = dateOnlyUTCOffsetSeconds
        self.assumeUTCForLocalTimes = assumeUTCForLocalTimes
        self.dateOnlyCalendar = dateOnlyCalendar
    }

    /// The day `micros` (a parsed value) falls on where date-only values are anchored: `dateOnlyCalendar`'s zone,
    /// else `dateOnlyUTCOffsetSeconds`.
    public func day(ofMicroseconds micros: Int64) -> Day {
        let instant = Instant(microseconds: micros)
        if let dateOnlyCalendar { return dateOnlyCalendar.day(of: instant) }
        return Day(instant, utcOffsetSeconds: Int32(clamping: dateOnlyUTCOffsetSeconds))
    }

    /// Parses `input` (UTF-8 bytes) into microseconds since the Unix epoch, UTC.
    ///
    /// - Throws: ``TimestampError``: a layout error first, then the first out-of-range component (year, month,
    ///   day, hour, minute, second, offset), then a missing zone.
    public func parse(_ input: UnsafeRawBufferPointer) throws(TimestampError) -> Int64 {
        var lower = 0
        var upper = input.count
        while lower < upper && (input[lower] == 0x20 || input[lower] == 0x09) { lower += 1 }
        while upper > lower && (input[upper - 1] == 0x20 || input[upper - 1] == 0x09) { upper -= 1 }
        guard lower < upper else { throw .empty }
        let text = UnsafeRawBufferPointer(rebasing: input[lower..<upper])
        let fields = try TimestampLayout.scan(text)

        guard yearRange.contains(fields.year) else { throw .yearOutOfRange(yearRange) }
        guard (1...12).contains(fields.month) else { throw .invalidMonth }
        guard fields.day >= 1 && fields.day <= CivilDate.daysInMonth(year: fields.year, month: fields.month) else {
            throw .invalidDay
        }
        let days = CivilDate.daysFromCivil(year: fields.year, month: fields.month, day: fields.day)

        let secondsOfDay: Int64
        let offset: Int64
        if fields.hasTime {
            guard fields.hour <= 23 else { throw .invalidHour }
            guard fields.minute <= 59 else { throw .invalidMinute }
            guard fields.second <= 59 else { throw .invalidSecond }
            secondsOfDay = Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
            if fields.hasZone {
                let seconds = fields.zoneHours * 3600 + fields.zoneMinutes * 60
                guard fields.zoneMinutes <= 59 && seconds <= Self.maxOffsetSeconds else { throw .invalidOffset }
                offset = Int64(fields.zoneSign * seconds)
            } else if assumeUTCForLocalTimes {
                offset = 0
            } else {
                throw .missingTimeZoneOffset
            }
        } else {
            if let dateOnlyCalendar {
                // Years are within 0...9999, so the day count fits Int32.
                return dateOnlyCalendar.firstInstant(of: Day(rawValue: Int32(clamping: days))).microseconds
            }
            secondsOfDay = 0
            offset = Int64(dateOnlyUTCOffsetSeconds)
        }

        let (daySeconds, o1) = days.multipliedReportingOverflow(by: 86_400)
        let (local, o2) = daySeconds.addingReportingOverflow(secondsOfDay)
        let (utc, o3) = local.subtractingReportingOverflow(offset)
        let (micros, o4) = utc.multipliedReportingOverflow(by: 1_000_000)
        let (result, o5) = micros.addingReportingOverflow(Int64(fields.microseconds))
        guard !(o1 || o2 || o3 || o4 || o5) else { throw .outOfRange }
        return result
    }

    /// Parses a string into microseconds since the Unix epoch, UTC.
    ///
    /// - Throws: ``TimestampError``.
    public func parse(_ text: String) throws(TimestampError) -> Int64 {
        var copy = text
        let result = copy.withUTF8 { bytes in
            Result { () throws(TimestampError) -> Int64 in try parse(UnsafeRawBufferPointer(bytes)) }
        }
        return try result.get()
    }
}
