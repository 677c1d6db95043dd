import ArgumentParser
import Clientele
import Foundation

/// `--store DIR`, else `CLIENTELE_STORE`, else `./clientele-store`.
struct StoreSelection: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store directory (default: $CLIENTELE_STORE, else ./clientele-store).", valueName: "DIR"))
    var store: String?

    @Flag(name: .long, help: """
        Write without the lifecycle change feed (no events; the next open with the feed rebuilds its baseline, \
        without events for what changed meanwhile).
        """)
    var noChangeFeed = false

    /// The directory chosen.
    var path: String {
        if let store { return store }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CLIENTELE_STORE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "./clientele-store"
    }

    /// Opens the existing store; never creates one.
    func openExisting() throws -> Store {
        try Store.openExisting(at: path, options: withFeedChoice(Self.options(durability: .durable)))
    }

    /// Opens the store, creating it when missing (imports). Commits do not wait for the meta page to reach the
    /// disk (`relaxed`): a system crash may undo the last batches but never corrupts, and a re-run restores them.
    func openOrCreate() throws -> Store {
        try Store.open(at: path, options: withFeedChoice(Self.options(durability: .relaxed)))
    }

    private func withFeedChoice(_ options: StoreOptions) -> StoreOptions {
        var options = options
        options.changeFeed.enabled = !noChangeFeed
        return options
    }

    static func options(durability: Durability) -> StoreOptions {
        var options = StoreOptions()
        options.environment.durability = durability
        return options
    }
}
