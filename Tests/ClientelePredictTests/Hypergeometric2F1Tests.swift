import Foundation
import Testing

@testable import ClientelePredict

/// 2F1 against RFM.md §1.3 (scipy values) and a grid of reference values computed with mpmath 1.3.0 at
/// 40 significant digits (`mpmath.hyp2f1`); scipy 1.17.1 agrees with mpmath on all but two grid points
/// (noted inline: scipy is wrong there, not us).
struct Hypergeometric2F1Tests {
    struct Point: Sendable, CustomTestStringConvertible {
        var a: Double
        var b: Double
        var c: Double
        var z: Double
        var logMagnitude: Double
        var sign: Double
        var testDescription: String { "2F1(\(a), \(b); \(c); \(z))" }
    }

    static func relativeError(_ value: Double, _ expected: Double) -> Double { abs(value - expected) / abs(expected) }

    @Test func rfmReferenceValues() throws {
        // RFM.md quotes 6 significant digits, computed from unrounded MLE parameters; at the rounded arguments
        // scipy/mpmath give 4.574340158283872, 209.55754142848994 and 1.9354588742254513.
        let first = try Hypergeometric.hyp2f1(2.24259, 4.42575, 4.21864, 0.474029)
        let second = try Hypergeometric.hyp2f1(2.24259, 4.42575, 4.21864, 0.892694)
        let third = try Hypergeometric.hyp2f1(0.24259, 2.42575, 2.21864, 39 / 43.4135)
        #expect(Self.relativeError(first, 4.574340158283872) < 1e-12)
        #expect(Self.relativeError(second, 209.55754142848994) < 1e-12)
        #expect(Self.relativeError(third, 1.9354588742254513) < 1e-12)
        #expect(Self.relativeError(first, 4.57435) < 5e-6)
        #expect(Self.relativeError(second, 209.562) < 5e-5)
        #expect(Self.relativeError(third, 1.93547) < 1e-5)
        #expect(Self.relativeError(try Hypergeometric.hyp2f1(1, 1, 2, 0.5), 2 * log(2.0)) < 1e-14)
    }

    @Test func integerParameterGapNearOne() throws {
        // c − a − b an integer and z beyond the series budget: the c ± ε fallback (mpmath references).
        #expect(Self.relativeError(try Hypergeometric.hyp2f1(2, 3, 5, 0.9999995), 144.10436717569036) < 1e-8)
        #expect(Self.relativeError(try Hypergeometric.hyp2f1(1, 1, 2, 0.999999), 13.815524373459892) < 1e-8)
        // A long but convergent series (z = 0.99999), non-integer gap.
        let long = try Hypergeometric.hyp2f1(5.24259, 7.42575, 6.31864, 0.99999)
        #expect(Self.relativeError(long, 4.565812953573049e+31) < 1e-9)
    }

    @Test func closedForms() throws {
        // 2F1(1,1;2;z) = −ln(1−z)/z, 2F1(a,b;b;z) = (1−z)^(−a), 2F1(1/2,1;3/2;z²) = atanh(z)/z.
        // Integer c − a − b beyond z = 0.99999 goes through the c ± ε fallback (≈1e-9).
        for z in [0.1, 0.6, 0.93, 0.999, 0.999999] {
            let tolerance = z < 0.9999 ? 1e-12 : 1e-8
            #expect(Self.relativeError(try Hypergeometric.hyp2f1(1, 1, 2, z), -log1p(-z) / z) < tolerance, "z=\(z)")
            #expect(Self.relativeError(try Hypergeometric.hyp2f1(3.3, 1.7, 1.7, z), pow(1 - z, -3.3)) < 1e-12)
            let w = z.squareRoot()
            #expect(Self.relativeError(try Hypergeometric.hyp2f1(0.5, 1, 1.5, z), atanh(w) / w) < tolerance)
        }
    }

    @Test func polynomialCases() throws {
        // a = −2: 1 + 2·(b z/c)·(−1) ... exact: 1 − 2bz/c + b(b+1)z²/(c(c+1)).
        let b = 3.5
        let c = 1.25
        let z = 0.8
        let exact = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1))
        #expect(Self.relativeError(try Hypergeometric.hyp2f1(-2, b, c, z), exact) < 1e-14)
        // c = −3 is allowed when a = −2 stops the series first.
        #expect(throws: Never.self) { _ = try Hypergeometric.hyp2f1(-2, 1, -3, 0.5) }
        #expect(try Hypergeometric.hyp2f1(2.5, 0, 1, 0.9) == 1)
        #expect(try Hypergeometric.hyp2f1(2.5, 3, 1, 0) == 1)
    }

    @Test func errorsInsteadOfTraps() {
        #expect(throws: HypergeometricError.argumentOutOfRange(z: 1)) { try Hypergeometric.hyp2f1(1, 1, 2, 1) }
        #expect(throws: HypergeometricError.argumentOutOfRange(z: -0.5)) { try Hypergeometric.hyp2f1(1, 1, 2, -0.5) }
        #expect(throws: HypergeometricError.nonFiniteArgument) { try Hypergeometric.hyp2f1(.nan, 1, 2, 0.5) }
        #expect(throws: HypergeometricError.undefinedForNonPositiveIntegerC(c: -2)) {
            try Hypergeometric.hyp2f1(1.5, 1, -2, 0.5)
        }
    }

    @Test func hugeValuesStayInLogSpace() throws {
        // mpmath: ln 2F1(49, 49; 1.5; 0.999) = 728.2020513204089 — far beyond Double.
        let value = try Hypergeometric.logHyp2f1(49, 49, 1.5, 0.999)
        #expect(abs(value.logMagnitude - 728.2020513204089) < 1e-8 * 728)
        #expect(value.value == .infinity)
    }

    @Test(arguments: Self.grid)
    func matchesMpmath(_ p: Point) throws {
        let value = try Hypergeometric.logHyp2f1(p.a, p.b, p.c, p.z)
        #expect(value.sign == p.sign)
        // Relative error of the value = absolute error of its log.
        #expect(abs(value.logMagnitude - p.logMagnitude) < 1e-9, "got \(value.logMagnitude), want \(p.logMagnitude)")
    }

    static let grid: [Point] = [
        Point(a: 0.24259, b: 8.1, c: 50.0, z: 0.9, logMagnitude: 0.03868695902298532, sign: 1),
        Point(a: 3.7, b: 0.5, c: 50.0, z: 0.999, logMagnitude: 0.03900699090327779, sign: 1),
        Point(a: 3.7, b: 0.5, c: 50.0, z: 0.99, logMagnitude: 0.03863558346701004, sign: 1),
        Point(a: 3.7, b: 30.0, c: 0.7, z: 0.99, logMagnitude: 161.07673550672993, sign: 1),
        Point(a: 3.7, b: 0.5, c: 6.0, z: 0.05, logMagnitude: 0.015692967646298045, sign: 1),
        Point(a: 49.5, b: 30.0, c: 0.7, z: 0.5, logMagnitude: 93.36475650879696, sign: 1),
        Point(a: 49.5, b: 30.0, c: 25.0, z: 0.05, logMagnitude: 3.0329922309843593, sign: 1),
        Point(a: 49.5, b: 8.1, c: 50.0, z: 0.5, logMagnitude: 5.540149344251909, sign: 1),
        Point(a: 0.24259, b: 2.42575, c: 0.7, z: 0.99, logMagnitude: 7.767207422694455, sign: 1),
        Point(a: 1.0, b: 0.5, c: 0.7, z: 0.99, logMagnitude: 3.5327338140938065, sign: 1),
        Point(a: 49.5, b: 0.5, c: 0.7, z: 0.9, logMagnitude: 112.44929117234766, sign: 1),
        Point(a: 1.0, b: 2.42575, c: 2.21864, z: 0.5, logMagnitude: 0.7671724569468008, sign: 1),
        Point(a: 3.7, b: 8.1, c: 25.0, z: 0.05, logMagnitude: 0.060620515776961245, sign: 1),
        Point(a: 49.5, b: 30.0, c: 25.0, z: 0.9, logMagnitude: 128.48970052500817, sign: 1),
        Point(a: 3.7, b: 30.0, c: 2.21864, z: 0.999, logMagnitude: 221.19345410372065, sign: 1),
        Point(a: 49.5, b: 2.42575, c: 2.21864, z: 0.99, logMagnitude: 229.58750698072663, sign: 1),
        Point(a: 0.24259, b: 30.0, c: 50.0, z: 0.05, logMagnitude: 0.0073909831778077115, sign: 1),
        Point(a: 49.5, b: 8.1, c: 25.0, z: 0.99, logMagnitude: 133.86797692444077, sign: 1),
        Point(a: 1.0, b: 8.1, c: 25.0, z: 0.99, logMagnitude: 0.4063191554763925, sign: 1),
        Point(a: 49.5, b: 0.5, c: 6.0, z: 0.5, logMagnitude: 17.51196588081842, sign: 1),
        Point(a: 49.5, b: 0.5, c: 25.0, z: 0.05, logMagnitude: 0.05203972004788564, sign: 1),
        Point(a: 12.5, b: 0.5, c: 2.21864, z: 0.99, logMagnitude: 45.06115542886026, sign: 1),
        Point(a: 49.5, b: 8.1, c: 0.7, z: 0.99, logMagnitude: 282.8349504906957, sign: 1),
        Point(a: 12.5, b: 0.5, c: 25.0, z: 0.99, logMagnitude: 0.35655427639004045, sign: 1),
        Point(a: 49.5, b: 2.42575, c: 6.0, z: 0.99, logMagnitude: 202.30756587036802, sign: 1),
        Point(a: 49.5, b: 0.5, c: 50.0, z: 0.999, logMagnitude: 2.7424747545476915, sign: 1),
        Point(a: 0.24259, b: 8.1, c: 25.0, z: 0.999, logMagnitude: 0.09782517196673722, sign: 1),
        Point(a: 49.5, b: 0.5, c: 6.0, z: 0.99, logMagnitude: 185.8143370691552, sign: 1),
        Point(a: 12.5, b: 8.1, c: 0.7, z: 0.99, logMagnitude: 103.43872946473846, sign: 1),
        Point(a: 12.5, b: 2.42575, c: 25.0, z: 0.5, logMagnitude: 0.715873632427983, sign: 1),
        Point(a: 1.0, b: 30.0, c: 50.0, z: 0.5, logMagnitude: 0.3590764636456112, sign: 1),
        Point(a: 12.5, b: 0.5, c: 2.21864, z: 0.9, logMagnitude: 20.409046730332616, sign: 1),
        Point(a: 12.5, b: 30.0, c: 6.0, z: 0.05, logMagnitude: 2.9779434363407904, sign: 1),
        Point(a: 3.7, b: 2.42575, c: 6.0, z: 0.999, logMagnitude: 5.083033018746892, sign: 1),
        Point(a: 3.7, b: 8.1, c: 6.0, z: 0.999, logMagnitude: 39.14795718882402, sign: 1),
        Point(a: 1.0, b: 0.5, c: 2.21864, z: 0.99, logMagnitude: 0.48415488818983005, sign: 1),
        Point(a: 1.0, b: 8.1, c: 25.0, z: 0.5, logMagnitude: 0.17980586779012847, sign: 1),
        Point(a: 1.0, b: 30.0, c: 0.7, z: 0.5, logMagnitude: 22.072134237531866, sign: 1),
        Point(a: 1.0, b: 8.1, c: 2.21864, z: 0.05, logMagnitude: 0.19210864693650562, sign: 1),
        Point(a: 1.0, b: 8.1, c: 50.0, z: 0.99, logMagnitude: 0.17866284250309764, sign: 1),
        Point(a: 0.24259, b: 30.0, c: 2.21864, z: 0.5, logMagnitude: 13.021800170894485, sign: 1),
        Point(a: 49.5, b: 30.0, c: 2.21864, z: 0.9, logMagnitude: 219.83095865965865, sign: 1),
        Point(a: 3.7, b: 30.0, c: 0.7, z: 0.05, logMagnitude: 4.286830909510489, sign: 1),
        Point(a: 0.24259, b: 8.1, c: 2.21864, z: 0.05, logMagnitude: 0.04741159723370122, sign: 1),
        Point(a: 0.24259, b: 0.5, c: 6.0, z: 0.05, logMagnitude: 0.0010170826857650982, sign: 1),
        Point(a: 0.24259, b: 30.0, c: 2.21864, z: 0.05, logMagnitude: 0.20832010616478863, sign: 1),
        Point(a: 12.5, b: 2.42575, c: 6.0, z: 0.999, logMagnitude: 57.92511678738733, sign: 1),
        // scipy 1.17.1 disagrees here (relative error 6.8e-01; nan = overflow); mpmath is right.
        Point(a: 49.5, b: 2.42575, c: 25.0, z: 0.9, logMagnitude: 37.18457100949446, sign: 1),
        Point(a: 12.5, b: 30.0, c: 0.7, z: 0.999, logMagnitude: 312.2947249787594, sign: 1),
        Point(a: 0.24259, b: 0.5, c: 6.0, z: 0.999, logMagnitude: 0.02357054086458783, sign: 1),
        Point(a: 49.5, b: 30.0, c: 6.0, z: 0.9, logMagnitude: 199.77962544141772, sign: 1),
        Point(a: 0.24259, b: 30.0, c: 25.0, z: 0.999, logMagnitude: 22.001427769595438, sign: 1),
        Point(a: 0.24259, b: 0.5, c: 25.0, z: 0.5, logMagnitude: 0.002467915439283113, sign: 1),
        Point(a: 12.5, b: 0.5, c: 2.21864, z: 0.5, logMagnitude: 4.173047610888485, sign: 1),
        Point(a: 49.5, b: 8.1, c: 6.0, z: 0.05, logMagnitude: 3.282992610107742, sign: 1),
        Point(a: 3.7, b: 8.1, c: 0.7, z: 0.5, logMagnitude: 11.73092210689787, sign: 1),
        Point(a: 49.5, b: 2.42575, c: 25.0, z: 0.05, logMagnitude: 0.25194700914657897, sign: 1),
        Point(a: 1.0, b: 30.0, c: 2.21864, z: 0.999, logMagnitude: 194.82411366100055, sign: 1),
        Point(a: 3.7, b: 2.42575, c: 25.0, z: 0.99, logMagnitude: 0.41508989560447407, sign: 1),
        Point(a: 49.5, b: 30.0, c: 50.0, z: 0.999, logMagnitude: 204.03893307095126, sign: 1),
        Point(a: 1, b: 1, c: 2, z: 0.999, logMagnitude: 1.9336452342496488, sign: 1),
        Point(a: 2, b: 3, c: 5, z: 0.999, logMagnitude: 3.975856005027389, sign: 1),
        Point(a: -2.5, b: 1.5, c: 3.2, z: 0.95, logMagnitude: -1.1948480287268994, sign: 1),
        Point(a: 0.5, b: -3, c: 2, z: 0.9, logMagnitude: -0.5589714643064815, sign: 1),
        Point(a: -7.2, b: 4.1, c: -2.5, z: 0.6, logMagnitude: 3.581962588904934, sign: 1),
        // scipy 1.17.1 disagrees here (relative error nan; nan = overflow); mpmath is right.
        Point(a: 49, b: 49, c: 1.5, z: 0.999, logMagnitude: 728.2020513204089, sign: 1),
        Point(a: 2.24259, b: 4.42575, c: 4.21864, z: 0.999, logMagnitude: 16.77324755297288, sign: 1),
        Point(a: 20.24, b: 22.43, c: 22.2, z: 0.98, logMagnitude: 80.05792461720598, sign: 1),
        Point(a: 100.24, b: 102.4, c: 102.2, z: 0.9, logMagnitude: 231.2681521881116, sign: 1),
    ]
}
