/// Spend predictions of a fitted Gamma-Gamma model (Fader & Hardie, note 025).
public struct GammaGammaModel: Sendable, Equatable {
    /// The model's parameters (validated).
    public let parameters: GammaGammaParameters

    /// Creates a model after checking the parameters.
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` when a parameter is not finite and > 0.
    public init(parameters: GammaGammaParameters) throws(PredictError) {
        try parameters.validate()
        self.parameters = parameters
    }

    init(validated parameters: GammaGammaParameters) {
        self.parameters = parameters
    }

    /// Population mean transaction value E[Z] = p·v/(q − 1).
    ///
    /// - Throws: ``PredictError/singularParameters(reason:)`` when q ≤ 1 (the mean does not exist; fit with
    ///   `qConstraint: true` to rule this out).
    public func populationMean() throws(PredictError) -> Double {
        let g = parameters
        guard g.q > 1 else {
            throw .singularParameters(reason: "Gamma-Gamma population mean needs q > 1 (q = \(g.q))")
        }
        return g.p * g.v / (g.q - 1)
    }

    /// Expected average transaction value of a customer with x repeat purchases of mean m̄ (note 025 eq. 5):
    /// E[M | x, m̄] = (1 − w)·p·v/(q − 1) + w·m̄, w = p·x/(p·x + q − 1) (= p(v + x m̄)/(p x + q − 1)).
    /// With x = 0 this is the population mean and `mean` is ignored.
    ///
    /// - Throws: ``PredictError/singularParameters(reason:)`` when q ≤ 1,
    ///   ``PredictError/invalidObservation(index:issue:)`` (index 0) for x < 0, a non-finite mean, or m̄ ≤ 0
    ///   with x > 0.
    public func expectedAverageOrderValue(x: Int, mean: Double) throws(PredictError) -> Double {
        let population = try populationMean()
        if x == 0 { return population }
        if let issue = SpendSummary(x: x, mean: mean).issue { throw .invalidObservation(index: 0, issue: issue) }
        let g = parameters
        let px = g.p * Double(x)
        let w = px / (px + g.q - 1)
        return (1 - w) * population + w * mean
    }
}
