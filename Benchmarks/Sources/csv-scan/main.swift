// The CSV scanner alone, on a real file: `cd Benchmarks && swift run -c release csv-scan FILE [repeats]`.
// Not a test: prints records/s and MB/s of `CSVReader.next()` plus touching every field (the import's parse
// stage without mapping or writing), best of `repeats` passes. The target of before/after comparisons of the
// scanner (docs/performance.md).
import ClienteleImport
import Foundation

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: csv-scan FILE [repeats]\n".utf8))
    exit(64)
}
let path = arguments[1]
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let clock = ContinuousClock()
var best = Duration.seconds(1_000_000)
var records = 0
var bytes = 0
var checksum = 0
for _ in 0..<repeats {
    let start = clock.now
    var reader = try CSVReader(source: try FileDescriptorSource(path: path))
    records = 0
    checksum = 0
    while try reader.next() {
        records += 1
        for field in 0..<reader.fieldCount {
            checksum &+= reader.withField(field) { $0.count }
        }
    }
    bytes = reader.bytesConsumed
    best = min(best, clock.now - start)
}
let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
print(String(format: "%d records, %.1f MB in %.3f s (best of %d): %.2f M records/s, %.0f MB/s (field bytes %d)",
             records, Double(bytes) / 1e6, seconds, repeats, Double(records) / seconds / 1e6,
             Double(bytes) / seconds / 1e6, checksum))
