#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLMDB

/// The identity of a directory: its device and inode, the same through any path or symlink that reaches it.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
}

/// The process-wide table of open environments. LMDB must never open one directory twice in a process (closing
/// either copy would drop the other's file locks), so a second open returns the live instance.
enum EnvironmentRegistry {
    private final class Entry: @unchecked Sendable {
        // @unchecked: read and written only under `open`'s lock.
        weak var environment: Environment?
        /// The LMDB handle, to recognize the entry after `environment` went nil.
        let handle: OpaquePointer
        /// The fork generation of the process that opened it.
        let forkGeneration: Int

        init(_ environment: Environment) {
            self.environment = environment
            handle = environment.handle
            forkGeneration = environment.forkGeneration
        }
    }

    private static let open = Locked<[FileIdentity: Entry]>([:])

    private enum Lookup {
        case found(Environment)
        /// The last reference is gone and its `deinit` has not yet closed the LMDB handle.
        case closing
    }

    /// Returns the live environment for `identity`, or creates one with `make` under the registry lock.
    ///
    /// An environment whose last reference is going away still has its LMDB handle open until its `deinit` reaches
    /// `closing`; opening the directory again before that would open it twice, and the late close would then drop
    /// the new handle's file locks. So a lookup that finds an entry in that state waits for the close.
    /// An environment inherited from a parent process (after `fork()`) is not returned: the child opens its own.
    static func environment(
        for identity: FileIdentity, path: String, options: EnvironmentOptions,
        make: () throws -> Environment
    ) throws -> Environment {
        while true {
            let lookup: Lookup = try open.withLock { table in
                let generation = ForkGeneration.current
                if let entry = table[identity], entry.forkGeneration == generation {
                    guard let existing = entry.environment else { return .closing }
                    guard existing.options == options else {
                        throw LMDBError.alreadyOpenWithDifferentOptions(path: path)
                    }
                    return .found(existing)
                }
                let environment = try make()
                table[identity] = Entry(environment)
                return .found(environment)
            }
            switch lookup {
            case .found(let environment): return environment
            case .closing: sched_yield()
            }
        }
    }

    /// Called from `Environment.deinit`: forgets the entry and closes the LMDB handle, under the registry lock so
    /// that a concurrent open of the same directory waits for the close. In a forked child, an environment inherited
    /// from the parent is not closed: LMDB forbids using the parent's handle after `fork()`.
    static func closing(_ environment: Environment) {
        open.withLock { table in
            if let entry = table[environment.identity], entry.handle == environment.handle {
                table[environment.identity] = nil
            }
            if environment.forkGeneration == ForkGeneration.current {
                MDB.envClose(environment.handle)
            }
        }
    }
}
