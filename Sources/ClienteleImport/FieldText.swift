import Clientele

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            // The reader validated the bytes as UTF-8 and trimming ASCII keeps them valid, so decoding never repairs
            // anything (and takes the standard library's fast, non-generic path).
            let start = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + lower }
            return String(decoding: UnsafeBufferPointer(start: start, count: upper - lower), as: UTF8.self)
        }
    }

    /// `trimmed(_:_:)`, reusing `last` (and reporting `reused`) when the field holds the same text as the row before:
    /// consecutive rows of one customer, category or channel then cost no new string and no new check.
    static func trimmed<S: ByteSource & ~Copyable>(
        _ reader: borrowing CSVReader<S>, _ index: Int?, reusing last: inout String?
    ) -> (text: String?, reused: Bool) {
        guard let index else { return (nil, false) }
        let same = reader.withField(index) { bytes -> Bool in
            guard let last else { return false }
            let field = trim(bytes)
            return last.utf8.withContiguousStorageIfAvailable { previous in
                previous.count == field.count && (field.count == 0 || memcmpEqual(previous, field))
            } ?? false
        }
        if same { return (last, true) }
        let text = trimmed(reader, index)
        last = text
        return (text, false)
    }

    /// `trimmed(_:_:reusing:)` and, for a text not reused, its `problem(_:limit:)`; a text with a problem is not
    /// kept in `last`, so the next row is checked again.
    static func checked<S: ByteSource & ~Copyable>(
        _ reader: borrowing CSVReader<S>, _ index: Int?, limit: Int, reusing last: inout String?
    ) -> (text: String?, problem: String?) {
        let field = trimmed(reader, index, reusing: &last)
        guard !field.reused, let text = field.text, let reason = problem(text, limit: limit) else {
            return (field.text, nil)
        }
        last = nil
        return (text, reason)
    }

    /// The bytes without surrounding ASCII spaces and tabs.
    static func trim(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lower = 0
        var upper = bytes.count
        while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
        while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }

    private static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeRawBufferPointer) -> Bool {
        guard let left = a.baseAddress, let right = b.baseAddress else { return a.isEmpty && b.isEmpty }
        return memcmp(left, right, a.count) == 0
    }

    /// Field `index` as a strict integer (see `int32(_:)`), trimmed; `.none` when the field is empty or absent,
    /// `.some(nil)` when it is not an integer in range.
    static func int32<S: ByteSource & ~Copyable>(_ reader: borrowing CSVReader<S>, _ index: Int?) -> Int32?? {
        guard let index else { return .none }
        return reader.withField(index) { bytes -> Int32?? in
            let field = trim(bytes)
            guard !field.isEmpty else { return .none }
            return .some(int32(bytes: field))
        }
    }

    /// A strict integer from bytes: an optional sign and ASCII digits, in `Int32`'s range.
    static func int32(bytes: some Collection<UInt8>) -> Int32? {
        var digits = bytes[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 12 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return Int32(exactly: negative ? -value : value)
    }

    /// Checks an identifier or label with the store's rule (``Identifiers/problem(_:limit:)``: length, C0/DEL/C1
    /// controls, nothing visible), and refuses a byte order mark anywhere.
    /// - Returns: The reason it is unacceptable, or `nil`.
    static func problem(_ value: String, limit: Int) -> String? {
        if let reason = Identifiers.problem(value, limit: limit) { return reason }
        let scan = scanBytes(value)
        // A byte order mark inside the data (files joined with cat) would make an invisible, different id.
        if scan.byteEF, value.unicodeScalars.contains("\u{FEFF}") { return "contains a byte order mark" }
        return nil
    }

    /// One pass over `value`'s UTF-8: whether it holds a C0 control character or DEL, and whether it holds a 0xEF
    /// byte (the first byte of an encoded byte order mark).
    static func scanBytes(_ value: String) -> (control: Bool, byteEF: Bool) {
        func scan(_ bytes: some Sequence<UInt8>) -> (control: Bool, byteEF: Bool) {
            var byteEF = false
            for byte in bytes {
                if byte < 0x20 || byte == 0x7F { return (true, byteEF) }
                if byte == 0xEF { byteEF = true }
            }
            return (false, byteEF)
        }
        return value.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(value.utf8)
    }

    /// A strict integer: an optional sign and ASCII digits, in `Int32`'s range.
    static func int32(_ text: String) -> Int32? { int32(bytes: text.utf8) }

    /// A boolean: `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0` (any case).
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "t": true
        case "false", "no", "n", "0", "f": false
        default: nil
        }
    }
}
