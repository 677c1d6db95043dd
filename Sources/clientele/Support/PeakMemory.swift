#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's peak resident set size.
enum PeakMemory {
    /// In KiB: `VmHWM` from `/proc/self/status` on Linux (the high-water mark of this program's own address space;
    /// `getrusage`'s `ru_maxrss` would also count the parent's memory when the process was started by `vfork`), else
    /// `ru_maxrss`.
    static func kibibytes() -> Int? {
        if let status = try? readStatus(), let line = status.split(separator: "\n").first(where: {
            $0.hasPrefix("VmHWM:")
        }) {
            let digits = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            if let digits, let value = Int(digits) { return value }
        }
        var usage = rusage()
        #if canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) / 1024
        #else
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss)
        #endif
    }

    /// `12.3 MiB`.
    static func text() -> String {
        guard let kib = kibibytes() else { return "unknown" }
        return Format.fixed(Double(kib) / 1024, places: 1) + " MiB"
    }

    private static func readStatus() throws -> String {
        let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StatusUnavailable() }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private struct StatusUnavailable: Error {}
}
