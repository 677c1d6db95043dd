import Foundation

/// How Clientele decides that two identifiers are the same, and which identifiers it accepts.
///
/// Every identifier (customer id, order id, `refund_of`, category, channel, tag, and the normalized email used by the
/// email index) is brought to Unicode Normalization Form C at the library's entry points, before it is checked,
/// stored or looked up: `"Jos\u{E9}"` and `"Jose\u{301}"` name one customer, stored as the NFC bytes. After that,
/// identity is byte equality: LMDB compares keys as bytes, and the writer's caches compare stored bytes
/// (``StoredBytes``), never `String ==` (which is canonical equivalence and would let two byte forms meet in a
/// cache). Text that is already NFC (pure ASCII, or passing the NFC quick check) skips the conversion.
///
/// ```swift
/// Identifiers.canonical("Jose\u{301}") == "Jos\u{E9}"   // true, and the UTF-8 bytes are equal too
/// ```
public enum Identifiers {
    /// `value` in Unicode Normalization Form C (unchanged when it is already NFC).
    ///
    /// Pure ASCII costs one pass over the bytes; other text the standard library's NFC quick check
    /// (`UTF8Span.checkForNFC(quickCheck:)`); only text that may not be NFC goes through Foundation's
    /// `precomposedStringWithCanonicalMapping` (about 0.7 µs for a short id, measured in docs/storage.md).
    public static func canonical(_ value: String) -> String {
        if isASCII(value) || isQuickNFC(value) { return value }
        return value.precomposedStringWithCanonicalMapping
    }

    /// Whether the NFC quick check says `value` is NFC (`false` also for "maybe").
    static func isQuickNFC(_ value: String) -> Bool {
        var span = value.utf8Span
        return span.checkForNFC(quickCheck: true)
    }

    /// `value` in NFC, or `nil` for `nil`.
    public static func canonical(_ value: String?) -> String? {
        value.map { canonical($0) }
    }

    /// Whether every UTF-8 byte of `value` is below 0x80.
    static func isASCII(_ value: String) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var union: UInt8 = 0
            for byte in bytes { union |= byte }
            return union < 0x80
        }
        return value.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(value.utf8)
    }

    /// Whether `a` and `b` have the same UTF-8 bytes (not canonical equivalence, as `String ==` is).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in
                guard left.count == right.count else { return false }
                guard let l = left.baseAddress, let r = right.baseAddress else { return true }
                return memcmp(l, r, left.count) == 0
            }
        }
        if let fast, let result = fast { return result }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Why `value` is not an acceptable identifier or label of at most `limit` UTF-8 bytes, or `nil` when it is.
    ///
    /// Refused: the empty string, more than `limit` bytes, C0 controls, DEL and C1 controls (U+0080–U+009F, such as
    /// U+009B, a terminal's CSI), and a value with nothing visible: only white space and default-ignorable code
    /// points (zero-width space and joiners, byte order mark, soft hyphen, variation selectors, …). The reasons
    /// never quote the value.
    public static func problem(_ value: String, limit: Int) -> String? {
        let count = value.utf8.count
        if count == 0 { return "is empty" }
        if count > limit { return "is longer than \(limit) bytes" }
        func scan(_ bytes: some Sequence<UInt8>) -> (control: Bool, ascii: Bool, visibleASCII: Bool) {
            var previous: UInt8 = 0
            var union: UInt8 = 0
            var visible = false
            for byte in bytes {
                if byte < 0x20 || byte == 0x7F { return (true, false, false) }
                // C1 controls U+0080–U+009F are encoded 0xC2 0x80…0x9F.
                if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F { return (true, false, false) }
                if byte > 0x20 && byte < 0x7F { visible = true }
                union |= byte
                previous = byte
            }
            return (false, union < 0x80, visible)
        }
        let result = value.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(value.utf8)
        if result.control { return "contains control characters" }
        if result.visibleASCII { return nil }
        if result.ascii { return "has nothing visible" }
        let invisible = value.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isWhitespace
        }
        return invisible ? "has nothing visible (only white space or zero-width characters)" : nil
    }
}

/// A string compared and hashed by its UTF-8 bytes: the key of the writer's caches, so that two byte forms of one
/// text (NFC and NFD) never meet in a cache even when a caller bypasses normalization.
struct StoredBytes: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: StoredBytes, b: StoredBytes) -> Bool { Identifiers.sameBytes(a.text, b.text) }

    func hash(into hasher: inout Hasher) {
        let done = text.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if done == nil { for byte in text.utf8 { hasher.combine(byte) } }
    }
}

extension Purchase {
    /// The purchase with its identifiers (customer, order, category, channel, `refund_of`) in NFC, as the store
    /// keeps them (see ``Identifiers``).
    public func canonicalized() -> Purchase {
        var copy = self
        copy.customer = Identifiers.canonical(customer)
        copy.orderID = Identifiers.canonical(orderID)
        copy.category = Identifiers.canonical(category)
        copy.channel = Identifiers.canonical(channel)
        copy.refundOf = Identifiers.canonical(refundOf)
        return copy
    }
}

extension CustomerUpdate {
    /// The update with its identifiers (external id, tags) in NFC. The email is normalized where it is indexed
    /// (``Customer/normalize(email:)``); names and other profile fields keep what they hold.
    public func canonicalized() -> CustomerUpdate {
        var copy = self
        copy.externalID = Identifiers.canonical(externalID)
        if !addTags.allSatisfy(Identifiers.isASCII) {
            copy.addTags = Set(addTags.map { Identifiers.canonical($0) })
        }
        return copy
    }
}
