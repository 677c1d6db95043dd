import Foundation

extension PredictError: LocalizedError, CustomStringConvertible {
    /// A stable code per case (`predict.emptyData`, …); see docs/errors.md.
    public var stableCode: String {
        switch self {
        case .emptyData: return "predict.emptyData"
        case .invalidObservation: return "predict.invalidObservation"
        case .invalidParameter: return "predict.invalidParameter"
        case .invalidArgument: return "predict.invalidArgument"
        case .singularParameters: return "predict.singularParameters"
        case .lengthMismatch: return "predict.lengthMismatch"
        case .hypergeometric: return "predict.hypergeometric"
        case .optimizationFailed: return "predict.optimizationFailed"
        }
    }

    /// What went wrong, in words (no customer data: indexes, parameter names and values only).
    public var description: String {
        switch self {
        case .emptyData: return "no data to fit"
        case .invalidObservation(let index, let issue): return "invalidObservation(index: \(index), issue: \(issue))"
        case .invalidParameter(let name, let value): return "invalid parameter \(name) = \(value)"
        case .invalidArgument(let name, let value): return "invalid argument \(name) = \(value)"
        case .singularParameters(let reason): return "singular parameters: \(reason)"
        case .lengthMismatch(let expected, let actual): return "length mismatch: expected \(expected), got \(actual)"
        case .hypergeometric(let error): return "hypergeometric function: \(error)"
        case .optimizationFailed(let reason): return "optimization failed: \(reason)"
        }
    }

    /// The description.
    public var errorDescription: String? { description }
}

extension HypergeometricError: LocalizedError, CustomStringConvertible {
    /// A stable code per case (`hypergeometric.didNotConverge`, …); see docs/errors.md.
    public var stableCode: String {
        switch self {
        case .nonFiniteArgument: return "hypergeometric.nonFiniteArgument"
        case .argumentOutOfRange: return "hypergeometric.argumentOutOfRange"
        case .undefinedForNonPositiveIntegerC: return "hypergeometric.undefinedForNonPositiveIntegerC"
        case .didNotConverge: return "hypergeometric.didNotConverge"
        }
    }

    /// What went wrong, in words.
    public var description: String {
        switch self {
        case .nonFiniteArgument: return "2F1: an argument is not finite"
        case .argumentOutOfRange(let z): return "2F1: z = \(z) is outside [0, 1)"
        case .undefinedForNonPositiveIntegerC(let c): return "2F1: undefined for c = \(c)"
        case .didNotConverge(let a, let b, let c, let z): return "2F1(\(a), \(b); \(c); \(z)) did not converge"
        }
    }

    /// The description.
    public var errorDescription: String? { description }
}
