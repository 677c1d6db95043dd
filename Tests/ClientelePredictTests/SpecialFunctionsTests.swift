import Foundation
import Testing

@testable import ClientelePredict

/// Internal special functions (digamma, signed log-gamma) against scipy 1.17.1.
struct SpecialFunctionsTests {
    @Test(arguments: [
        (1e-3, -1000.5755719318103), (0.5, -1.9635100260214235), (1, -0.5772156649015329),
        (2.42575, 0.6660807890787487), (9.99, 2.250700372831201), (10, 2.251752589066721),
        (37.5, 3.6109483445963386), (1234.5, 7.1180162318279985), (-0.5, 0.03648997397857651),
        (-2.3, 3.3173231575618236),
    ])
    func digammaMatchesScipy(_ x: Double, _ expected: Double) {
        #expect(abs(digamma(x) - expected) <= 1e-13 * max(1, abs(expected)), "x=\(x)")
    }

    @Test func digammaPoles() {
        #expect(digamma(0).isNaN)
        #expect(digamma(-3).isNaN)
    }

    @Test func signedLogGamma() {
        // Γ(−0.5) = −2√π, Γ(−1.5) = 4√π/3, Γ(4) = 6.
        let half = ClientelePredict.signedLogGamma(-0.5)
        #expect(half.sign == -1 && abs(half.log - log(2 * Double.pi.squareRoot())) < 1e-14)
        let threeHalves = ClientelePredict.signedLogGamma(-1.5)
        #expect(threeHalves.sign == 1 && abs(threeHalves.log - log(4 * Double.pi.squareRoot() / 3)) < 1e-14)
        #expect(abs(logGamma(4) - log(6.0)) < 1e-15)
    }

    @Test func logAddExpIsStable() {
        #expect(abs(logAddExp(1000, 1000) - (1000 + log(2.0))) < 1e-12)
        #expect(logAddExp(-.infinity, -.infinity) == -.infinity)
        #expect(abs(logAddExp(-800, 0) - 0) < 1e-300)
    }
}
