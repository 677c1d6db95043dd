import ClienteleImport
import Testing

/// Randomized tests: writer → reader round trips, and chunk-size invariance on random byte soup.
/// Seeded with SplitMix64 from `CLIENTELE_SEED` (or the clock); every failure message carries the seed.
@Suite("CSV randomized")
struct CSVRoundTripTests {
    /// Pieces random fields are made of: delimiters, quotes, CR/LF, spaces, multibyte characters.
    static let pieces = ["a", "Z", "0", ",", "\"", "\"\"", "\r", "\n", "\r\n", " ", "\t", "é", "€", "😀", ";", "x y", ""]

    static func randomField(_ rng: inout SplitMix64) -> String {
        var field = ""
        for _ in 0..<Int.random(in: 0...6, using: &rng) { field += pieces.randomElement(using: &rng) ?? "" }
        return field
    }

    @Test("random records survive CSVWriter → CSVReader")
    func writerReaderRoundTrip() throws {
        let seed = TestSeed.fresh()
        var rng = SplitMix64(seed: seed)
        for iteration in 0..<300 {
            let records = (0..<Int.random(in: 0...60, using: &rng)).map { _ in
                (0..<Int.random(in: 1...6, using: &rng)).map { _ in Self.randomField(&rng) }
            }
            let writer = try CSVWriter(delimiter: UInt8(ascii: ","), lineEnding: Bool.random(using: &rng) ? .lf : .crlf)
            var bytes: [UInt8] = Bool.random(using: &rng) ? [0xEF, 0xBB, 0xBF] : []
            for record in records { writer.appendRecord(record, to: &bytes) }
            if Bool.random(using: &rng), bytes.last == 0x0A {  // drop the final terminator
                bytes.removeLast()
                if bytes.last == 0x0D { bytes.removeLast() }
            }
            let chunk = [1, 2, 3, 5, 7, 64, 4096].randomElement(using: &rng) ?? 1
            // A small record limit keeps the buffer small, so records move to its front (compaction) often.
            let result = parseAll(bytes, options: CSVOptions(maxRecordBytes: 512, readChunkSize: chunk))
            #expect(result.error == nil, "seed \(seed), iteration \(iteration), chunk \(chunk)")
            #expect(result.records == records, "seed \(seed), iteration \(iteration), chunk \(chunk)")
        }
    }

    @Test("random byte soup parses the same with every chunk size")
    func chunkInvariance() {
        let seed = TestSeed.fresh()
        var rng = SplitMix64(seed: seed)
        let alphabet: [UInt8] = [0x61, 0x62, 0x2C, 0x22, 0x22, 0x0D, 0x0A, 0x0A, 0x00, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xFF, 0x20]
        for iteration in 0..<1500 {
            let bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            let options = CSVOptions(
                maxFieldBytes: Int.random(in: 1...12, using: &rng),
                maxRecordBytes: Int.random(in: 1...24, using: &rng),
                maxFieldsPerRecord: Int.random(in: 1...6, using: &rng),
                readChunkSize: 256 * 1024)
            let reference = parseAll(bytes, options: options)
            for chunk in [1, 2, 3, 7] {
                var small = options
                small.readChunkSize = chunk
                let other = parseAll(bytes, options: small)
                #expect(other == reference, "seed \(seed), iteration \(iteration), chunk \(chunk), input \(bytes)")
            }
        }
    }

    @Test("random well-formed fields never report errors and keep their bytes")
    func arbitraryValidUTF8() {
        let seed = TestSeed.fresh()
        var rng = SplitMix64(seed: seed)
        let writer = CSVWriter()
        for iteration in 0..<200 {
            // Random scalars across all planes, excluding NUL and surrogates.
            let fields = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                String(String.UnicodeScalarView((0..<Int.random(in: 0...8, using: &rng)).compactMap { _ in
                    Unicode.Scalar(UInt32.random(in: 1...0x10FFFF, using: &rng))
                }))
            }
            var bytes: [UInt8] = []
            writer.appendRecord(fields, to: &bytes)
            let result = parseAll(bytes, options: CSVOptions(readChunkSize: 3))
            #expect(result.error == nil, "seed \(seed), iteration \(iteration)")
            #expect(result.records == [fields], "seed \(seed), iteration \(iteration)")
        }
    }
}
