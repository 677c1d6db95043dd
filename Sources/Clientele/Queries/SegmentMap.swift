/// One rule of a segment map: a name and the score ranges it covers.
public struct SegmentRule: Sendable, Hashable, Codable {
    /// The segment's name.
    public var name: String
    /// Recency scores covered.
    public var recency: ClosedRange<Int>
    /// Frequency scores covered.
    public var frequency: ClosedRange<Int>
    /// Monetary scores covered.
    public var monetary: ClosedRange<Int>

    /// A rule named `name` covering the given score ranges (all of 1...5 by default).
    public init(_ name: String, recency: ClosedRange<Int> = 1...5, frequency: ClosedRange<Int> = 1...5,
                monetary: ClosedRange<Int> = 1...5) {
        self.name = name
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    func matches(_ scores: RFMScores) -> Bool {
        recency.contains(scores.recency) && frequency.contains(scores.frequency) && monetary.contains(scores.monetary)
    }
}

/// Names segments from RFM scores: an ordered list of rules, the first that matches wins; scores no rule matches get
/// the fallback name.
///
/// ```swift
/// let map = try SegmentMap(rules: [
///     SegmentRule("VIP", recency: 4...5, frequency: 4...5, monetary: 4...5),
///     SegmentRule("Everyone else"),
/// ])
/// ```
public struct SegmentMap: Sendable, Hashable {
    /// The rules, in precedence order.
    public let rules: [SegmentRule]
    /// The name of scores no rule matches.
    public let fallback: String
    /// The segment of every score cell, indexed (r−1)·25 + (f−1)·5 + (m−1).
    private let cells: [String]

    /// Builds a map and checks that every rule can be reached.
    /// - Throws: `ClienteleError.invalidInput(field: "segment rules", …)` naming a rule that no score can reach
    ///   (earlier rules cover all its cells, or its ranges are empty or outside 1...5).
    public init(rules: [SegmentRule], fallback: String = "Other") throws {
        var cells: [String] = []
        var reached = Set<Int>()
        for r in 1...5 {
            for f in 1...5 {
                for m in 1...5 {
                    let scores = RFMScores(recency: r, frequency: f, monetary: m)
                    if let index = rules.firstIndex(where: { $0.matches(scores) }) {
                        reached.insert(index)
                        cells.append(rules[index].name)
                    } else {
                        cells.append(fallback)
                    }
                }
            }
        }
        for (index, rule) in rules.enumerated() where !reached.contains(index) {
            throw ClienteleError.invalidInput(
                field: "segment rules", reason: "segment '\(rule.name)' (rule \(index + 1)) can never be reached")
        }
        self.rules = rules
        self.fallback = fallback
        self.cells = cells
    }

    /// The segment of `scores`.
    public func segment(for scores: RFMScores) -> String {
        let index = (scores.recency - 1) * 25 + (scores.frequency - 1) * 5 + (scores.monetary - 1)
        return cells.indices.contains(index) ? cells[index] : fallback
    }

    /// Every name a score can get, rules first, then the fallback when some cell falls through.
    public var names: [String] {
        var seen = Set<String>()
        return (rules.map(\.name) + [fallback]).filter { name in cells.contains(name) && seen.insert(name).inserted }
    }

    /// The default 10-segment map on the 5×5 recency × frequency grid (monetary ignored), as in docs/queries.md:
    ///
    /// | R \ F | 1 | 2 | 3 | 4 | 5 |
    /// |---|---|---|---|---|---|
    /// | 5 | New Customers | Potential Loyalist | Potential Loyalist | Champions | Champions |
    /// | 4 | Promising | Potential Loyalist | Potential Loyalist | Loyal | Loyal |
    /// | 3 | About to Sleep | About to Sleep | Need Attention | Loyal | Loyal |
    /// | 1–2 | Hibernating | Hibernating | At Risk | At Risk | Can't Lose Them |
    public static let standard: SegmentMap = {
        let rules = [
            SegmentRule("Champions", recency: 5...5, frequency: 4...5),
            SegmentRule("Loyal", recency: 3...4, frequency: 4...5),
            SegmentRule("Potential Loyalist", recency: 4...5, frequency: 2...3),
            SegmentRule("New Customers", recency: 5...5, frequency: 1...1),
            SegmentRule("Promising", recency: 4...4, frequency: 1...1),
            SegmentRule("Need Attention", recency: 3...3, frequency: 3...3),
            SegmentRule("About to Sleep", recency: 3...3, frequency: 1...2),
            SegmentRule("At Risk", recency: 1...2, frequency: 3...4),
            SegmentRule("Can't Lose Them", recency: 1...2, frequency: 5...5),
            SegmentRule("Hibernating", recency: 1...2, frequency: 1...2),
        ]
        // The grid covers every cell exactly once, so the initializer cannot fail; a failure is a programming error.
        guard let map = try? SegmentMap(rules: rules) else { preconditionFailure("the standard segment map is invalid") }
        return map
    }()
}
