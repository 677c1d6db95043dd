#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB

extension Environment {
    /// Opens (creating when missing) the environment in directory `path`.
    ///
    /// The directory is created with mode 0700 and the data and lock files with 0600, whatever the umask. An
    /// existing directory or file that others can write, or that another user owns, is refused. Reader slots left by
    /// dead processes are cleared. The flags are always `MDB_NOTLS`, plus `MDB_NOMETASYNC` for `.relaxed` and
    /// `MDB_NOSYNC` for `.bulk`; never `MDB_WRITEMAP`, `MDB_MAPASYNC`, `MDB_NOLOCK` or `MDB_NOMEMINIT`.
    ///
    /// Opening a directory that is already open in this process returns the same instance (the options must match).
    /// - Throws: `LMDBError.insecurePermissions`, `LMDBError.fileSystem` (the parent is missing, …),
    ///   `LMDBError.alreadyOpenWithDifferentOptions`, or `LMDBError.mdb` from `MDB.envOpen` (for example
    ///   `.invalid` for a file that is not an LMDB environment).
    public static func open(path: String, options: EnvironmentOptions = EnvironmentOptions()) throws -> Environment {
        try createPrivateDirectory(path)
        let identity = try secureIdentity(ofDirectory: path)
        return try EnvironmentRegistry.environment(for: identity, path: path, options: options) {
            let env = try MDB.envCreate()
            do {
                try MDB.envSetMapSize(env, min(options.initialMapSize, options.maxMapSize))
                try MDB.envSetMaxReaders(env, options.maxReaders)
                try MDB.envSetMaxDBs(env, options.maxTables)
                try MDB.envOpen(env, path, flags: flags(for: options.durability), mode: 0o600)
                try securePrivateFiles(in: path)
                let dead = try MDB.readerCheck(env)
                return Environment(handle: env, path: path, options: options, identity: identity, cleared: dead)
            } catch {
                MDB.envClose(env)
                throw error
            }
        }
    }

    /// The `MDB.envOpen` flags for a durability mode.
    static func flags(for durability: Durability) -> UInt32 {
        var flags = UInt32(MDB_NOTLS)
        switch durability {
        case .durable: break
        case .relaxed: flags |= UInt32(MDB_NOMETASYNC)
        case .bulk: flags |= UInt32(MDB_NOSYNC)
        }
        return flags
    }

    /// Creates `path` with mode 0700, and its missing parents with 0700 too (existing ones are left as they are).
    private static func createPrivateDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 && errno == ENOENT {
            let parent = parentDirectory(of: path)
            if !parent.isEmpty && parent != path { try createPrivateDirectory(parent) }
        }
        if mkdir(path, 0o700) == 0 {
            // mkdir applies the umask, which can only remove bits; chmod sets exactly 0700.
            guard chmod(path, 0o700) == 0 else { throw LMDBError.fileSystem(operation: "chmod", path: path, errno: errno) }
        } else if errno != EEXIST {
            throw LMDBError.fileSystem(operation: "mkdir", path: path, errno: errno)
        }
    }

    /// `path` without its last component ("" when there is none; "/" for a child of the root).
    private static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let parent = trimmed[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    private static func secureIdentity(ofDirectory path: String) throws -> FileIdentity {
        var info = stat()
        guard stat(path, &info) == 0 else { throw LMDBError.fileSystem(operation: "stat", path: path, errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw LMDBError.insecurePermissions(path: path, reason: "it is not a directory")
        }
        try checkOwnership(info, path: path)
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    private static func securePrivateFiles(in directory: String) throws {
        for name in ["data.mdb", "lock.mdb"] {
            let file = directory + "/" + name
            var info = stat()
            guard stat(file, &info) == 0 else { throw LMDBError.fileSystem(operation: "stat", path: file, errno: errno) }
            try checkOwnership(info, path: file)
            if info.st_mode & 0o077 != 0 {
                guard chmod(file, 0o600) == 0 else {
                    throw LMDBError.fileSystem(operation: "chmod", path: file, errno: errno)
                }
            }
        }
    }

    private static func checkOwnership(_ info: stat, path: String) throws {
        guard info.st_uid == geteuid() else {
            throw LMDBError.insecurePermissions(path: path, reason: "it is owned by another user")
        }
        guard info.st_mode & 0o022 == 0 else {
            throw LMDBError.insecurePermissions(path: path, reason: "it is writable by group or others")
        }
    }
}
