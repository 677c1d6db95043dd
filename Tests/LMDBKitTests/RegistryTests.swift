#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDBKit
import Synchronization
import Testing

// One environment per directory per process (RELIABILITY.md pitfall 5, test 11): LMDB must never open a directory
// twice in a process, so a second open returns the live instance, also through a symlink; closing happens when the
// last reference goes away.

/// Whether some other process holds a lock on the first byte of `file`, where LMDB keeps every open environment's
/// shared lock on lock.mdb. Meant to run in a forked child, which sees the parent's locks.
private func lockHeldByAnotherProcess(_ file: String) -> Bool {
    let fd = open(file, O_RDWR)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var lock = flock()
    lock.l_type = Int16(F_WRLCK)
    lock.l_whence = Int16(SEEK_SET)
    lock.l_start = 0
    lock.l_len = 1
    guard fcntl(fd, F_GETLK, &lock) == 0 else { return false }
    return lock.l_type != Int16(F_UNLCK)
}

private final class WeakEnvironment: @unchecked Sendable {
    // @unchecked: a weak reference is safe to load from any thread.
    weak var environment: Environment?
    init(_ environment: Environment?) { self.environment = environment }
}

@Suite("Environment registry")
struct RegistryTests {
    @Test("a second open of the same directory returns the same instance")
    func sameInstance() throws {
        try TemporaryEnvironment.with { temp in
            let again = try Environment.open(path: temp.path, options: temp.options)
            #expect(again === temp.env)
            // With a trailing slash and a dot segment: the same directory, the same instance.
            #expect(try Environment.open(path: temp.path + "/", options: temp.options) === temp.env)
            #expect(try Environment.open(path: temp.root.path + "/./env", options: temp.options) === temp.env)
        }
    }

    @Test("an open through a symlink returns the same instance")
    func throughSymlink() throws {
        try TemporaryEnvironment.with { temp in
            let link = temp.root.file("link")
            #expect(symlink(temp.path, link) == 0)
            let viaLink = try Environment.open(path: link, options: temp.options)
            #expect(viaLink === temp.env)
            // Data written through one is read through the other (it is one handle).
            let table = try viaLink.openTable("t", key: UInt64Key.self, value: StringValue.self)
            try viaLink.write { txn in try table.put("via link", for: 1, in: txn) }
            #expect(try temp.env.read { try table.get(1, in: $0) } == "via link")
        }
    }

    @Test("opening with different options throws alreadyOpenWithDifferentOptions")
    func differentOptions() throws {
        try TemporaryEnvironment.with { temp in
            var other = temp.options
            other.durability = .bulk
            #expect(throws: LMDBError.alreadyOpenWithDifferentOptions(path: temp.path)) {
                _ = try Environment.open(path: temp.path, options: other)
            }
            var readers = temp.options
            readers.maxReaders += 1
            let link = temp.root.file("link")
            #expect(symlink(temp.path, link) == 0)
            #expect(throws: LMDBError.alreadyOpenWithDifferentOptions(path: link)) {
                _ = try Environment.open(path: link, options: readers)
            }
            // The open instance is unaffected.
            #expect(temp.env.options == temp.options)
        }
    }

    @Test("after the last reference goes away, a reopen gets a new instance with other options and the data")
    func closeAndReopen() throws {
        try TemporaryEnvironment.with { temp in
            let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            try temp.env.write { txn in try table.put("kept", for: 1, in: txn) }
            var bulk = temp.options
            bulk.durability = .bulk
            let env = try temp.reopen(options: bulk)  // close() checked the old instance was deallocated
            #expect(env.options.durability == .bulk)
            let reopened = try env.openTable("t", key: UInt64Key.self, value: StringValue.self)
            #expect(try env.read { try reopened.get(1, in: $0) } == "kept")
        }
    }

    @Test("concurrent opens of one directory from 8 threads all get one instance")
    func concurrentOpens() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            let found = Mutex<[ObjectIdentifier]>([])
            let keep = Mutex<[Environment]>([])
            let failures = FailureLog()
            let group = ThreadGroup()
            for _ in 0..<8 {
                group.spawn {
                    do {
                        let env = try Environment.open(path: path)
                        keep.withLock { $0.append(env) }
                        found.withLock { $0.append(ObjectIdentifier(env)) }
                    } catch {
                        failures.record("\(error)")
                    }
                }
            }
            group.join()
            #expect(failures.all.isEmpty, "\(failures.summary)")
            #expect(Set(found.withLock { $0 }).count == 1)
        }
    }

    @Test("an open racing the close of the last instance waits for it, so the store keeps its file lock")
    func closeRacingOpenKeepsTheLock() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            for round in 0..<20 {
                var first: Environment? = try Environment.open(path: path)
                let probe = WeakEnvironment(first)
                let second = Mutex<Environment?>(nil)
                let failures = FailureLog()
                let ready = StopFlag()
                let group = ThreadGroup()
                group.spawn {
                    ready.set()
                    while probe.environment != nil { sched_yield() }  // the last reference is gone: closing began
                    do {
                        let env = try Environment.open(path: path)
                        second.withLock { $0 = env }
                    } catch {
                        failures.record("\(error)")
                    }
                }
                while !ready.isSet { sched_yield() }
                first = nil
                group.join()
                #expect(failures.all.isEmpty, "round \(round): \(failures.summary)")
                let lockFile = path + "/lock.mdb"
                let outcome = try forkChildRetryingHangs { lockHeldByAnotherProcess(lockFile) ? 0 : 1 }
                #expect(outcome == .exited(0), "round \(round): the process lost its lock on lock.mdb (\(outcome))")
                second.withLock { $0 = nil }
                _ = first
            }
        }
    }

    @Test("opens and closes racing from several threads never break the store")
    func openCloseRace() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("store")
            do {
                let env = try Environment.open(path: path)
                let table = try env.openTable("t", key: UInt64Key.self, value: UInt64Value.self)
                try env.write { txn in try table.put(0, for: 0, in: txn) }
            }
            let failures = FailureLog()
            let group = ThreadGroup()
            for thread in UInt64(0)..<4 {
                group.spawn {
                    for round in UInt64(0)..<100 {
                        do {
                            let env = try Environment.open(path: path)
                            let table = try env.openTable("t", key: UInt64Key.self, value: UInt64Value.self)
                            try env.write { txn in
                                let value = try table.get(0, in: txn) ?? 0
                                try table.put(value + 1, for: 0, in: txn)
                                try table.put(round, for: 1 + thread, in: txn)
                            }
                        } catch {
                            failures.record("thread \(thread) round \(round): \(error)")
                        }
                    }
                }
            }
            group.join()
            #expect(failures.all.isEmpty, "\(failures.summary)")
            let env = try Environment.open(path: path)
            let table = try env.openTable("t", key: UInt64Key.self, value: UInt64Value.self)
            #expect(try env.read { try table.get(0, in: $0) } == 400)
        }
    }
}
