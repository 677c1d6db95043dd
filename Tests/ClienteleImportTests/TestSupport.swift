#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ClienteleImport
import Testing

/// A source of `total` bytes: `prefix`, then `fill` repeated. Counts the bytes handed out; never materializes
/// the input, so a test can simulate a 200 MB file.
struct GeneratedSource: ByteSource {
    let prefix: [UInt8]
    let fill: [UInt8]
    let total: Int
    private(set) var bytesRead = 0
    let counter: ByteCounter

    init(prefix: String, fill: String, total: Int, counter: ByteCounter) {
        self.prefix = Array(prefix.utf8)
        self.fill = Array(fill.utf8)
        self.total = total
        self.counter = counter
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
        let n = min(buffer.count, total - bytesRead)
        guard n > 0 else { return 0 }
        for k in 0..<n {
            let position = bytesRead + k
            buffer[k] = position < prefix.count ? prefix[position] : fill[(position - prefix.count) % fill.count]
        }
        bytesRead += n
        counter.value = bytesRead
        return n
    }
}

/// Lets a test see how much a source (owned by the reader) has read.
final class ByteCounter {
    var value = 0
}

/// Everything a reader produced from one input: records with their start lines, then maybe an error.
struct ParseResult: Equatable, CustomStringConvertible {
    var records: [[String]] = []
    var lines: [Int] = []
    var error: CSVError?
    var bytesConsumed = 0

    var description: String { "records: \(records), lines: \(lines), error: \(error.map(String.init(describing:)) ?? "none")" }
}

/// The read sizes every table-driven CSV case runs with; the last is the default.
let chunkSizes = [1, 2, 3, 7, 64, 256 * 1024]

/// Parses `bytes` to the end or the first error.
func parseAll(_ bytes: [UInt8], options: CSVOptions = CSVOptions(), maxReadSize: Int = .max) -> ParseResult {
    var result = ParseResult()
    do {
        var reader = try CSVReader(source: MemorySource(bytes, maxReadSize: maxReadSize), options: options)
        do throws(CSVError) {
            while try reader.next() {
                result.records.append(reader.fieldStrings())
                result.lines.append(reader.recordLine)
                result.bytesConsumed = reader.bytesConsumed
            }
            result.bytesConsumed = reader.bytesConsumed
        } catch {
            result.error = error
        }
    } catch {
        Issue.record("invalid options: \(error)")
    }
    return result
}

/// Parses `bytes` with every chunk size in ``chunkSizes`` (and with 1-byte short reads), expects identical
/// results, and returns the default-size one.
func parseWithAllChunkSizes(
    _ bytes: [UInt8], options: CSVOptions = CSVOptions(), sourceLocation: SourceLocation = #_sourceLocation
) -> ParseResult {
    var options = options
    options.readChunkSize = chunkSizes[chunkSizes.count - 1]
    let reference = parseAll(bytes, options: options)
    for size in chunkSizes.dropLast() {
        options.readChunkSize = size
        let other = parseAll(bytes, options: options)
        #expect(other == reference, "chunk size \(size) differs", sourceLocation: sourceLocation)
    }
    options.readChunkSize = chunkSizes[chunkSizes.count - 1]
    let shortReads = parseAll(bytes, options: options, maxReadSize: 1)
    #expect(shortReads == reference, "1-byte short reads differ", sourceLocation: sourceLocation)
    return reference
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`.
    init(utf8 text: String) { self = Array(text.utf8) }
}
