#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LMDBKit

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
public final class TemporaryEnvironment {
    /// The temporary directory that holds the environment directory (and room for copies, symlinks, …).
    public let root: TemporaryDirectory
    /// The environment directory, `root/env`; `Environment.open` creates it.
    public let path: String
    /// The options of the current (or last) open.
    public private(set) var options: EnvironmentOptions
    private var current: Environment?

    /// Creates a temporary directory and opens an environment in it.
    public init(options: EnvironmentOptions = EnvironmentOptions()) throws {
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
    public var env: Environment {
        guard let current else { preconditionFailure("TemporaryEnvironment: the environment is closed") }
        return current
    }

    /// Whether the helper currently holds an open environment.
    public var isOpen: Bool { current != nil }

    /// Drops the helper's reference and checks that the environment was closed (its instance deallocated).
    /// - Throws: `HelperError` when something else still holds the instance.
    public func close() throws {
        guard current != nil else { return }
        weak let probe = current
        current = nil
        if probe != nil {
            throw HelperError("environment at \(path) is still referenced after close(); drop local references first")
        }
    }

    /// Closes (see `close()`), then opens the same directory again, with new options when given.
    @discardableResult
    public func reopen(options newOptions: EnvironmentOptions? = nil) throws -> Environment {
        try close()
        if let newOptions { options = newOptions }
        let env = try Environment.open(path: path, options: options)
        current = env
        return env
    }

    /// Closes the environment (without checking for leftover references) and removes the directory.
    public func remove() {
        current = nil
        root.remove()
    }

    /// Runs `body` with a fresh environment, then closes it and removes its directory, whether `body` returns or
    /// throws. References the closure took are released before the cleanup runs.
    @discardableResult
    public static func with<R>(
        options: EnvironmentOptions = EnvironmentOptions(), _ body: (TemporaryEnvironment) throws -> R
    ) throws -> R {
        let temp = try TemporaryEnvironment(options: options)
        defer { temp.remove() }
        return try body(temp)
    }

    /// The async twin of `with`.
    @discardableResult
    public static func with<R>(
        options: EnvironmentOptions = EnvironmentOptions(), _ body: (TemporaryEnvironment) async throws -> R
    ) async throws -> R {
        let temp = try TemporaryEnvironment(options: options)
        defer { temp.remove() }
        return try await body(temp)
    }
}

extension EnvironmentOptions {
    /// Default options with a different initial and maximum map size.
    public static func mapSize(initial: Int, max: Int = 1 << 40) -> EnvironmentOptions {
        var options = EnvironmentOptions()
        options.initialMapSize = initial
        options.maxMapSize = max
        return options
    }
}
