import LMDBKit
import Testing

// Key codecs: every encoding decodes back to its value, and the byte order of encodings (LMDB's memcmp order) is
// the value order. Randomized with a seeded generator; failures print the seed.

// MARK: - Helpers

private func encoded<C: KeyCodec>(_ codec: C.Type, _ value: C.Value) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try C.encode(value, into: &bytes)
    return bytes
}

private func decoded<C: KeyCodec>(_ codec: C.Type, _ bytes: [UInt8]) throws -> C.Value {
    try bytes.withUnsafeBytes { try C.decode($0) }
}

private func componentEncoded<C: ComponentKeyCodec>(_ codec: C.Type, _ value: C.Value) throws -> [UInt8] {
    var bytes: [UInt8] = []
    try C.encodeComponent(value, into: &bytes)
    return bytes
}

/// The order `StringKey` promises: Unicode scalar values, lexicographically (the order of UTF-8 bytes). Note that
/// Swift's `String.<` is not this order (it compares canonically equivalent strings as equal).
private func scalarOrder(_ a: String, _ b: String) -> Int {
    let x = a.unicodeScalars.map(\.value)
    let y = b.unicodeScalars.map(\.value)
    if x == y { return 0 }
    return x.lexicographicallyPrecedes(y) ? -1 : 1
}

private func then(_ first: Int, _ rest: @autoclosure () -> Int) -> Int { first != 0 ? first : rest() }

private func sameString(_ a: String, _ b: String) -> Bool { Array(a.utf8) == Array(b.utf8) }

private func show(_ string: String) -> String {
    "\"" + string.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F
        ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined() + "\""
}

/// Pieces that stress the escaping and the order: NUL and 0x01 (the escape bytes), DEL, the first two-byte
/// scalar, combining marks, a precomposed letter, CJK, the last BMP scalars, astral scalars.
private let stringPieces = [
    "", "a", "b", "z", "A", " ", "\0", "\u{1}", "\u{2}", "\u{7F}", "\u{80}", "\u{FF}", "é", "e\u{301}", "ß",
    "\u{7FF}", "\u{800}", "中", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10FFFF}", "\0\0", "a\0",
]

private func randomString(using rng: inout TestRandom, maxPieces: Int = 5) -> String {
    let count = Int.random(in: 0...maxPieces, using: &rng)
    return (0..<count).map { _ in stringPieces.randomElement(using: &rng)! }.joined()
}

private func randomBytes(using rng: inout TestRandom, maxCount: Int = 6) -> [UInt8] {
    let pool: [UInt8] = [0, 0, 1, 2, 0x7F, 0x80, 0xFE, 0xFF, 0x41]
    return (0..<Int.random(in: 0...maxCount, using: &rng)).map { _ in
        Bool.random(using: &rng) ? pool.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
    }
}

/// Integers biased towards the places that break sign-flip and big-endian bugs: the extremes, zero, ±1, byte
/// boundaries, and small magnitudes (so that composite keys often tie on their integer part).
private func randomInteger<T: FixedWidthInteger>(_: T.Type, using rng: inout TestRandom) -> T {
    switch rng.next() % 5 {
    case 0: return T(truncatingIfNeeded: rng.next())
    case 1: return T(truncatingIfNeeded: Int64(rng.next() % 17) - 8)
    case 2: return T.min &+ T(truncatingIfNeeded: rng.next() % 300)
    case 3: return T.max &- T(truncatingIfNeeded: rng.next() % 300)
    default:
        let shift = Int(rng.next() % UInt64(T.bitWidth))
        let jitter = T(truncatingIfNeeded: Int64(rng.next() % 5) - 2)
        let power = T(truncatingIfNeeded: UInt64(1) << UInt64(shift))
        return Bool.random(using: &rng) ? power &+ jitter : T.zero &- power &+ jitter
    }
}

private func edgeIntegers<T: FixedWidthInteger>(_: T.Type) -> [T] {
    var values: [T] = [.min, .min + 1, .max, .max - 1, 0, 1, 2]
    for raw: Int64 in [0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000] {
        values.append(T(truncatingIfNeeded: raw))
    }
    if T.isSigned {
        for raw: Int64 in [-1, -2, -0x7F, -0x80, -0x81, -0x100, -0x8000, -0x8001, -0x8000_0000] {
            values.append(T(truncatingIfNeeded: raw))
        }
    }
    return values
}

/// Checks round trip and order for `values` of a key codec; returns failure descriptions (at most a few).
/// Expects every value to round-trip and the encodings to sort as `order` sorts the values; the first failures are
/// reported with `rng`'s seed.
private func expectOrder<C: KeyCodec>(
    _ codec: C.Type, _ values: [C.Value], order: (C.Value, C.Value) -> Int, same: (C.Value, C.Value) -> Bool,
    show: (C.Value) -> String, _ rng: TestRandom, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var failures: [String] = []
    var encodings: [[UInt8]] = []
    for value in values {
        let bytes = try encoded(codec, value)
        encodings.append(bytes)
        let back = try decoded(codec, bytes)
        if !same(back, value), failures.count < 5 {
            failures.append("round trip of \(show(value)) gave \(show(back)) via \(hex(bytes))")
        }
    }
    for i in values.indices {
        for j in values.indices where j > i {
            let want = order(values[i], values[j])
            let got = byteOrder(encodings[i], encodings[j])
            if want != got, failures.count < 5 {
                failures.append("\(show(values[i])) vs \(show(values[j])): value order \(want), byte order \(got) "
                    + "(\(hex(encodings[i])) vs \(hex(encodings[j])))")
            }
        }
    }
    #expect(failures.isEmpty, rng.comment(failures.joined(separator: "\n")), sourceLocation: sourceLocation)
}

// MARK: - Integers

enum IntegerKind: String, CaseIterable, Sendable {
    case uint64, uint32, uint16, uint8, int64, int32, int16, int
}

@Suite("Codecs")
struct CodecTests {
    private func checkInteger<T: FixedWidthInteger>(_ type: T.Type, label: String) throws {
        var rng = TestRandom("codec.integer.\(label)")
        let values = edgeIntegers(T.self) + (0..<500).map { _ in randomInteger(T.self, using: &rng) }
        for value in values {
            let bytes = try encoded(BigEndian<T>.self, value)
            #expect(bytes.count == T.bitWidth / 8, rng.comment("width of \(value)"))
        }
        try expectOrder(
            BigEndian<T>.self, values, order: valueOrder, same: ==, show: { "\($0)" }, rng)
        // Sorting by encoding and sorting by value give the same sequence.
        let byValue = values.sorted()
        let byBytes = try values.map { ($0, try encoded(BigEndian<T>.self, $0)) }
            .sorted { byteOrder($0.1, $1.1) < 0 }.map(\.0)
        #expect(byValue == byBytes, rng.comment("sorted by value vs sorted by encoding"))
    }

    @Test("integer keys round-trip and sort numerically", arguments: IntegerKind.allCases)
    func integerRoundTripAndOrder(kind: IntegerKind) throws {
        switch kind {
        case .uint64: try checkInteger(UInt64.self, label: kind.rawValue)
        case .uint32: try checkInteger(UInt32.self, label: kind.rawValue)
        case .uint16: try checkInteger(UInt16.self, label: kind.rawValue)
        case .uint8: try checkInteger(UInt8.self, label: kind.rawValue)
        case .int64: try checkInteger(Int64.self, label: kind.rawValue)
        case .int32: try checkInteger(Int32.self, label: kind.rawValue)
        case .int16: try checkInteger(Int16.self, label: kind.rawValue)
        case .int: try checkInteger(Int.self, label: kind.rawValue)
        }
    }

    @Test("integer encodings are big-endian with the sign bit flipped")
    func integerKnownVectors() throws {
        #expect(try encoded(Int64Key.self, .min) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try encoded(Int64Key.self, -1) == [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try encoded(Int64Key.self, 0) == [0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(try encoded(Int64Key.self, .max) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try encoded(BigEndian<Int>.self, 1) == [0x80, 0, 0, 0, 0, 0, 0, 1])
        #expect(try encoded(UInt32Key.self, 0x0102_0304) == [1, 2, 3, 4])
        #expect(try encoded(UInt64Key.self, 0x0102_0304_0506_0708) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try encoded(Int32Key.self, -2) == [0x7F, 0xFF, 0xFF, 0xFE])
        #expect(try encoded(Int16Key.self, .min) == [0, 0])
        #expect(try encoded(Int16Key.self, 0x0102) == [0x81, 0x02])
        #expect(try encoded(UInt16Key.self, 0xFFFF) == [0xFF, 0xFF])
        #expect(try encoded(UInt8Key.self, 0x80) == [0x80])
    }

    @Test("integer decoding rejects the wrong width")
    func integerWrongWidth() {
        #expect(throws: CodecError.self) { try decoded(UInt32Key.self, [1, 2, 3]) }
        #expect(throws: CodecError.self) { try decoded(UInt32Key.self, [1, 2, 3, 4, 5]) }
        #expect(throws: CodecError.self) { try decoded(Int64Key.self, []) }
        var offset = 2
        #expect(throws: CodecError.self) {
            try [UInt8]([1, 2, 3, 4, 5]).withUnsafeBytes { try UInt32Key.decodeComponent($0, at: &offset) }
        }
    }

    // MARK: - Strings and bytes

    @Test("string keys round-trip (embedded NULs, non-ASCII) and sort by Unicode scalars")
    func stringRoundTripAndOrder() throws {
        var rng = TestRandom("codec.string")
        var values = stringPieces
        values += (0..<250).map { _ in randomString(using: &rng) }.filter { !$0.isEmpty }
        try expectOrder(
            StringKey.self, values, order: scalarOrder, same: sameString, show: show, rng)
        // Embedded NULs are stored as they are in a whole key.
        #expect(try encoded(StringKey.self, "a\0b") == [0x61, 0, 0x62])
        #expect(try decoded(StringKey.self, [0x61, 0, 0x62]) == "a\0b")
        #expect(try encoded(StringKey.self, "é") == [0xC3, 0xA9])
        // Canonically equivalent strings stay distinct keys (bytes, not Swift's String equality).
        #expect(try encoded(StringKey.self, "é") != encoded(StringKey.self, "e\u{301}"))
    }

    @Test("string and bytes components escape NUL, terminate, and keep the order")
    func componentRoundTripAndOrder() throws {
        var rng = TestRandom("codec.component")
        let strings = stringPieces + (0..<200).map { _ in randomString(using: &rng) }
        var failures: [String] = []
        var encodings: [[UInt8]] = []
        for string in strings {
            let bytes = try componentEncoded(StringKey.self, string)
            encodings.append(bytes)
            var offset = 0
            // Followed by junk: the component must end where its terminator says.
            let back = try (bytes + [0xAB, 0]).withUnsafeBytes { try StringKey.decodeComponent($0, at: &offset) }
            if !sameString(back, string) || offset != bytes.count {
                failures.append("component round trip of \(show(string)) gave \(show(back)), offset \(offset)")
            }
        }
        for i in strings.indices {
            for j in strings.indices where j > i
                && byteOrder(encodings[i], encodings[j]) != scalarOrder(strings[i], strings[j]) {
                failures.append("\(show(strings[i])) vs \(show(strings[j])): \(hex(encodings[i])) vs \(hex(encodings[j]))")
            }
        }
        #expect(failures.isEmpty, rng.comment(failures.prefix(5).joined(separator: "\n")))
        #expect(try componentEncoded(StringKey.self, "") == [0, 0])
        #expect(try componentEncoded(StringKey.self, "a\0") == [0x61, 0, 1, 0, 0])
        #expect(try componentEncoded(BytesKey.self, [0, 0xFF, 0]) == [0, 1, 0xFF, 0, 1, 0, 0])
    }

    @Test("malformed string and bytes encodings are rejected")
    func malformedComponents() {
        func decodeComponent(_ bytes: [UInt8]) throws -> String {
            var offset = 0
            return try bytes.withUnsafeBytes { try StringKey.decodeComponent($0, at: &offset) }
        }
        #expect(throws: CodecError.self) { try decodeComponent([0x61]) }  // no terminator
        #expect(throws: CodecError.self) { try decodeComponent([0x61, 0]) }  // truncated escape
        #expect(throws: CodecError.self) { try decodeComponent([0x61, 0, 2, 0, 0]) }  // invalid escape
        #expect(throws: CodecError.self) { try decodeComponent([0xFF, 0, 0]) }  // not UTF-8
        #expect(throws: CodecError.self) { try decoded(StringKey.self, [0xC3]) }  // truncated UTF-8
        #expect(throws: CodecError.self) { try decoded(StringKey.self, [0xED, 0xA0, 0x80]) }  // surrogate
        #expect(throws: CodecError.self) { try [UInt8]([1]).withUnsafeBytes { try EmptyValue.decode($0) } }
    }

    // MARK: - Composite keys

    @Test("Pair<String, Int> sorts by the string, then the integer")
    func pairStringThenInt() throws {
        var rng = TestRandom("codec.pair.string-int")
        typealias Key = Pair<StringKey, BigEndian<Int>>
        let values: [(String, Int)] = (0..<160).map { _ in
            (randomString(using: &rng, maxPieces: 3), randomInteger(Int.self, using: &rng))
        }
        try expectOrder(
            Key.self, values, order: { then(scalarOrder($0.0, $1.0), valueOrder($0.1, $1.1)) },
            same: { sameString($0.0, $1.0) && $0.1 == $1.1 }, show: { "(\(show($0.0)), \($0.1))" }, rng)
    }

    @Test("Pair<Int64, String> sorts by the integer (negatives first), then the string")
    func pairIntThenString() throws {
        var rng = TestRandom("codec.pair.int-string")
        typealias Key = Pair<Int64Key, StringKey>
        let values: [(Int64, String)] = (0..<160).map { _ in
            (Int64(Int.random(in: -3...3, using: &rng)) * (Bool.random(using: &rng) ? 1 : Int64.max / 4),
             randomString(using: &rng, maxPieces: 3))
        }
        try expectOrder(
            Key.self, values, order: { then(valueOrder($0.0, $1.0), scalarOrder($0.1, $1.1)) },
            same: { $0.0 == $1.0 && sameString($0.1, $1.1) }, show: { "(\($0.0), \(show($0.1)))" }, rng)
    }

    @Test("Triple<String, Int32, String> sorts component by component")
    func tripleStringIntString() throws {
        var rng = TestRandom("codec.triple.string-int-string")
        typealias Key = Triple<StringKey, Int32Key, StringKey>
        let values: [(String, Int32, String)] = (0..<160).map { _ in
            (randomString(using: &rng, maxPieces: 2), Int32.random(in: -2...2, using: &rng),
             randomString(using: &rng, maxPieces: 2))
        }
        try expectOrder(
            Key.self, values,
            order: { then(scalarOrder($0.0, $1.0), then(valueOrder($0.1, $1.1), scalarOrder($0.2, $1.2))) },
            same: { sameString($0.0, $1.0) && $0.1 == $1.1 && sameString($0.2, $1.2) },
            show: { "(\(show($0.0)), \($0.1), \(show($0.2)))" }, rng)
    }

    @Test("Triple<Bytes, String, Int16> and nested Pair keep the order")
    func tripleBytesAndNestedPair() throws {
        var rng = TestRandom("codec.triple.bytes-string-int16")
        typealias Key = Triple<BytesKey, StringKey, Int16Key>
        let values: [([UInt8], String, Int16)] = (0..<150).map { _ in
            (randomBytes(using: &rng, maxCount: 3), randomString(using: &rng, maxPieces: 2),
             randomInteger(Int16.self, using: &rng))
        }
        try expectOrder(
            Key.self, values,
            order: { then(byteOrder($0.0, $1.0), then(scalarOrder($0.1, $1.1), valueOrder($0.2, $1.2))) },
            same: { $0.0 == $1.0 && sameString($0.1, $1.1) && $0.2 == $1.2 },
            show: { "(\(hex($0.0)), \(show($0.1)), \($0.2))" }, rng)

        typealias Nested = Pair<Pair<StringKey, BytesKey>, UInt64Key>
        let nested: [((String, [UInt8]), UInt64)] = (0..<150).map { _ in
            ((randomString(using: &rng, maxPieces: 2), randomBytes(using: &rng, maxCount: 2)),
             randomInteger(UInt64.self, using: &rng))
        }
        try expectOrder(
            Nested.self, nested,
            order: { then(scalarOrder($0.0.0, $1.0.0), then(byteOrder($0.0.1, $1.0.1), valueOrder($0.1, $1.1))) },
            same: { sameString($0.0.0, $1.0.0) && $0.0.1 == $1.0.1 && $0.1 == $1.1 },
            show: { "((\(show($0.0.0)), \(hex($0.0.1))), \($0.1))" }, rng)
    }

    @Test("a composite prefix starts exactly the keys with that first part")
    func compositePrefixes() throws {
        var rng = TestRandom("codec.prefix")
        typealias Key = Triple<StringKey, Int32Key, UInt64Key>
        var failures: [String] = []
        for _ in 0..<400 {
            let a = randomString(using: &rng, maxPieces: 3)
            let other = randomString(using: &rng, maxPieces: 3)
            let b = Int32.random(in: -2...2, using: &rng)
            let c = UInt64.random(in: 0...3, using: &rng)
            let key = try encoded(Key.self, (other, b, c))
            let prefix = try Key.prefix(a)
            let prefix2 = try Key.prefix(a, b)
            if key.starts(with: prefix) != sameString(a, other) {
                failures.append("prefix(\(show(a))) vs key (\(show(other)), \(b), \(c))")
            }
            if key.starts(with: prefix2) != sameString(a, other) {
                failures.append("prefix(\(show(a)), \(b)) vs key (\(show(other)), \(b), \(c))")
            }
            if try !encoded(Pair<StringKey, UInt64Key>.self, (other, c)).starts(with: Pair<StringKey, UInt64Key>.prefix(a))
                == sameString(a, other) {
                failures.append("Pair prefix(\(show(a))) vs (\(show(other)), \(c))")
            }
        }
        #expect(failures.isEmpty, rng.comment(failures.prefix(5).joined(separator: "\n")))
    }

    @Test("malformed composite keys are rejected")
    func malformedComposite() {
        typealias Key = Pair<StringKey, UInt32Key>
        #expect(throws: CodecError.self) { try decoded(Key.self, [0x61, 0, 0, 1, 2, 3]) }  // short integer
        #expect(throws: CodecError.self) { try decoded(Key.self, [0x61, 0, 0, 1, 2, 3, 4, 5]) }  // long integer
        #expect(throws: CodecError.self) { try decoded(Key.self, [0x61, 1, 2, 3, 4]) }  // no terminator
        #expect(throws: CodecError.self) {
            try decoded(Triple<UInt8Key, StringKey, UInt8Key>.self, [1, 0x61, 0, 0])  // third part missing
        }
    }

    // MARK: - Inside LMDB

    @Test("LMDB stores composite keys in value order")
    func tableOrderMatchesValueOrder() throws {
        var rng = TestRandom("codec.table-order")
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("keys", key: Pair<StringKey, Int64Key>.self, value: UInt32Key.self)
            var model: [(String, Int64)] = []
            for _ in 0..<400 {
                let key = (randomString(using: &rng, maxPieces: 3), Int64.random(in: -3...3, using: &rng) << 40)
                if !model.contains(where: { sameString($0.0, key.0) && $0.1 == key.1 }) { model.append(key) }
            }
            try temp.env.write { txn in
                for (index, key) in model.enumerated() { try table.put(UInt32(index), for: key, in: txn) }
            }
            model.sort { then(scalarOrder($0.0, $1.0), valueOrder($0.1, $1.1)) < 0 }
            var stored: [(String, Int64)] = []
            try temp.env.read { txn in
                try table.scanKeys(in: txn) { key in
                    stored.append(key)
                    return true
                }
            }
            #expect(stored.count == model.count, rng.comment)
            let mismatch = zip(stored, model).enumerated().first { !sameString($0.element.0.0, $0.element.1.0) || $0.element.0.1 != $0.element.1.1 }?.offset
            #expect(mismatch == nil, rng.comment("first mismatch at \(mismatch ?? -1)"))
        }
    }

    @Test("value codecs round-trip through a table")
    func valueCodecsThroughTable() throws {
        try TemporaryEnvironment.with { temp in
            let ints = try temp.env.openTable("ints", key: UInt8Key.self, value: Int64Value.self)
            let strings = try temp.env.openTable("strings", key: UInt8Key.self, value: StringValue.self)
            let bytes = try temp.env.openTable("bytes", key: UInt8Key.self, value: BytesValue.self)
            let index = try temp.env.openTable("index", key: StringKey.self, value: EmptyValue.self)
            let big = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }  // spans overflow pages
            try temp.env.write { txn in
                try ints.put(.min, for: 1, in: txn)
                try ints.put(-42, for: 2, in: txn)
                try strings.put("", for: 1, in: txn)
                try strings.put("naïve\0😀", for: 2, in: txn)
                try bytes.put([], for: 1, in: txn)
                try bytes.put(big, for: 2, in: txn)
                try index.put((), for: "customer@example.com", in: txn)
            }
            try temp.env.read { txn throws in
                #expect(try ints.get(1, in: txn) == .min)
                #expect(try ints.get(2, in: txn) == -42)
                #expect(try strings.get(1, in: txn) == "")
                #expect(try strings.get(2, in: txn) == "naïve\0😀")
                #expect(try bytes.get(1, in: txn) == [])
                #expect(try bytes.get(2, in: txn) == big)
                #expect(try index.get("customer@example.com", in: txn) != nil)
                #expect(try index.get("other@example.com", in: txn) == nil)
            }
        }
    }
}
