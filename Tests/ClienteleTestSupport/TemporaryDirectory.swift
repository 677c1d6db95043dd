#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Errors raised by the test helpers themselves (not by the code under test).
public struct HelperError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A unique directory under the temporary directory, created with mode 0700 (by `mkdtemp`, so the umask cannot
/// loosen it) and removed with everything in it when the value goes away, by `remove()`, or, for one shared by
/// tests (`removeAtExit`), when the process exits.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String
    private let removeAtExit: Bool

    public init(removeAtExit: Bool = false) throws {
        self.removeAtExit = removeAtExit
        // A shared one is named after this process, so that a later run removes it if this one ends without atexit.
        if removeAtExit { ExitCleanup.removeStale() }
        let base = FileManager.default.temporaryDirectory.path
        let prefix = removeAtExit ? "clientele-shared-\(getpid())-" : "clientele-test-"
        var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw HelperError("mkdtemp under \(base) failed: errno \(errno)") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if removeAtExit { ExitCleanup.register(path) }
    }

    /// `path` + "/" + `name`.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `contents` to a file in the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Array(contents.utf8))
    }

    /// Writes bytes to a file in the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Removes the directory tree, first making every directory in it writable again (tests change modes).
    public func remove() { Self.removeTree(path) }

    /// Removes `name` inside the directory (a file or a tree), ignoring errors.
    public func removeItem(_ name: String) {
        try? FileManager.default.removeItem(atPath: file(name))
    }

    /// Runs `body` with a fresh directory and removes it afterwards, whether `body` returns or throws.
    @discardableResult
    public static func with<R>(_ body: (TemporaryDirectory) throws -> R) throws -> R {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try body(directory)
    }

    deinit { if !removeAtExit { Self.removeTree(path) } }

    static func removeTree(_ path: String) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker {
                var info = stat()
                let full = path + "/" + relative
                if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { chmod(full, 0o700) }
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Directories removed when the test process exits.
enum ExitCleanup {
    private static let paths = LockedPaths()
    private static let installed: Void = { atexit { ExitCleanup.removeAll() } }()

    static func register(_ path: String) {
        _ = installed
        paths.append(path)
    }

    /// Removes shared directories of test processes that no longer exist.
    static func removeStale() {
        let base = FileManager.default.temporaryDirectory.path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for entry in entries where entry.hasPrefix("clientele-shared-") {
            let fields = entry.split(separator: "-")
            guard fields.count > 2, let pid = Int32(fields[2]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + "/" + entry) }
        }
    }

    static func removeAll() {
        for path in paths.takeAll() { try? FileManager.default.removeItem(atPath: path) }
    }
}

private final class LockedPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    func append(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.append(path)
    }

    func takeAll() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        defer { paths.removeAll() }
        return paths
    }
}

/// The permission bits (`st_mode & 0o7777`) of `path`, following symlinks.
public func permissionBits(_ path: String) throws -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { throw HelperError("stat \(path) failed: errno \(errno)") }
    return info.st_mode & 0o7777
}

/// Formats a mode as octal, for messages.
public func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }
