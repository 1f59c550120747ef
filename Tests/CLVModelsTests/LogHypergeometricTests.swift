import Foundation
import Stochastic
import Testing
@testable import CLVModels

@Suite struct LogHypergeometricTests {
    /// Oracle: closed forms (Abramowitz & Stegun 15.1.3 and 15.1.8):
    /// ₂F₁(1, 1; 2; z) = −ln(1 − z)/z and ₂F₁(a, b; b; z) = (1 − z)^−a, to 1e-13 relative plus
    /// ε per summed term (a series of positive terms, summed in order, accumulates rounding
    /// linearly in the number of terms, which grows like 1/(1 − z)).
    @Test func closedForms() {
        for z in [0.0, 1e-8, 0.3, 0.9, 0.999, 0.99999] {
            let f = logHypergeometric2F1(1, 1, 2, z)
            let exact = z == 0 ? 0 : log(-log1p(-z) / z)
            // Rounding accumulates ~ε per term over ≈ 40/(1 − z) terms.
            let tolerance = 1e-13 + 1.1e-16 * 40 / (1 - z)
            #expect(abs(f - exact) <= tolerance * max(1, abs(exact)), "z = \(z)")
            guard z <= 0.999 else { continue } // a = 250.3 at z → 1 needs ~a/(1 − z) terms; see the doc
            let g = logHypergeometric2F1(250.3, 1.7, 1.7, z)
            #expect(abs(g - -250.3 * log1p(-z)) <= 1e-12 * max(1, abs(g)), "z = \(z)")
        }
    }

    /// Oracle: GSL's ₂F₁ where it succeeds, 1e-12 relative; and finite values where GSL throws
    /// (the Pareto/NBD shape c = a + 1, b = s + 1, z → 1).
    @Test func agreesWithGSLWhereGSLWorks() throws {
        for (a, b, c, z) in [(0.8, 1.6, 1.8, 0.5), (10.0, 2.0, 11.0, 0.9), (3.3, 0.2, 5.0, 0.1)] {
            let gsl = try Special.hypergeometric2F1(a, b, c, z)
            #expect(relativeError(exp(logHypergeometric2F1(a, b, c, z)), gsl) < 1e-12)
        }
        let a = 0.55 + 0.61 + 200, b = 1.61, c = a + 1, z = 0.99999
        #expect(logHypergeometric2F1(a, b, c, z).isFinite)
        // Outside the domain: NaN, never a crash.
        #expect(logHypergeometric2F1(1, 1, 2, 1).isNaN)
        #expect(logHypergeometric2F1(1, 1, -0.5, 0.3).isNaN)
    }
}
