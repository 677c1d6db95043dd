import Foundation
import Clientele
import ClienteleImport

/// Dates given on the command line (`--as-of`, `--since`, `--calibration-end`).
enum DateArgument {
    /// Parses `text` as a date (`YYYY-MM-DD`, `YYYYMMDD`) or a date-time with a zone. A date stands for the end of
    /// that day in the store's time zone when `endOfDay` (so the day is included), else its start.
    /// - Throws: `CLIError` (usage) naming the option.
    static func parse(_ text: String, option: String, store: Store, endOfDay: Bool = true) throws -> Instant {
        let parser: TimestampParser
        do {
            parser = try TimestampParser(yearRange: 1900...2999, dateOnlyCalendar: store.dayCalendar)
        } catch {
            throw CLIError(.usage, "\(option): \(error)")
        }
        do {
            let micros = try parser.parse(text)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let dateOnly = !trimmed.contains("T") && !trimmed.contains(" ") && !trimmed.contains(":")
            if dateOnly && endOfDay {
                return store.dayCalendar.lastInstant(of: store.day(of: Instant(microseconds: micros)))
            }
            return Instant(microseconds: micros)
        } catch {
            throw CLIError(.usage, "\(option): \(error)")
        }
    }
}
