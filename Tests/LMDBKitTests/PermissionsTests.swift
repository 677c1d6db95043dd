#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDBKit
import Testing

// File permissions of a store that holds customer PII: the directory is 0700 and data.mdb, lock.mdb and copies are
// 0600 whatever the umask; a directory or file that others can write is refused (RELIABILITY.md §5, test 22).

/// Runs `body` with the process umask set to `mask`, restoring the previous one afterwards. The umask is
/// process-wide, so this is kept to the few calls that create files; the helpers themselves do not depend on it.
private func withUmask<R>(_ mask: mode_t, _ body: () throws -> R) rethrows -> R {
    let previous = umask(mask)
    defer { umask(previous) }
    return try body()
}

/// Creates an empty file, mode 0600, at `path`.
private func createEmptyFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let fd = open(path, O_CREAT | O_WRONLY, 0o600)
    #expect(fd >= 0, sourceLocation: sourceLocation)
    close(fd)
}

private func expectInsecure(_ path: String, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("opening \(path) succeeded, expected LMDBError.insecurePermissions", sourceLocation: sourceLocation)
    } catch LMDBError.insecurePermissions {
        // expected
    } catch {
        Issue.record("expected LMDBError.insecurePermissions, got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Permissions")
struct PermissionsTests {
    @Test("under umask 000 the directory is 0700 and data.mdb, lock.mdb and copies are 0600")
    func privateModesUnderZeroUmask() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            try withUmask(0) {
                let env = try Environment.open(path: path)
                let table = try env.openTable("customers", key: UInt64Key.self, value: StringValue.self)
                try env.write { txn in
                    for id in 1...100 { try table.put("customer \(id)", for: UInt64(id), in: txn) }
                }
                try env.copy(to: root.file("backup.mdb"), compact: false)
                try env.copy(to: root.file("compact.mdb"), compact: true)
            }
            let directoryMode = try permissionBits(path)
            #expect(directoryMode == 0o700, "directory is \(octal(directoryMode))")
            for file in ["data.mdb", "lock.mdb"] {
                let mode = try permissionBits(path + "/" + file)
                #expect(mode == 0o600, "\(file) is \(octal(mode))")
            }
            for file in ["backup.mdb", "compact.mdb"] {
                let mode = try permissionBits(root.file(file))
                #expect(mode == 0o600, "copy \(file) is \(octal(mode))")
            }
        }
    }

    @Test("under umask 022 the modes are the same")
    func privateModesUnderDefaultUmask() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            try withUmask(0o022) {
                let env = try Environment.open(path: path)
                try env.copy(to: root.file("backup.mdb"), compact: true)
            }
            #expect(try permissionBits(path) == 0o700)
            #expect(try permissionBits(path + "/data.mdb") == 0o600)
            #expect(try permissionBits(path + "/lock.mdb") == 0o600)
            #expect(try permissionBits(root.file("backup.mdb")) == 0o600)
        }
    }

    @Test("an existing directory that group or others can write is refused", arguments: [0o777, 0o770, 0o702, 0o720])
    func writableDirectoryRefused(mode: Int) throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            #expect(mkdir(path, 0o700) == 0)
            #expect(chmod(path, mode_t(mode)) == 0)
            expectInsecure(path) { _ = try Environment.open(path: path) }
            // Nothing was created inside.
            #expect(access(path + "/data.mdb", F_OK) != 0)
        }
    }

    @Test("an existing private directory is accepted, and readable-only bits do not matter")
    func privateExistingDirectoryAccepted() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            #expect(mkdir(path, 0o700) == 0)
            #expect(chmod(path, 0o755) == 0)
            let env = try Environment.open(path: path)
            #expect(env.path == path)
        }
    }

    @Test("a data file that group or others can write is refused on open")
    func writableDataFileRefused() throws {
        try TemporaryEnvironment.with { temp in
            try temp.close()
            #expect(chmod(temp.path + "/data.mdb", 0o666) == 0)
            expectInsecure(temp.path) { try temp.reopen() }
            #expect(chmod(temp.path + "/data.mdb", 0o600) == 0)
            #expect(chmod(temp.path + "/lock.mdb", 0o620) == 0)
            expectInsecure(temp.path) { try temp.reopen() }
            // Once fixed, it opens again.
            #expect(chmod(temp.path + "/lock.mdb", 0o600) == 0)
            try temp.reopen()
        }
    }

    @Test("a readable data file is tightened to 0600 on open")
    func readableDataFileTightened() throws {
        try TemporaryEnvironment.with { temp in
            try temp.close()
            #expect(chmod(temp.path + "/data.mdb", 0o644) == 0)
            #expect(chmod(temp.path + "/lock.mdb", 0o640) == 0)
            try temp.reopen()
            #expect(try permissionBits(temp.path + "/data.mdb") == 0o600)
            #expect(try permissionBits(temp.path + "/lock.mdb") == 0o600)
        }
    }

    @Test("a path that is a file, not a directory, is refused")
    func fileInsteadOfDirectory() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("not-a-directory")
            createEmptyFile(path)
            expectInsecure(path) { _ = try Environment.open(path: path) }
        }
    }

    // Missing parents are created (MissingParentsTests); a parent that is a file cannot be.
    @Test("a parent that is a file is a file-system error")
    func parentIsAFile() throws {
        try TemporaryDirectory.with { root in
            createEmptyFile(root.file("plain"))
            #expect {
                _ = try Environment.open(path: root.file("plain/store"))
            } throws: { error in
                guard case LMDBError.fileSystem(let operation, _, let code) = error else { return false }
                return operation == "mkdir" && code == ENOTDIR
            }
        }
    }
}
