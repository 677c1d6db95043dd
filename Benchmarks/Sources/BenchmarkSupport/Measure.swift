#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds from a monotonic clock.
public func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Latency samples in nanoseconds, with percentiles.
public struct Latencies: Sendable {
    public private(set) var samples: [UInt64] = []

    public init() {}

    public mutating func record(_ body: () throws -> Void) rethrows {
        let start = monotonicNanoseconds()
        try body()
        samples.append(monotonicNanoseconds() - start)
    }

    public func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))
        return Double(sorted[index])
    }
}

/// Runs `body` once and returns the elapsed seconds.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = monotonicNanoseconds()
    try body()
    return Double(monotonicNanoseconds() - start) / 1e9
}

/// Keeps a value alive so the optimizer cannot remove the work that produced it.
@inline(never)
public func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
