import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// A store in a fresh temporary directory, removed when the value is dropped. Reopen it (to test persistence) with
/// `reopen()`, which drops every reference to the old store first.
final class TemporaryStore {
    let path: String
    var options: StoreOptions
    private(set) var store: Store!

    init(options: StoreOptions = TemporaryStore.defaultOptions) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("clientele-test-\(UUID().uuidString)").path
        self.options = options
        store = try Store.open(at: path, options: options)
    }

    /// Small map, relaxed sync: fast tests that still exercise map growth.
    static var defaultOptions: StoreOptions {
        var options = StoreOptions()
        options.environment.initialMapSize = 1 << 20
        options.environment.durability = .relaxed
        return options
    }

    /// Closes the store (for a child process to use the directory); `reopen()` opens it again.
    func close() throws {
        store = nil
    }

    /// Closes the store and opens it again from disk.
    func reopen() throws {
        store = nil
        store = try Store.open(at: path, options: options)
    }

    deinit {
        store = nil
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A seeded SplitMix64 generator. The seed comes from `CLIENTELE_SEED` when set, so a failure replays exactly.
struct SeededGenerator: RandomNumberGenerator {
    private(set) var state: UInt64
    let seed: UInt64

    init(seed: UInt64? = nil) {
        let chosen = seed ?? ProcessInfo.processInfo.environment["CLIENTELE_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        self.seed = chosen
        state = chosen
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A comment for `#expect` that names the seed.
    var comment: Comment { "seed \(seed) (replay with CLIENTELE_SEED=\(seed))" }
}

/// An instant from a civil date and time (UTC).
func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0) -> Instant {
    let base = Instant(day: Day(year: year, month: month, day: day)!).microseconds
    return Instant(microseconds: base + Int64(hour * 3600 + minute * 60) * 1_000_000)
}

/// Money from whole currency units and cents.
func money(_ cents: Int64) -> Money { Money(minorUnits: cents) }

/// Every field of a fixture file in Tests/ClienteleTests/Fixtures.
func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}
