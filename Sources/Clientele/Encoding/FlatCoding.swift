import Foundation

// Flat Codable forms for the values in query results, as a JSON API returns them:
//
// | type | encodes as | decodes from |
// |---|---|---|
// | `Instant` | ISO-8601 UTC string with microseconds, `"2024-03-01T12:00:00.000250Z"` | that string (fraction optional), a number of µs, the old `{"microseconds":…}` |
// | `Day` | `"2024-03-01"` | that string, the old `{"rawValue":…}` |
// | `Month` | `"2024-03"` | that string, the old `{"rawValue":…}` |
// | `CustomerID` | a number, `42` | a number, the old `{"rawValue":…}` |
// | `Money` | with `CodingUserInfoKey.currencyScale` set (`Store.jsonEncoder()`): a decimal string at that scale, `"12.50"`; without it, a number of minor units, `1250` | a decimal string (needs the scale key; more decimals than the scale is an error), a number of minor units, the old `{"minorUnits":…}` |
//
// Amounts are strings, not JSON numbers, so no client parses them into binary floating point.

extension CodingUserInfoKey {
    /// The currency scale (`Int`, 0...9) `Money` is encoded and decoded at; `Store.jsonEncoder()` sets it.
    public static let currencyScale = CodingUserInfoKey(rawValue: "clientele.currencyScale")!
}

extension Store {
    /// A JSON encoder for query results: amounts as decimal strings at the store's scale, instants as ISO-8601.
    ///
    /// ```swift
    /// let body = try store.jsonEncoder().encode(try await store.customerRFM(externalID: "c-1"))
    /// // {"externalID":"c-1","netMonetary":"24.50","asOf":"2026-12-06T13:00:00.000000Z",…}
    /// ```
    public func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.userInfo[.currencyScale] = currencyScale
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// A JSON decoder reading what `jsonEncoder()` writes (amounts at the store's scale).
    public func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[.currencyScale] = currencyScale
        return decoder
    }
}

private struct LegacyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The value of the old synthesized `{"name": …}` form.
private func legacy<T: Decodable>(_ decoder: any Decoder, _ name: String, as type: T.Type) throws -> T {
    try decoder.container(keyedBy: LegacyKey.self).decode(T.self, forKey: LegacyKey(name))
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
}

extension Instant {
    public func encode(to encoder: any Encoder) throws { try encodeFlat(iso8601, to: encoder) }

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if let text = try? container.decode(String.self) {
                guard let parsed = Instant(iso8601: text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 UTC instant")
                }
                self = parsed
                return
            }
            if let number = try? container.decode(Int64.self) {
                self.init(microseconds: number)
                return
            }
        }
        self.init(microseconds: try legacy(decoder, "microseconds", as: Int64.self))
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds).
    public var iso8601: String {
        let perDay = Day.microsecondsPerDay
        let (days, remainder) = microseconds.quotientAndRemainder(dividingBy: perDay)
        let dayNumber = remainder < 0 ? days - 1 : days
        let within = remainder < 0 ? remainder + perDay : remainder
        let day = Day(rawValue: Int32(clamping: dayNumber))
        let seconds = within / 1_000_000
        return "\(day)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))."
            + "\(pad(within % 1_000_000, 6))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.f…]Z` (UTC; up to 6 fraction digits); `nil` for anything else.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value: Int64 = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
              bytes.last == 90,
              let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              hour < 24, minute < 60, second < 60,
              let day = Day(year: Int(year), month: Int(month), day: Int(dayOfMonth)) else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 20 {
            let digits = bytes.count - 21
            guard bytes[19] == 46, (1...6).contains(digits), let value = number(20..<(bytes.count - 1)) else {
                return nil
            }
            fraction = value
            for _ in digits..<6 { fraction *= 10 }
        } else if bytes.count != 20 {
            return nil
        }
        self.init(microseconds: Instant(day: day).microseconds + ((hour * 60 + minute) * 60 + second) * 1_000_000
                  + fraction)
    }
}

/// Writes `value` as the whole of the encoding (the flat form).
private func encodeFlat(_ value: some Encodable, to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value)
}

/// Reads the flat form, a `Flat` that `parse` turns into the value (`nil`: the error says it is `not`), or else the
/// old synthesized `{"rawValue": …}` form.
private func decodeFlat<Flat: Decodable, Raw: Decodable, Value>(
    _ decoder: any Decoder, _ flat: Flat.Type, not expected: String, parse: (Flat) -> Value?,
    fromRaw: (Raw) -> Value
) throws -> Value {
    if let container = try? decoder.singleValueContainer(), let flat = try? container.decode(Flat.self) {
        guard let value = parse(flat) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not \(expected)")
        }
        return value
    }
    return fromRaw(try legacy(decoder, "rawValue", as: Raw.self))
}

extension Day {
    public func encode(to encoder: any Encoder) throws { try encodeFlat(description, to: encoder) }

    public init(from decoder: any Decoder) throws {
        self = try decodeFlat(decoder, String.self, not: "a YYYY-MM-DD day", parse: { text in
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
                return nil
            }
            return Day(year: year, month: month, day: day)
        }, fromRaw: Day.init(rawValue:))
    }
}

extension Month {
    public func encode(to encoder: any Encoder) throws { try encodeFlat(description, to: encoder) }

    public init(from decoder: any Decoder) throws {
        self = try decodeFlat(decoder, String.self, not: "a YYYY-MM month", parse: { text in
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month),
                  (0...9999).contains(year) else { return nil }
            return Month(year: year, month: month)
        }, fromRaw: Month.init(rawValue:))
    }
}

extension CustomerID {
    public func encode(to encoder: any Encoder) throws { try encodeFlat(rawValue, to: encoder) }

    public init(from decoder: any Decoder) throws {
        self = try decodeFlat(decoder, UInt64.self, not: "a customer number", parse: CustomerID.init(rawValue:),
                              fromRaw: CustomerID.init(rawValue:))
    }
}

extension Money {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let scale = encoder.userInfo[.currencyScale] as? Int, (0...9).contains(scale) {
            try container.encode(formatted(scale: scale))
        } else {
            try container.encode(minorUnits)
        }
    }

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if let text = try? container.decode(String.self) {
                guard let scale = decoder.userInfo[.currencyScale] as? Int else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "a decimal amount needs CodingUserInfoKey.currencyScale")
                }
                guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                      text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal amount")
                }
                do { self = try Money(decimal, scale: scale) } catch {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
                }
                return
            }
            if let number = try? container.decode(Int64.self) {
                self.init(minorUnits: number)
                return
            }
        }
        self.init(minorUnits: try legacy(decoder, "minorUnits", as: Int64.self))
    }
}
