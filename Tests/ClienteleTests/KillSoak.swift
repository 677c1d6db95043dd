import Foundation
import Testing

/// A SIGKILL soak over one store: round after round, a `clientele-torture MODE STORE` child is started and killed
/// at a random moment, and the test checks what it left. The store is closed in this process (the children open
/// it) and removed with the soak; the delays come from `random`, whose seed `comment` names.
///
/// ```swift
/// let soak = try KillSoak(roundsVariable: "CLIENTELE_KILLS", defaultRounds: 200)
/// try soak.run("writer", delay: 2_000...50_000) { round, child in
///     let store = try Store.open(at: soak.path)
///     #expect(try store.verify().isClean, "round \(round) \(soak.comment)")
/// }
/// ```
final class KillSoak {
    /// The `clientele-torture` executable.
    let torture: String
    /// How many children are killed.
    let rounds: Int
    /// The store's directory.
    let path: String
    private let temporary: TemporaryStore
    private var random = TestGenerator()

    /// A soak of `rounds` from the environment variable `roundsVariable`, else `defaultRounds`, over a new store.
    /// - Throws: `ChildProcessError.notBuilt` without `clientele-torture`; the store's errors.
    init(roundsVariable: String, defaultRounds: Int) throws {
        torture = try builtProduct("clientele-torture")
        rounds = Int(ProcessInfo.processInfo.environment[roundsVariable] ?? "") ?? defaultRounds
        temporary = try TemporaryStore()
        path = temporary.path
        try temporary.close()
    }

    /// The seed of the delays, for `#expect` messages.
    var comment: Comment { random.comment }

    /// Runs the rounds: `clientele-torture mode path`, killed with SIGKILL after a random `delay` (microseconds),
    /// then `check(round, child)`.
    /// - Throws: what starting a child or `check` throws.
    func run(_ mode: String, delay: ClosedRange<UInt32>, check: (_ round: Int, _ child: ChildProcess) throws -> Void)
        throws
    {
        for round in 0..<rounds {
            let child = try ChildProcess(torture, [mode, path])
            usleep(UInt32.random(in: delay, using: &random))
            child.kill()
            try check(round, child)
        }
    }

    /// Whether `round` is one where the whole store is verified: every `interval`-th, and the last.
    func verifiesStore(after round: Int, every interval: Int) -> Bool {
        round % interval == interval - 1 || round == rounds - 1
    }
}
