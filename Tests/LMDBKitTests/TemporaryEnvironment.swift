#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LMDBKit
import Synchronization
import Testing

// Shared test support for LMDBKit: temporary environments, a seeded PRNG, thread helpers and fork helpers.

// MARK: - Temporary directories and environments

/// Errors raised by the helpers themselves (not by LMDBKit).
struct HelperError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A unique directory under `FileManager.default.temporaryDirectory`, created with mode 0700 (by `mkdtemp`, so the
/// umask cannot loosen it) and removed with everything in it by `remove()`.
final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base + "/lmdbkit-tests-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw HelperError("mkdtemp under \(base) failed: errno \(errno)") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// `path` + "/" + `name`.
    func file(_ name: String) -> String { path + "/" + name }

    /// Removes the directory tree, first making every directory in it writable again (tests change modes).
    func remove() {
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker {
                var info = stat()
                let full = path + "/" + relative
                if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { chmod(full, 0o700) }
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Removes `name` inside the directory (a file or a tree), ignoring errors.
    func removeItem(_ name: String) {
        try? FileManager.default.removeItem(atPath: file(name))
    }

    /// Runs `body` with a fresh directory and removes it afterwards, whether `body` returns or throws.
    @discardableResult
    static func with<R>(_ body: (TemporaryDirectory) throws -> R) throws -> R {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try body(directory)
    }
}

/// An `Environment` in its own temporary directory, which can be closed and reopened.
///
/// An `Environment` closes when its last reference goes away, so the helper holds the only reference the test does
/// not take itself. `close()` drops it and checks that the instance really went away, which fails loudly when a test
/// still holds a reference (a reopen would then return the same, still open, instance).
///
/// ```swift
/// try TemporaryEnvironment.with(options: options) { temp in
///     let table = try temp.env.openTable("t", key: UInt64Key.self, value: StringValue.self)
///     try temp.env.write { txn in try table.put("a", for: 1, in: txn) }
///     try temp.reopen()                          // closes, then opens the same directory again
/// }                                              // closed and removed here
/// ```
final class TemporaryEnvironment {
    /// The temporary directory that holds the environment directory (and room for copies, symlinks, …).
    let root: TemporaryDirectory
    /// The environment directory, `root/env`; `Environment.open` creates it.
    let path: String
    /// The options of the current (or last) open.
    private(set) var options: EnvironmentOptions
    private var current: Environment?

    /// Creates a temporary directory and opens an environment in it.
    init(options: EnvironmentOptions = EnvironmentOptions()) throws {
        root = try TemporaryDirectory()
        path = root.file("env")
        self.options = options
        do {
            current = try Environment.open(path: path, options: options)
        } catch {
            root.remove()
            throw error
        }
    }

    /// The open environment. Traps when it is closed (a helper misuse in the test, not a finding).
    var env: Environment {
        guard let current else { preconditionFailure("TemporaryEnvironment: the environment is closed") }
        return current
    }

    /// Whether the helper currently holds an open environment.
    var isOpen: Bool { current != nil }

    /// Drops the helper's reference and checks that the environment was closed (its instance deallocated).
    /// - Throws: `HelperError` when something else still holds the instance.
    func close() throws {
        guard current != nil else { return }
        weak let probe = current
        current = nil
        if probe != nil {
            throw HelperError("environment at \(path) is still referenced after close(); drop local references first")
        }
    }

    /// Closes (see `close()`), then opens the same directory again, with new options when given.
    @discardableResult
    func reopen(options newOptions: EnvironmentOptions? = nil) throws -> Environment {
        try close()
        if let newOptions { options = newOptions }
        let env = try Environment.open(path: path, options: options)
        current = env
        return env
    }

    /// Closes the environment (without checking for leftover references) and removes the directory.
    func remove() {
        current = nil
        root.remove()
    }

    /// Runs `body` with a fresh environment, then closes it and removes its directory, whether `body` returns or
    /// throws. References the closure took are released before the cleanup runs.
    @discardableResult
    static func with<R>(
        options: EnvironmentOptions = EnvironmentOptions(), _ body: (TemporaryEnvironment) throws -> R
    ) throws -> R {
        let temp = try TemporaryEnvironment(options: options)
        defer { temp.remove() }
        return try body(temp)
    }

    /// The async twin of `with`.
    @discardableResult
    static func with<R>(
        options: EnvironmentOptions = EnvironmentOptions(), _ body: (TemporaryEnvironment) async throws -> R
    ) async throws -> R {
        let temp = try TemporaryEnvironment(options: options)
        defer { temp.remove() }
        return try await body(temp)
    }
}

extension EnvironmentOptions {
    /// Default options with a different initial and maximum map size.
    static func mapSize(initial: Int, max: Int = 1 << 40) -> EnvironmentOptions {
        var options = EnvironmentOptions()
        options.initialMapSize = initial
        options.maxMapSize = max
        return options
    }
}

/// The permission bits (`st_mode & 0o7777`) of `path`, following symlinks.
func permissionBits(_ path: String) throws -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { throw HelperError("stat \(path) failed: errno \(errno)") }
    return info.st_mode & 0o7777
}

/// Formats a mode as octal, for messages.
func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }

// MARK: - Seeded randomness

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator. Every randomized test draws from one,
/// so a failure replays with the seed its message prints.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The run's base seed: `CLIENTELE_SEED` (decimal or `0x` hex) when set, otherwise random.
enum TestSeed {
    static let base: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["CLIENTELE_SEED"]?.trimmingCharacters(in: .whitespaces),
            !text.isEmpty
        {
            let parsed = text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            guard let parsed else { fatalError("CLIENTELE_SEED must be a UInt64 (decimal or 0x hex), got '\(text)'") }
            return parsed
        }
        return UInt64.random(in: .min ... .max)
    }()
}

/// A per-test generator: seeded from the base seed mixed with a fixed label, so tests do not share a stream and a
/// replay does not depend on which tests ran. `comment` goes into every failure message of a randomized test.
struct TestRandom: RandomNumberGenerator {
    /// The base seed to replay with.
    let seed: UInt64
    /// The label that was mixed in.
    let label: String
    private var generator: SplitMix64

    init(_ label: String, seed: UInt64 = TestSeed.base) {
        self.seed = seed
        self.label = label
        // FNV-1a over the label: stable across runs and platforms, unlike `Hasher`.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        generator = SplitMix64(seed: seed ^ hash)
    }

    mutating func next() -> UInt64 { generator.next() }

    /// "replay with CLIENTELE_SEED=…", for `#expect`/`#require` messages.
    var comment: Comment { Comment(rawValue: "[\(label)] replay with CLIENTELE_SEED=\(seed)") }

    /// `comment` followed by more detail.
    func comment(_ detail: String) -> Comment {
        Comment(rawValue: "[\(label)] replay with CLIENTELE_SEED=\(seed): \(detail)")
    }

    /// A fresh generator for another thread, derived from this one.
    mutating func fork(_ suffix: String) -> TestRandom {
        TestRandom(label + "/" + suffix, seed: seed)
    }
}

// MARK: - Threads

/// A set of OS threads (not tasks: LMDB transactions belong to threads) that can be joined.
final class ThreadGroup: Sendable {
    private let group = DispatchGroup()

    /// Starts `body` on a new thread.
    func spawn(name: String = "lmdbkit-test", _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread { [group] in
            body()
            group.leave()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for every spawned thread to finish.
    func join() { group.wait() }

    /// Waits at most `seconds` for every spawned thread; returns whether they all finished. Only a guard against
    /// deadlocks (a test that would otherwise hang forever), never a performance assertion.
    func join(deadlockGuard seconds: Int) -> Bool {
        group.wait(timeout: .now() + .seconds(seconds)) == .success
    }
}

/// A flag set once by one thread and polled by others.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func add(_ amount: Int = 1) { value.add(amount, ordering: .relaxed) }
    var count: Int { value.load(ordering: .acquiring) }
}

/// Collects failures seen on background threads (where `#expect` has no test to attach to), to check afterwards.
final class FailureLog: Sendable {
    private let entries = Mutex<[String]>([])

    func record(_ message: String) { entries.withLock { $0.append(message) } }

    var all: [String] { entries.withLock { $0 } }

    /// The first few entries, for a failure message.
    var summary: String {
        let all = self.all
        return all.isEmpty ? "none" : "\(all.count) failures, first: " + all.prefix(5).joined(separator: " | ")
    }
}

// MARK: - fork()

/// How a forked child ended.
enum ChildOutcome: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// It did not finish in time and was killed (for example it inherited a lock another thread held at fork time).
    case hung

    var description: String {
        switch self {
        case .exited(let code): return "exited with \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        case .hung: return "hung and was killed"
        }
    }
}

/// Forks the process. The child runs `child` and `_exit`s with the code it returns, without running any Swift
/// Testing machinery, atexit handlers or deinitializers of the parent's objects. The parent waits for the child
/// (killing it after `limit`, so a child that inherited a held lock cannot hang the suite) and returns how it ended.
///
/// Keep `child` to plain calls: the child has one thread, copied from a multi-threaded parent.
func forkChild(limit: Duration = .seconds(30), _ child: () -> Int32) throws -> ChildOutcome {
    let pid = fork()
    if pid < 0 { throw HelperError("fork failed: errno \(errno)") }
    if pid == 0 {
        _exit(child())
    }
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    var status: Int32 = 0
    while true {
        let waited = waitpid(pid, &status, WNOHANG)
        if waited == pid { break }
        if waited < 0 && errno != EINTR { throw HelperError("waitpid failed: errno \(errno)") }
        if clock.now >= deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            return .hung
        }
        usleep(1_000)
    }
    let signal = status & 0x7F
    if signal == 0 { return .exited((status >> 8) & 0xFF) }
    return .signaled(signal)
}

/// Runs `forkChild` again (up to `attempts` times in all) when the child hung, which only happens when it inherited
/// a lock that another test thread held at the moment of `fork()`; that is an artifact of forking a multi-threaded
/// test process, not the behaviour under test.
func forkChildRetryingHangs(
    attempts: Int = 3, limit: Duration = .seconds(15), _ child: () -> Int32
) throws -> ChildOutcome {
    var outcome = ChildOutcome.hung
    for _ in 0..<attempts {
        outcome = try forkChild(limit: limit, child)
        if outcome != .hung { return outcome }
    }
    return outcome
}

// MARK: - Bytes

/// LMDB's default key order (`memcmp` over the common length, then shorter first) as -1, 0 or 1.
func byteOrder(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a == b { return 0 }
    return a.lexicographicallyPrecedes(b) ? -1 : 1
}

/// -1, 0 or 1 for two comparable values.
func valueOrder<T: Comparable>(_ a: T, _ b: T) -> Int {
    a < b ? -1 : (a == b ? 0 : 1)
}

/// Hex for messages.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
}
