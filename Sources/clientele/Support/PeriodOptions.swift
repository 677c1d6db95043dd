import ArgumentParser
import Clientele

/// `--period` and `--multiplier`: the time unit of a summary or a model (`summary`, `predict`).
struct PeriodOptions: ParsableArguments {
    @Option(name: .long, help: "day, week or month.")
    var period: Period = .day

    @Option(name: .long, help: "Divide durations by N (7 with days gives weeks).")
    var multiplier: Double = 1

    func validate() throws {
        guard multiplier > 0 && multiplier.isFinite else { throw ValidationError("--multiplier must be positive") }
    }
}

extension Period: ExpressibleByArgument {}
