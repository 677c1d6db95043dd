#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary file a sorted import spills its sorted runs to: created in the store's directory (so it lives on
/// the store's file system, never in a small `/tmp`) and unlinked at once, so nothing of it remains after the import
/// ends, fails or is killed.
final class SortSpillFile {
    private let fd: Int32
    /// The input file being imported, named by errors.
    private let file: String
    /// Bytes written so far; the next run starts here.
    private(set) var size = 0

    /// A new, already unlinked file in `directory`.
    /// - Throws: ``ImportError`` (`.store`) when the directory does not accept it.
    init(directory: String, file: String) throws(ImportError) {
        self.file = file
        var template = Array((directory + "/.clientele-import-sort-XXXXXX").utf8CString)
        let opened = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard opened >= 0 else { throw Self.failure("create", errno, directory, file) }
        template.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { _ = unlink(base) }
        }
        fd = opened
    }

    deinit { POSIXCalls.closeFile(fd) }

    /// Appends `bytes`.
    /// - Throws: ``ImportError`` (`.store`), for example when the disk is full.
    func append(_ bytes: UnsafeRawBufferPointer) throws(ImportError) {
        let code = POSIXCalls.writeAll(fd, bytes)
        guard code == 0 else { throw Self.failure("write", code, nil, file) }
        size += bytes.count
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (0 at the end).
    /// - Throws: ``ImportError`` (`.store`) on a read error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(ImportError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = pread(fd, base, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw Self.failure("read", errno, nil, file)
        }
    }

    private static func failure(_ operation: String, _ code: Int32, _ directory: String?, _ file: String)
        -> ImportError
    {
        let place = directory.map { " in \($0)" } ?? ""
        return ImportError(
            kind: .store, file: file,
            reason: "cannot \(operation) the import's sort file\(place): \(POSIXCalls.message(code))")
    }
}
