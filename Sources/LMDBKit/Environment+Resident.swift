#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB

extension Environment {
    /// This process's resident memory in bytes, all of it and the file-backed part (on Linux: resident and shared
    /// pages of `/proc/self/statm`; the file-backed part is mostly the map's pages this process has touched); `nil`
    /// where that is not known.
    public static func residentBytes() -> (total: Int, file: Int)? {
        #if os(Linux)
        guard let text = readProcFile("/proc/self/statm") else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = text.split(separator: UInt8(ascii: " "))
        guard fields.count >= 3, let resident = Int(String(decoding: fields[1], as: UTF8.self)),
              let shared = Int(String(decoding: fields[2], as: UTF8.self)) else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return (resident * page, shared * page)
        #else
        return nil
        #endif
    }

    /// Drops this process's resident copies of the map's pages (`madvise(MADV_DONTNEED)` on LMDB's read-only shared
    /// map, found in `/proc/self/maps` by the data file's inode). Nothing is lost: the data is in the file and the
    /// page cache, and a page comes back on its next access. Bulk loads call it to keep resident memory bounded
    /// whatever the size of the store; a read transaction holds the map steady (no resize runs) meanwhile. Does
    /// nothing where `/proc` is missing.
    /// - Throws: `LMDBError.usedAfterFork`; LMDB errors opening that read transaction.
    public func releaseResidentPages() throws {
        try read { txn in releaseResidentPages(within: txn) }
    }

    /// `releaseResidentPages()` from inside a transaction of this environment (read or write: a write
    /// transaction's changed pages are in its own memory, not in the map), which already holds the map steady.
    /// Using a transaction of another environment is a programming error and traps.
    public func releaseResidentPages(within txn: ReadTxn) {
        precondition(txn.environment === self, "LMDBKit: a transaction of another environment")
        #if os(Linux)
        var status = stat()
        guard stat(path + "/data.mdb", &status) == 0, let maps = Self.readProcFile("/proc/self/maps") else { return }
        for line in maps.split(separator: UInt8(ascii: "\n")) {
            // "start-end perms offset dev inode path"
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 6, UInt64(String(decoding: fields[4], as: UTF8.self)) == UInt64(status.st_ino),
                  String(decoding: fields[5], as: UTF8.self).hasSuffix("data.mdb") else { continue }
            let range = fields[0].split(separator: UInt8(ascii: "-"))
            guard range.count == 2, let start = UInt(String(decoding: range[0], as: UTF8.self), radix: 16),
                  let end = UInt(String(decoding: range[1], as: UTF8.self), radix: 16), end > start,
                  let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            _ = madvise(address, Int(end - start), MADV_DONTNEED)
        }
        #endif
    }

    #if os(Linux)
    /// The whole content of a small `/proc` file (read until end of file).
    static func readProcFile(_ path: String) -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { _ = Glibc.close(fd) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            content.append(contentsOf: chunk[..<count])
        }
        return content
    }
    #endif
}
