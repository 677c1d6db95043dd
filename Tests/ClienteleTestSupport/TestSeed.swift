import Foundation
import Testing

/// The one place a test's random seed comes from: `CLIENTELE_SEED` (decimal or `0x` hex) when set, so a failure
/// replays exactly with the seed its message prints, otherwise a random one.
public enum TestSeed {
    /// The seed `CLIENTELE_SEED` names, or nil when it is unset or empty. Traps on a value that is not a `UInt64`
    /// (a mistyped replay must not silently run another seed).
    public static let fromEnvironment: UInt64? = {
        guard let text = ProcessInfo.processInfo.environment["CLIENTELE_SEED"]?.trimmingCharacters(in: .whitespaces),
              !text.isEmpty
        else { return nil }
        let parsed = text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let parsed else { fatalError("CLIENTELE_SEED must be a UInt64 (decimal or 0x hex), got '\(text)'") }
        return parsed
    }()

    /// The run's base seed: `CLIENTELE_SEED`, or one random seed for the whole process.
    public static let base: UInt64 = fromEnvironment ?? UInt64.random(in: 1 ... .max)

    /// `CLIENTELE_SEED`, or a new random seed on every call (each randomized test prints the one it used).
    public static func fresh() -> UInt64 { fromEnvironment ?? UInt64.random(in: 1 ... .max) }

    /// "seed N (replay with CLIENTELE_SEED=N)", for `#expect`/`#require` messages.
    public static func comment(_ seed: UInt64) -> Comment { "seed \(seed) (replay with CLIENTELE_SEED=\(seed))" }
}
