#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// An import killed with SIGKILL at a random moment after it started committing, then run again, ends in exactly
/// the state of one clean import.
@Suite("Import killed midway and resumed")
struct KillResumeTests {
    struct Input: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    /// Generated purchases (order ids, refunds naming their order) and the CDNOW sample (no order ids: derived ones).
    static let inputs = [
        Input(name: "generated purchases with order ids and refunds", arguments: []),
        Input(name: "CDNOW sample without order ids", arguments: ["--format", "cdnow"]),
    ]

    @Test("kill, resume, compare with a clean import", arguments: inputs)
    func killAndResume(_ input: Input) throws {
        let dir = try TemporaryDirectory()
        let (importArguments, clean, reference) = try Self.cleanImport(
            of: input, in: dir, customers: 1500, seed: 7, batchSize: 250)

        // Killed after its first commit, at a random moment.
        let killed = dir.file("killed")
        var random = SystemRandomNumberGenerator()
        let delay = UInt32.random(in: 0...150_000, using: &random)
        let child = try CLI.spawn(importArguments + ["--store", killed])
        var committed = false
        for _ in 0..<6_000 where !committed {
            committed = child.stderrSoFar.split(separator: "\n").contains { line in
                line.contains(" committed") && !line.contains(" 0 committed")
            }
            if !committed { usleep(5_000) }
        }
        #expect(committed, "the import never committed a batch")
        usleep(delay)
        child.kill()
        let outcome = try child.wait()
        let comment: Comment = "killed \(delay) µs after the first commit"
        // It may have finished before the signal landed; then the run below finds only duplicates.
        if outcome.signaled { #expect(outcome.status == SIGKILL, comment) }

        try Self.expectResumedEqualsClean(importArguments, killed: killed, clean: clean, reference: reference, comment)
    }

    /// Killed again and again at random moments, then run to completion: always one clean import. About a third of
    /// the kills come in the first 40 ms (process start, store creation, the first batch); the others once the run
    /// has committed a random share of the file (increasing from kill to kill, so that the kills spread over the
    /// whole import: a resumed run goes quickly through what is already stored) plus up to 15 ms, i.e. inside or
    /// between batches. Kills per input: `CLIENTELE_IMPORT_KILLS` (default 6); replay with `CLIENTELE_SEED`.
    @Test("killed at random moments several times, then resumed: equal to one clean import", arguments: inputs)
    func killedRepeatedly(_ input: Input) throws {
        let dir = try TemporaryDirectory()
        let (importArguments, clean, reference) = try Self.cleanImport(
            of: input, in: dir, customers: 600, seed: 11, batchSize: 100)
        let total = try #require(Int(keyValues(reference.stdout)["rows read"] ?? ""))

        let seed = TestSeed.fresh()
        var random = KillSchedule(seed: seed)
        let kills = Int(ProcessInfo.processInfo.environment["CLIENTELE_IMPORT_KILLS"] ?? "") ?? 6
        let shares = (0..<kills).map { _ in Double.random(in: 0.02...0.95, using: &random) }.sorted()
        let killed = dir.file("killed")
        var moments: [String] = []
        var signaled = 0
        for round in 0..<kills {
            let child = try CLI.spawn(importArguments + ["--store", killed])
            var moment: String
            if Int.random(in: 0..<3, using: &random) == 0 {
                let delay = UInt32.random(in: 0...40_000, using: &random)
                usleep(delay)
                moment = "\(delay / 1000) ms after the start"
            } else {
                let target = Int(shares[round] * Double(total))
                var committed = 0
                for _ in 0..<20_000 where committed < target && !Self.finished(child) {
                    committed = Self.committedRows(child.stderrSoFar)
                    if committed < target { usleep(1_000) }
                }
                let delay = UInt32.random(in: 0...15_000, using: &random)
                usleep(delay)
                moment = "\(delay / 1000) ms after \(committed) of \(total) rows committed"
            }
            child.kill()
            let outcome = try child.wait()
            if outcome.signaled { signaled += 1 } else {
                moment += " (had finished)"
                #expect(outcome.status == 0, "round \(round): \(outcome)")
            }
            moments.append(moment)
            // Whatever the moment, the store left behind (if the kill came after it was created) verifies clean.
            if FileManager.default.fileExists(atPath: killed + "/data.mdb") {
                let verify = try CLI.run(["verify", "--store", killed])
                #expect(verify.status == 0, "after the kill \(moment), seed \(seed): \(verify)")
            }
        }
        let comment: Comment = "kills at \(moments), seed \(seed) (replay with CLIENTELE_SEED=\(seed))"
        print("import killed \(signaled) of \(kills) times (\(input.name)): \(moments)")

        try Self.expectResumedEqualsClean(importArguments, killed: killed, clean: clean, reference: reference, comment)
    }
}

extension KillResumeTests {
    /// The input's file (generated in `dir` for the generated input) imported once, cleanly, into `dir/clean`: the
    /// import's arguments (without `--store`), the clean store's path and the reference run.
    static func cleanImport(
        of input: Input, in dir: TemporaryDirectory, customers: Int, seed: Int, batchSize: Int
    ) throws -> (importArguments: [String], clean: String, reference: CLI.Result) {
        let file: String
        if input.arguments.isEmpty {
            let generated = try CLI.run(["generate", "--customers", "\(customers)", "--seed", "\(seed)",
                                         "--end", "2025-06-30", "--out", dir.file("data"), "--quiet"])
            #expect(generated.status == 0, "\(generated)")
            file = dir.file("data/purchases.csv")
        } else {
            file = try Fixtures.path("CDNOW_sample.txt")
        }
        let importArguments = ["import", "purchases", "--batch-size", "\(batchSize)", "--progress-interval", "0"]
            + input.arguments + [file]
        let clean = dir.file("clean")
        let reference = try CLI.run(importArguments + ["--store", clean])
        #expect(reference.status == 0, "\(reference)")
        return (importArguments, clean, reference)
    }

    /// Runs the import to completion on the killed store and checks it against the clean one: every row read,
    /// everything committed before the kills found again as a duplicate (nothing stored twice), the same stats,
    /// summary and RFM table, and a clean verify.
    static func expectResumedEqualsClean(
        _ importArguments: [String], killed: String, clean: String, reference: CLI.Result, _ comment: Comment
    ) throws {
        let resumed = try CLI.run(importArguments + ["--store", killed])
        #expect(resumed.status == 0, "\(resumed)\n\(comment)")
        let rows = keyValues(resumed.stdout)
        let referenceRows = keyValues(reference.stdout)
        #expect(rows["rows read"] == referenceRows["rows read"], comment)
        #expect((Int(rows["imported"] ?? "") ?? -1) + (Int(rows["duplicates"] ?? "") ?? -1)
                    == Int(referenceRows["imported"] ?? ""), comment)
        for command in [["stats"], ["summary", "--as-of", "2025-06-30"], ["rfm", "--as-of", "2025-06-30"]] {
            let a = try CLI.run(command + ["--store", clean, "--output", "csv"])
            let b = try CLI.run(command + ["--store", killed, "--output", "csv"])
            #expect(a.status == 0 && b.status == 0, "\(a)\n\(b)")
            if command == ["stats"] {
                #expect(StatsSnapshot(a.stdout) == StatsSnapshot(b.stdout), comment)
            } else {
                #expect(a.stdout == b.stdout, "\(command[0]) differs; \(comment)")
            }
        }
        let verify = try CLI.run(["verify", "--store", killed])
        #expect(verify.status == 0, "\(verify)")
    }

    /// The largest "N committed" of the import's progress lines.
    static func committedRows(_ stderr: String) -> Int {
        var best = 0
        for line in stderr.split(separator: "\n") {
            guard let range = line.range(of: " committed") else { continue }
            let number = line[..<range.lowerBound].split(separator: " ").last.flatMap { Int($0) } ?? 0
            best = max(best, number)
        }
        return best
    }

    /// Whether the import printed its summary (it is about to exit).
    static func finished(_ child: CLI.Child) -> Bool {
        (try? String(contentsOfFile: child.outPath, encoding: .utf8))?.contains("imported purchases") ?? false
    }
}

/// A seeded SplitMix64 generator for the kill moments.
struct KillSchedule: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
