import ClienteleImport
import Clientele
import Testing

@Suite("TimestampParser")
struct TimestampParserTests {
    @Test("valid timestamps", arguments: [
        ("2024-01-02T10:00:00Z", 1_704_189_600_000_000),
        ("2024-01-02 10:00:00Z", 1_704_189_600_000_000),
        ("2024-01-02T10:00Z", 1_704_189_600_000_000),
        ("2024-01-02T11:00:00+01:00", 1_704_189_600_000_000),
        ("2024-01-02T11:00:00+0100", 1_704_189_600_000_000),
        ("2024-01-02T04:30:00-05:30", 1_704_189_600_000_000),
        ("2024-01-02T10:00:00.5Z", 1_704_189_600_500_000),
        ("2024-01-02T10:00:00.000001Z", 1_704_189_600_000_001),
        ("2024-01-02T10:00:00.123456+00:00", 1_704_189_600_123_456),
        ("2024-02-29T23:59:59.999999-05:30", 1_709_270_999_999_999),
        ("2024-07-01T12:30+14:00", 1_719_786_600_000_000),
        ("2999-12-31T23:59:59-18:00", 32_503_744_799_000_000),
        ("2024-01-02T10:00:00-00:00", 1_704_189_600_000_000),
        ("  2024-01-02T10:00:00Z\t", 1_704_189_600_000_000),
        ("1900-01-01", -2_208_988_800_000_000),
        ("19000101", -2_208_988_800_000_000),
        ("2024-01-02", 1_704_153_600_000_000),
        ("20240102", 1_704_153_600_000_000),
        ("2024-02-29", 1_709_164_800_000_000),
        ("2000-02-29", 951_782_400_000_000),
    ] as [(String, Int64)])
    func valid(_ text: String, _ expected: Int64) throws {
        #expect(try TimestampParser.standard.parse(text) == expected)
    }

    @Test("invalid timestamps", arguments: [
        ("", TimestampError.empty), ("  ", .empty),
        ("2024-02-30", .invalidDay), ("2023-02-29", .invalidDay), ("1900-02-29", .invalidDay),
        ("2024-04-31", .invalidDay), ("2024-01-00", .invalidDay), ("20230229", .invalidDay),
        ("2024-13-01", .invalidMonth), ("2024-00-10", .invalidMonth),
        ("0000-01-01", .yearOutOfRange(1900...2999)), ("1899-12-31", .yearOutOfRange(1900...2999)),
        ("3000-01-01", .yearOutOfRange(1900...2999)), ("9999-12-31T00:00Z", .yearOutOfRange(1900...2999)),
        ("99999-01-01", .invalidFormat), ("2024-1-02", .invalidFormat), ("2024/01/02", .invalidFormat),
        ("24-01-02", .invalidFormat), ("2024-01-02T", .invalidFormat), ("2024-01-02T10", .invalidFormat),
        ("2024-01-02t10:00Z", .invalidFormat), ("2024-01-02T10:00z", .invalidFormat),
        ("2024-01-02T10:00:00.Z", .invalidFormat), ("2024-01-02T10:00.5Z", .invalidFormat),
        ("2024-01-02T10:00:00+01", .invalidFormat), ("2024-01-02T10:00:00+1:00", .invalidFormat),
        ("2024-01-02T10:00:00ZZ", .invalidFormat), ("2024-01-02T10:00:00 Z", .invalidFormat),
        ("2024-01-02T10:00:00+01:00:00", .invalidFormat), ("2024-01-02Z", .invalidFormat),
        ("2024-01-02  10:00Z", .invalidFormat), ("２０２４-01-02", .invalidFormat), ("2024-01-0a", .invalidFormat),
        ("-2024-01-02", .invalidFormat), ("+2024-01-02", .invalidFormat), ("1704189600", .invalidFormat),
        ("2024-01-02T10:00:00.1234567Z", .tooManyFractionDigits),
        ("2024-01-02T24:00:00Z", .invalidHour), ("2024-01-02T10:60:00Z", .invalidMinute),
        ("2024-01-02T23:59:60Z", .invalidSecond),
        ("2024-01-02T10:00:00+19:00", .invalidOffset), ("2024-01-02T10:00:00+18:01", .invalidOffset),
        ("2024-01-02T10:00:00-10:60", .invalidOffset), ("2024-01-02T10:00:00+9999", .invalidOffset),
        ("2024-01-02T10:00:00", .missingTimeZoneOffset), ("2024-01-02 10:00", .missingTimeZoneOffset),
        ("2024-02-30T10:00:00", .invalidDay),
    ] as [(String, TimestampError)])
    func invalid(_ text: String, _ expected: TimestampError) {
        #expect(throws: expected) { try TimestampParser.standard.parse(text) }
    }

    @Test("trailing whitespace after the zone is trimmed")
    func trailingSpace() throws {
        #expect(try TimestampParser.standard.parse("2024-01-02T10:00:00Z ") == 1_704_189_600_000_000)
    }

    @Test("options: local times as UTC, date-only offset, year range")
    func options() throws {
        let lenient = try TimestampParser(assumeUTCForLocalTimes: true)
        #expect(try lenient.parse("2024-01-02T10:00:00") == 1_704_189_600_000_000)
        #expect(try lenient.parse("2024-01-02 10:00") == 1_704_189_600_000_000)

        let berlin = try TimestampParser(dateOnlyUTCOffsetSeconds: 3600)
        #expect(try berlin.parse("1997-01-01") == 852_073_200_000_000)
        #expect(try berlin.parse("19970101") == 852_073_200_000_000)
        #expect(try berlin.parse("1997-01-01T00:00Z") == 852_076_800_000_000)  // explicit zones win

        let wide = try TimestampParser(yearRange: 0...9999)
        #expect(try wide.parse("0000-01-01") == -62_167_219_200_000_000)
        #expect(try wide.parse("9999-12-31T23:59:59.999999-18:00") == 253_402_365_599_999_999)
    }

    @Test("invalid configurations are rejected")
    func invalidConfiguration() {
        #expect(throws: ConfigurationError.invalidYearRange(-1...2000)) { try TimestampParser(yearRange: -1...2000) }
        #expect(throws: ConfigurationError.invalidYearRange(1900...10000)) {
            try TimestampParser(yearRange: 1900...10000)
        }
        #expect(throws: ConfigurationError.invalidUTCOffset(seconds: 64_801)) {
            try TimestampParser(dateOnlyUTCOffsetSeconds: 64_801)
        }
    }

    @Test("random valid date-times round-trip through CivilDate")
    func randomRoundTrip() throws {
        let seed = TestSeed.fresh()
        var rng = SplitMix64(seed: seed)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        for _ in 0..<5000 {
            let days = Int64.random(in: -25567...376_199, using: &rng)  // 1900-01-01...2999-12-31
            let date = CivilDate.civil(fromDays: days)
            let (h, m, s) = (Int.random(in: 0...23, using: &rng), Int.random(in: 0...59, using: &rng),
                             Int.random(in: 0...59, using: &rng))
            let micros = Int.random(in: 0...999_999, using: &rng)
            let offsetMinutes = Int.random(in: -18 * 60...18 * 60, using: &rng)
            let sign = offsetMinutes < 0 ? "-" : "+"
            let zone = sign + pad(abs(offsetMinutes) / 60, 2) + ":" + pad(abs(offsetMinutes) % 60, 2)
            let text = "\(date)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(micros, 6))\(zone)"
            let expected = ((days * 86_400 + Int64(h * 3600 + m * 60 + s) - Int64(offsetMinutes * 60)) * 1_000_000)
                + Int64(micros)
            #expect(try TimestampParser.standard.parse(text) == expected, "seed \(seed), \(text)")
            // The date-only form agrees with the civil-date arithmetic.
            #expect(try TimestampParser.standard.parse(date.description) == days * 86_400_000_000, "seed \(seed)")
        }
    }

    /// Date-only values in a zone store begin at that zone's local midnight, daylight saving included; date-times
    /// with an explicit offset are unaffected.
    @Test func dateOnlyValuesUseTheCalendarsLocalMidnight() throws {
        let parser = try TimestampParser(dateOnlyCalendar: try DayCalendar(timeZoneIdentifier: "America/New_York"))
        #expect(try parser.parse("2024-01-15") == 1_705_294_800_000_000)   // 05:00Z (EST)
        #expect(try parser.parse("2024-07-01") == 1_719_806_400_000_000)   // 04:00Z (EDT)
        #expect(try parser.parse("2024-03-10") == 1_710_046_800_000_000)   // 05:00Z: the day that loses an hour
        #expect(try parser.parse("2024-01-02T10:00:00Z") == 1_704_189_600_000_000)
        #expect(parser.day(ofMicroseconds: 1_710_046_800_000_000 - 1).description == "2024-03-09")
        // A fixed-offset calendar is the offset parser.
        let fixed = try TimestampParser(dateOnlyCalendar: DayCalendar(utcOffsetSeconds: 3_600))
        #expect(fixed.dateOnlyCalendar == nil && fixed.dateOnlyUTCOffsetSeconds == 3_600)
        #expect(try fixed.parse("2024-01-02") == 1_704_150_000_000_000)
    }
}
