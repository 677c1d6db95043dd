import Foundation
import Testing

/// Pathological 200 MB files fail at the reader's limits with bounded memory.
///
/// The bound, 64 MiB of peak RSS for the child: the CSV reader allocates its buffer once, `maxRecordBytes +
/// readChunkSize` (1 MiB + 256 KiB), and fails at the 64 KiB field limit; the rest is the process itself (Swift
/// runtime, Foundation, LMDB's map of a small store), about 20–30 MiB for the debug build. Reading the file into
/// memory would need more than 200 MB, so the bound cannot pass by accident.
///
/// The figure is the child's `VmHWM` (the high-water mark of its own address space), which `clientele import`
/// reports. `wait4`'s `ru_maxrss` cannot be used: Linux carries the RSS of the address space a process had before
/// `exec` into it, and `posix_spawn` starts the child with `vfork`, i.e. in this test process's address space, so
/// `ru_maxrss` would be at least this (large, multi-threaded) test process's RSS. The test also samples the child's
/// `/proc/PID/status` from outside while it runs, as an independent lower bound.
@Suite("Bounded memory on pathological files")
struct PeakMemoryTests {
    static let size = 200_000_000
    static let boundKiB = 64 * 1024

    struct Input: CustomTestStringConvertible, Sendable {
        var name: String
        var prefix: String
        var fill: UInt8
        var reason: String
        var testDescription: String { name }
    }

    static let inputs = [
        Input(name: "one unterminated quote", prefix: "customer_id,order_id,occurred_at,amount\nc1,\"",
              fill: UInt8(ascii: "x"), reason: "longer than the limit"),
        Input(name: "one 200 MB line", prefix: "customer_id,order_id,occurred_at,amount\n",
              fill: UInt8(ascii: "y"), reason: "longer than the limit"),
    ]

    /// The `peak RSS 23.4 MiB` the import reports, in KiB.
    static func reportedPeakKiB(_ stderr: String) -> Int? {
        guard let range = stderr.range(of: "peak RSS ") else { return nil }
        let number = stderr[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(number).map { Int($0 * 1024) }
    }

    @Test("fails at the limit with peak RSS under 64 MiB", arguments: inputs)
    func bounded(_ input: Input) throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("big.csv")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(input.prefix.utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        let chunk = Data(repeating: input.fill, count: 1 << 20)
        var written = input.prefix.utf8.count
        while written < Self.size {
            try handle.write(contentsOf: chunk)
            written += chunk.count
        }
        try handle.close()

        let child = try CLI.spawn(["import", "purchases", "--store", dir.file("store"), "--quiet", path])
        var sampled = 0
        while let hwm = CLI.highWaterMarkKiB(of: child.pid) { sampled = max(sampled, hwm) }
        let result = try child.wait()
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("\(path):2: column "), "\(result)")
        #expect(result.stderr.contains(input.reason), "\(result)")
        let reported = try #require(Self.reportedPeakKiB(result.stderr), "\(result)")
        #expect(reported > 0)
        // The report is rounded to 0.1 MiB and the process runs on a little after it (output, exit).
        #expect(sampled <= reported + 2048, "sampled \(sampled) KiB, reported \(reported) KiB")
        #expect(reported < Self.boundKiB, "peak RSS \(reported) KiB")
        #expect(sampled < Self.boundKiB, "sampled peak RSS \(sampled) KiB")
    }
}
