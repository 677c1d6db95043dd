/// Counts of values in equal-width bins from `lower`, the last bin open-ended (it also holds every value at or
/// above its lower edge), for distributions too large to list value by value.
///
/// ```swift
/// let gaps = Histogram(values: [3, 12, 45, 400], lower: 0, binWidth: 30, bins: 12)
/// gaps.bins[0].count   // 2 (3 and 12 fall in [0, 30))
/// gaps.bins[11].count  // 1 (400 falls in the open last bin, [330, ∞))
/// ```
public struct Histogram: Sendable, Hashable, Codable {
    /// One bin: values in `lower ..< upper`; `upper` is nil for the open-ended last bin.
    public struct Bin: Sendable, Hashable, Codable {
        /// The lower edge (included).
        public var lower: Double
        /// The upper edge (excluded), nil for the last bin.
        public var upper: Double?
        /// Values in the bin.
        public var count: Int
    }

    /// The bins, lowest first.
    public var bins: [Bin]
    /// Values counted (every finite value; values below `lower` go to the first bin).
    public var total: Int
    /// The mean of the values counted (nil when there are none).
    public var mean: Double?
    /// The median of the values counted (nil when there are none).
    public var median: Double?

    /// Bins `values` into `bins` bins of `binWidth` from `lower` (the last open-ended). Non-finite values are left
    /// out; values below `lower` count in the first bin. `bins` is at least 1, a non-positive width is taken as 1.
    public init(values: [Double], lower: Double, binWidth: Double, bins: Int) {
        let count = max(1, bins)
        let width = binWidth > 0 && binWidth.isFinite ? binWidth : 1
        var counts = [Int](repeating: 0, count: count)
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        for value in values where value.isFinite {
            finite.append(value)
            let position = ((value - lower) / width).rounded(.down)
            let index = position < 0 ? 0 : position >= Double(count - 1) ? count - 1 : Int(position)
            counts[index] += 1
        }
        self.bins = (0..<count).map { index in
            Bin(lower: lower + Double(index) * width,
                upper: index == count - 1 ? nil : lower + Double(index + 1) * width, count: counts[index])
        }
        total = finite.count
        mean = finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
        finite.sort()
        if finite.isEmpty {
            median = nil
        } else if finite.count % 2 == 1 {
            median = finite[finite.count / 2]
        } else {
            median = (finite[finite.count / 2 - 1] + finite[finite.count / 2]) / 2
        }
    }

    /// A histogram of `values` from 0 with about `bins` bins whose width is a round number (1, 2 or 5 × 10ⁿ)
    /// chosen so that the bins before the open last one reach the `coverage` quantile of the values (95% by
    /// default): long tails end up in the last bin instead of stretching every other bin.
    public static func rounded(_ values: [Double], bins: Int = 20, coverage: Double = 0.95) -> Histogram {
        let finite = values.filter { $0.isFinite }.sorted()
        let count = max(2, bins)
        guard let last = finite.last else { return Histogram(values: [], lower: 0, binWidth: 1, bins: count) }
        let index = min(finite.count - 1, max(0, Int((Double(finite.count - 1) * min(max(coverage, 0), 1)).rounded())))
        let reach = max(finite[index], min(last, 1e-9))
        return Histogram(values: finite, lower: 0, binWidth: roundStep(reach / Double(count - 1)), bins: count)
    }

    /// The smallest of 1, 2, 5 × 10ⁿ at or above `value` (1 for values that are not positive and finite).
    static func roundStep(_ value: Double) -> Double {
        guard value > 0 && value.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude > value { magnitude /= 10 }
        while magnitude * 10 <= value { magnitude *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where magnitude * factor >= value { return magnitude * factor }
        return magnitude * 10
    }
}
