#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB
import Synchronization

/// The identity of a directory: its device and inode, the same through any path or symlink that reaches it.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
}

/// The process-wide table of open environments. LMDB must never open one directory twice in a process (closing
/// either copy would drop the other's file locks), so a second open returns the live instance.
enum EnvironmentRegistry {
    private final class WeakBox: @unchecked Sendable {
        weak var environment: Environment?
        init(_ environment: Environment) { self.environment = environment }
    }

    private static let open = Mutex<[FileIdentity: WeakBox]>([:])

    /// Returns the live environment for `identity`, or creates one with `make` under the registry lock.
    static func environment(
        for identity: FileIdentity, path: String, options: EnvironmentOptions,
        make: () throws -> Environment
    ) throws -> Environment {
        try open.withLock { table in
            if let existing = table[identity]?.environment {
                guard existing.options == options else {
                    throw LMDBError.alreadyOpenWithDifferentOptions(path: path)
                }
                return existing
            }
            let environment = try make()
            table[identity] = WeakBox(environment)
            return environment
        }
    }

    /// Called from `Environment.deinit`: forgets the entry and closes the LMDB handle, under the registry lock so
    /// that a concurrent open of the same directory waits for the close.
    static func closing(_ environment: Environment) {
        open.withLock { table in
            if let box = table[environment.identity], box.environment == nil {
                table[environment.identity] = nil
            }
            mdb_env_close(environment.handle)
        }
    }
}
