import Clientele
import Testing

/// A seeded SplitMix64 generator for randomized tests. Its seed is `CLIENTELE_SEED` when set, otherwise a new
/// random one, and `comment` names it, so a failure replays exactly.
///
/// ```swift
/// var generator = TestGenerator()
/// let n = Int.random(in: 1...100, using: &generator)
/// #expect(n > 0, generator.comment)
/// ```
public struct TestGenerator: RandomNumberGenerator {
    private var splitMix: SplitMix64
    /// The seed, as printed by `comment`.
    public let seed: UInt64

    /// A generator for `seed`, or for `TestSeed.fresh()` when nil.
    public init(seed: UInt64? = nil) {
        let chosen = seed ?? TestSeed.fresh()
        self.seed = chosen
        splitMix = SplitMix64(seed: chosen)
    }

    public mutating func next() -> UInt64 { splitMix.next() }

    /// A comment for `#expect` that names the seed.
    public var comment: Comment { TestSeed.comment(seed) }
}

/// A per-test generator seeded from the run's base seed mixed with a fixed label, so tests do not share a stream
/// and a replay does not depend on which tests ran. `comment` goes into every failure message of a randomized test.
public struct TestRandom: RandomNumberGenerator {
    /// The base seed to replay with.
    public let seed: UInt64
    /// The label that was mixed in.
    public let label: String
    private var generator: SplitMix64

    public init(_ label: String, seed: UInt64 = TestSeed.base) {
        self.seed = seed
        self.label = label
        // FNV-1a over the label: stable across runs and platforms, unlike `Hasher`.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        generator = SplitMix64(seed: seed ^ hash)
    }

    public mutating func next() -> UInt64 { generator.next() }

    /// "replay with CLIENTELE_SEED=…", for `#expect`/`#require` messages.
    public var comment: Comment { Comment(rawValue: "[\(label)] replay with CLIENTELE_SEED=\(seed)") }

    /// `comment` followed by more detail.
    public func comment(_ detail: String) -> Comment {
        Comment(rawValue: "[\(label)] replay with CLIENTELE_SEED=\(seed): \(detail)")
    }

    /// A fresh generator for another thread, derived from this one.
    public mutating func fork(_ suffix: String) -> TestRandom {
        TestRandom(label + "/" + suffix, seed: seed)
    }
}
