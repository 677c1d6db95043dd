// What a day computation costs: `cd Benchmarks && swift run -c release day-calendar [count]`.
// Not a test: prints nanoseconds per `DayCalendar.day(of:)` for a fixed offset and for IANA zones (the transition
// table), and, for comparison, per Foundation call (`TimeZone.secondsFromGMT(for:)`, `Calendar.dateComponents`),
// over the same random instants in 2000...2030, best of 5 passes (docs/performance.md).
import Clientele
import Foundation

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000
var generator = SplitMix64(seed: 14)
let low = Instant(day: Day(year: 2000, month: 1, day: 1)!).microseconds
let high = Instant(day: Day(year: 2031, month: 1, day: 1)!).microseconds
let instants = (0..<count).map { _ in Instant(microseconds: Int64.random(in: low..<high, using: &generator)) }
let clock = ContinuousClock()

/// Best-of-5 nanoseconds per call of `body` over the first `n` instants, and a checksum that keeps the work.
func measure(_ label: String, n: Int = count, _ body: (Instant) -> Int32) {
    var best = Double.infinity
    var checksum: Int64 = 0
    for _ in 0..<5 {
        checksum = 0
        let start = clock.now
        for index in 0..<n { checksum &+= Int64(body(instants[index])) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best = min(best, seconds * 1e9 / Double(n))
    }
    print(String(format: "%-44@ %8.1f ns/day  (%d instants, checksum %lld)", label as NSString, best, n, checksum))
}

let fixed = DayCalendar(utcOffsetSeconds: 3_600)
measure("Day(_:utcOffsetSeconds:) (the old path)") { Day($0, utcOffsetSeconds: 3_600).rawValue }
measure("DayCalendar fixed offset +01:00") { fixed.day(of: $0).rawValue }
for zone in ["Europe/Berlin", "America/New_York", "Australia/Sydney"] {
    let calendar = try DayCalendar(timeZoneIdentifier: zone)
    measure("DayCalendar \(zone) (table)") { calendar.day(of: $0).rawValue }
}
let berlin = TimeZone(identifier: "Europe/Berlin")!
let foundationCount = min(count, 100_000)
measure("Foundation TimeZone.secondsFromGMT + Day", n: foundationCount) {
    Day($0, utcOffsetSeconds: Int32(berlin.secondsFromGMT(for: $0.date))).rawValue
}
var gregorian = Calendar(identifier: .gregorian)
gregorian.timeZone = berlin
measure("Foundation Calendar.dateComponents", n: foundationCount) {
    let parts = gregorian.dateComponents([.year, .month, .day], from: $0.date)
    return Int32((parts.year ?? 0) * 400 + (parts.month ?? 0) * 32 + (parts.day ?? 0))
}
let made = clock.now
for _ in 0..<10 { _ = try DayCalendar(timeZoneIdentifier: "Europe/Berlin") }
let makeSeconds = Double((clock.now - made).components.attoseconds) * 1e-18 + Double((clock.now - made).components.seconds)
print(String(format: "making DayCalendar(Europe/Berlin) (1900-2100 table): %.2f ms", makeSeconds * 100))
