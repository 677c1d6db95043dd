import Clientele
import Foundation
import ClienteleImport
import LMDBKit

/// The properties the fuzz targets check (Fuzz/ runs them under libFuzzer with AddressSanitizer; the unit tests replay
/// the committed corpus through them). Each returns `nil` when the property holds, or what went wrong.
///
/// Support code for testing, not part of the engine's API.
public enum FuzzHarness {
    /// The fuzz targets by name (the names of the folders in Fuzz/Corpus).
    public static let targets: [String: @Sendable ([UInt8]) -> String?] = [
        "csv": csv, "amount": amount, "timestamp": timestamp, "records": records, "keys": keys,
        "identity": identity,
    ]

    /// The CSV reader on arbitrary bytes, with small limits: it never crashes, and what it parses, written back with
    /// `CSVWriter` and parsed again, gives the same fields.
    public static func csv(_ data: [UInt8]) -> String? {
        var options = CSVOptions()
        options.maxFieldBytes = 256
        options.maxRecordBytes = 1024
        options.maxFieldsPerRecord = 32
        options.readChunkSize = 7
        guard let first = parse(data, options) else { return nil }
        let writer = CSVWriter()
        var written: [UInt8] = []
        for record in first { writer.appendRecord(record, to: &written) }
        options.maxFieldBytes = 4096
        options.maxRecordBytes = 65536
        guard let second = parse(written, options) else { return "written CSV did not parse back" }
        return first == second ? nil : "CSV round trip changed the records"
    }

    private static func parse(_ data: [UInt8], _ options: CSVOptions) -> [[String]]? {
        guard var reader = try? CSVReader(source: MemorySource(data), options: options) else { return nil }
        var records: [[String]] = []
        do {
            while try reader.next() { records.append(reader.fieldStrings()) }
        } catch {
            return nil
        }
        return records
    }

    /// The amount parser: never crashes; an accepted amount, formatted again, parses to the same minor units.
    public static func amount(_ data: [UInt8]) -> String? {
        for scale in [0, 2, 3] {
            for comma in [false, true] {
                guard let parser = try? AmountParser(scale: scale, decimalComma: comma) else { return "bad parser" }
                guard let value = data.withUnsafeBytes({ try? parser.parse($0) }) else { continue }
                var text = Money(minorUnits: value).formatted(scale: scale)
                if comma { text = text.replacingOccurrences(of: ".", with: ",") }
                guard (try? parser.parse(text)) == value else { return "amount round trip failed at scale \(scale)" }
            }
        }
        return nil
    }

    /// The timestamp parser: never crashes; an accepted instant is in the allowed years and its day exists.
    public static func timestamp(_ data: [UInt8]) -> String? {
        guard let micros = data.withUnsafeBytes({ try? TimestampParser.standard.parse($0) }) else { return nil }
        let day = Day(Instant(microseconds: micros)).civil
        guard (1899...3000).contains(day.year) else { return "accepted a year out of range" }
        return nil
    }

    /// The record codecs: decoding arbitrary bytes never crashes, and decode then encode is the identity (for a
    /// purchase record of version 1, which is re-encoded as version 2: the same purchase).
    public static func records(_ data: [UInt8]) -> String? {
        let checks: [(String, (UnsafeRawBufferPointer) -> [UInt8]?)] = [
            ("customer", RecordFormat.reencodeCustomer), ("purchase", RecordFormat.reencodePurchase),
            ("stats", RecordFormat.reencodeStats), ("daily", RecordFormat.reencodeDaily),
        ]
        // Seal the input with a valid checksum too, so the fuzzer reaches the field decoders.
        var sealed = data
        if !sealed.isEmpty {
            let crc = CRC32C.checksum(sealed)
            withUnsafeBytes(of: crc.littleEndian) { sealed.append(contentsOf: $0) }
        }
        for bytes in [data, sealed] {
            for (name, reencode) in checks {
                guard let again = bytes.withUnsafeBytes(reencode), again != bytes else { continue }
                if name == "purchase", bytes.first == 1, again.first == 2, RecordFormat.samePurchase(bytes, again) {
                    continue
                }
                return "\(name) record: decode then encode changed the bytes"
            }
        }
        return nil
    }

    /// The key codecs: decoding arbitrary bytes never crashes; decode then encode is the identity; and encodings of
    /// decoded keys compare like the keys.
    public static func keys(_ data: [UInt8]) -> String? {
        typealias Composite = Triple<StringKey, Int64Key, BytesKey>
        let half = data.count / 2
        let a = Array(data[..<half]), b = Array(data[half...])
        var decoded: [(String, Int64, [UInt8])] = []
        for bytes in [a, b] {
            guard let key = bytes.withUnsafeBytes({ try? Composite.decode($0) }) else { continue }
            var again: [UInt8] = []
            guard (try? Composite.encode(key, into: &again)) != nil, again == bytes else {
                return "composite key: decode then encode changed the bytes"
            }
            decoded.append(key)
        }
        if decoded.count == 2 {
            func order(_ x: (String, Int64, [UInt8]), _ y: (String, Int64, [UInt8])) -> Int {
                let (a0, b0) = (Array(x.0.utf8), Array(y.0.utf8))
                if a0 != b0 { return a0.lexicographicallyPrecedes(b0) ? -1 : 1 }
                if x.1 != y.1 { return x.1 < y.1 ? -1 : 1 }
                if x.2 != y.2 { return x.2.lexicographicallyPrecedes(y.2) ? -1 : 1 }
                return 0
            }
            let keyOrder = order(decoded[0], decoded[1])
            let byteOrder = a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
            guard keyOrder == byteOrder else { return "composite key order differs from byte order" }
        }
        if data.count == 8 {
            let value = data.withUnsafeBytes { try? Int64Key.decode($0) }
            var again: [UInt8] = []
            if let value { Int64Key.encode(value, into: &again) }
            guard again == data else { return "Int64 key round trip failed" }
        }
        return nil
    }
}
