/// Reading and checking text fields: trimming, and the library's limits checked before a row reaches the store.
enum FieldText {
    /// The longest identifier (customer id, order id), as the store allows.
    static let maxIdentifierBytes = 256
    /// The longest label (category, channel, tag).
    static let maxLabelBytes = 200
    /// The longest normalized email.
    static let maxEmailBytes = 254

    /// Field `index` of the current record without surrounding ASCII spaces and tabs; `nil` when that leaves
    /// nothing or the column is absent.
    static func trimmed<S: ByteSource & ~Copyable>(_ reader: borrowing CSVReader<S>, _ index: Int?) -> String? {
        guard let index else { return nil }
        return reader.withField(index) { bytes -> String? in
            var lower = 0
            var upper = bytes.count
            while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
            while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
            guard lower < upper else { return nil }
            // The reader validated the bytes as UTF-8; trimming ASCII keeps them valid.
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        }
    }

    /// Checks an identifier or label: at most `limit` bytes, no control characters.
    /// - Returns: The reason it is unacceptable, or `nil`.
    static func problem(_ value: String, limit: Int) -> String? {
        if value.utf8.count > limit { return "is longer than \(limit) bytes" }
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "contains control characters" }
        return nil
    }

    /// A strict integer: an optional sign and ASCII digits, in `Int32`'s range.
    static func int32(_ text: String) -> Int32? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty, utf8.count <= 12 else { return nil }
        var value: Int64 = 0
        for byte in utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return Int32(exactly: negative ? -value : value)
    }

    /// A boolean: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0` (any case).
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "t": true
        case "false", "no", "n", "0", "f": false
        default: nil
        }
    }
}
