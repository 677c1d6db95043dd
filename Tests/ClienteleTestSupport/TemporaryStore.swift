import Clientele
import Foundation

/// A store in a fresh temporary directory, removed when the value is dropped. Reopen it (to test persistence) with
/// `reopen()`, which drops every reference to the old store first.
public final class TemporaryStore {
    public let path: String
    public var options: StoreOptions
    public private(set) var store: Store!

    public init(options: StoreOptions = TemporaryStore.defaultOptions) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("clientele-test-\(UUID().uuidString)").path
        self.options = options
        store = try Store.open(at: path, options: options)
    }

    /// Small map, relaxed sync: fast tests that still exercise map growth.
    public static var defaultOptions: StoreOptions {
        var options = StoreOptions()
        options.environment.initialMapSize = 1 << 20
        options.environment.durability = .relaxed
        return options
    }

    /// Closes the store (for a child process to use the directory); `reopen()` opens it again.
    public func close() throws {
        store = nil
    }

    /// Closes the store and opens it again from disk.
    public func reopen() throws {
        store = nil
        store = try Store.open(at: path, options: options)
    }

    deinit {
        store = nil
        try? FileManager.default.removeItem(atPath: path)
    }
}
