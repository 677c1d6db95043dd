#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Clientele
import Foundation

/// `clientele compact`: rewrite the store without free pages, verified, swapped in safely.
struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Rewrite the store file without free pages (removes erased bytes), verify it, and swap it in.",
        discussion: """
            1. A compacted copy is written next to the store (mode 0600, LMDB's mdb_env_copyfd2 with MDB_CP_COMPACT),
               inside DIR/.compact-PID.
            2. The copy is opened and verified; its counts must equal the store's.
            3. The swap takes LMDB's exclusive lock on lock.mdb: it is refused (exit 74) while another process has \
            the store open, and when data.mdb changed since the copy started. Processes that open the store during \
            the swap wait for it. The copy then replaces data.mdb with one rename(2), and the store is reopened once \
            to reset the lock file.

            Single-process assumption: nothing else may write to the store while compact runs; a writer is \
            detected and the swap refused rather than losing its writes, but run compact when the store is idle.
            """
    )

    @OptionGroup var storeSelection: StoreSelection

    func run() throws {
        try CommandRunner.run {
            let path = storeSelection.path
            let dataFile = path + "/data.mdb"
            guard access(dataFile, F_OK) == 0 else { throw ClienteleError.storeMissing(path: path) }
            Self.removeStaleWorkDirectories(in: path)
            let work = path + "/.compact-\(getpid())"
            guard mkdir(work, 0o700) == 0 else {
                throw CLIError(.store, "cannot create '\(work)': \(String(cString: strerror(errno)))")
            }
            defer { Self.removeDirectory(work) }

            let before = try Self.copy(path: path, to: work + "/data.mdb")
            let copyCounts = try Self.verifyCopy(work)
            guard copyCounts == before.counts else {
                throw CLIError(.store, "the compacted copy does not hold the same records; the store is unchanged")
            }
            unlink(work + "/lock.mdb")

            let lockFD = open(path + "/lock.mdb", O_RDWR | O_CLOEXEC)
            guard lockFD >= 0 else {
                throw CLIError(.store, "cannot open the lock file: \(String(cString: strerror(errno)))")
            }
            defer { close(lockFD) }
            guard Self.lockExclusively(lockFD) else {
                throw CLIError(.store, "the store is open in another process; close it and run compact again")
            }
            guard Self.fileStamp(dataFile) == before.stamp else {
                throw CLIError(.store, "the store changed while it was being compacted; run compact again")
            }
            guard rename(work + "/data.mdb", dataFile) == 0 else {
                throw CLIError(.store, "cannot swap in the compacted file: \(String(cString: strerror(errno)))")
            }
            Self.syncDirectory(path)
            // Reopening while holding the lock makes this process LMDB's exclusive opener, which resets the lock
            // file (its transaction id belongs to the old file) before anyone else can use it.
            let after = try Self.reopen(path)
            guard after == before.counts else {
                throw CLIError(.store, "the swapped-in store does not hold the same records; run verify")
            }
            let newSize = Self.fileStamp(dataFile)?.size ?? 0
            Console.out.line(
                "compacted: \(Format.bytes(before.stamp?.size ?? 0)) -> \(Format.bytes(newSize)) "
                    + "(verified: \(after.customers) customers, \(after.purchases) purchases)")
        }
    }

    struct Counts: Equatable {
        var customers: Int
        var purchases: Int
    }

    struct Stamp: Equatable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
    }

    /// Opens the store, notes its file's stamp, writes the compacted copy, and closes it.
    private static func copy(path: String, to file: String) throws -> (counts: Counts, stamp: Stamp?) {
        let store = try Store.openExisting(at: path, options: StoreSelection.options(durability: .durable))
        let stamp = fileStamp(path + "/data.mdb")
        let counts = try store.read { try $0.counts() }
        do {
            try store.copyDataFile(to: file, compact: true)
        } catch {
            throw CLIError(.store, "the compacted copy failed: \(error)")
        }
        return (Counts(customers: counts.customers, purchases: counts.purchases), stamp)
    }

    /// Opens the copy as a store, verifies it, and closes it.
    private static func verifyCopy(_ directory: String) throws -> Counts {
        let copy = try Store.openExisting(at: directory, options: StoreSelection.options(durability: .durable))
        let report = try copy.verify()
        guard report.isClean else {
            throw CLIError(
                .store, "the compacted copy does not verify (\(report.differences.count) differences); "
                    + "the store is unchanged; run verify on it")
        }
        let counts = try copy.read { try $0.counts() }
        return Counts(customers: counts.customers, purchases: counts.purchases)
    }

    private static func reopen(_ path: String) throws -> Counts {
        let store = try Store.openExisting(at: path, options: StoreSelection.options(durability: .durable))
        let counts = try store.read { try $0.counts() }
        return Counts(customers: counts.customers, purchases: counts.purchases)
    }

    /// LMDB's exclusive lock: a write lock on byte 0 of lock.mdb, which every process with the store open holds
    /// shared.
    private static func lockExclusively(_ fd: Int32) -> Bool {
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 1
        while true {
            if fcntl(fd, F_SETLK, &lock) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    static func fileStamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(
            size: Int(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino))
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Removes work directories left by an interrupted compact (whose process no longer exists).
    private static func removeStaleWorkDirectories(in path: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries where entry.hasPrefix(".compact-") {
            if let pid = Int32(entry.dropFirst(".compact-".count)), kill(pid, 0) == 0 || errno == EPERM { continue }
            removeDirectory(path + "/" + entry)
        }
    }

    private static func removeDirectory(_ path: String) {
        unlink(path + "/data.mdb")
        unlink(path + "/lock.mdb")
        rmdir(path)
    }
}
