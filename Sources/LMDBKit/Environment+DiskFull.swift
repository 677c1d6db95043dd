#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Environment {
    /// `LMDBError.diskFull` when `error` means that the store's file system is full: `ENOSPC`, or `EIO` (what LMDB
    /// reports for a short write) while the file system has less free space than the transaction needed (`needed`,
    /// at least 64 pages); `nil` for any other failure, which keeps its own error.
    func diskFull(_ error: LMDBError, needed: Int) -> LMDBError? {
        guard let code = error.code, code == .noSpace || code == .io, let operation = error.operation else { return nil }
        let pageSize = info.pageSize
        let estimate = max(needed, pageSize)
        let free = freeBytes()
        if code == .io {
            guard let free, free < max(estimate, 64 * pageSize) else { return nil }
        }
        return .diskFull(neededBytes: estimate, freeBytes: free, operation: operation)
    }

    /// The bytes an unprivileged process can still write on the store's file system (`statvfs`), or `nil`.
    func freeBytes() -> Int? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let (bytes, overflow) = Int(clamping: stats.f_bavail)
            .multipliedReportingOverflow(by: Int(clamping: stats.f_frsize))
        return overflow ? Int.max : bytes
    }
}

/// Byte counts for messages: `512 bytes`, `1.5 KiB`, `2.0 MiB`, `3.1 GiB`.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
