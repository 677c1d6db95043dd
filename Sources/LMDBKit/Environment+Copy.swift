#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB

extension Environment {
    /// Writes a consistent copy of the environment's data file to `file` (which must not exist), created with mode
    /// 0600 whatever the umask, then synced. With `compact`, free pages are left out, so deleted data is not copied.
    ///
    /// The copy holds a read transaction for its duration (`MDB.envCopy`).
    /// - Throws: `LMDBError.fileSystem` when the file cannot be created or synced; LMDB errors from the copy.
    public func copy(to file: String, compact: Bool) throws {
        try checkProcess()
        let fd = Glibc.open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LMDBError.fileSystem(operation: "open", path: file, errno: errno) }
        var closed = false
        defer { if !closed { close(fd) } }
        guard fchmod(fd, 0o600) == 0 else { throw LMDBError.fileSystem(operation: "fchmod", path: file, errno: errno) }
        // Pinned: a resize while LMDB copies from the map would make it read unmapped memory.
        try withMapPinned {
            try MDB.envCopy(handle, to: fd, compact: compact)
        }
        guard fsync(fd) == 0 else { throw LMDBError.fileSystem(operation: "fsync", path: file, errno: errno) }
        closed = true
        guard close(fd) == 0 else { throw LMDBError.fileSystem(operation: "close", path: file, errno: errno) }
    }
}
