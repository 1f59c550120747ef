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

    /// Oracle: mpmath at 50 digits (Reference/hypergeometric_reference.py, which continues ₂F₁
    /// through DLMF 15.8.10, not by the series or Euler's integral). Every case is one where the
    /// Gauss series has not converged after 5,000 terms (checked first), so the value comes from
    /// the bounded path: 30,000 series terms, then Euler's integral (A&S 15.3.1). 1e-13 on ln ₂F₁
    /// is 1e-13 relative on ₂F₁: the integral's documented ~1e-18 per piece over ≤ 115 pieces,
    /// plus the ~1e-16·|ln ₂F₁| rounding of summing logs.
    @Test func boundedFallbackMatchesMpmathNearOne() {
        let cases: [(Double, Double, Double, Double, Double)] = [
            (2.5, 1.6, 3.5, 1 - 1e-6, 9.7156570232502100361),
            (0.8, 1.2, 1.8, 1 - 1e-4, 3.0726554147803220991),
            (30.5, 1.0001, 31.5, 1 - 1e-5, 5.4383227332208082387),
            (1.0002, 0.9, 2.0002, 1 - 1e-12, 2.237578294161623725),
            (201.3, 0.55, 202.3, 1 - 1e-4, 3.4005178997661711944),
            (0.77, 15.8, 1.77, 1 - 1e-8, 269.67008300139077483),
        ]
        for (a, b, c, z, reference) in cases {
            #expect(logHypergeometric2F1Series(a, b, c, z, maxTerms: 5_000).isNaN, "the series converges within 5,000 terms at (\(a), \(b), \(c), \(z))")
            let value = logHypergeometric2F1(a, b, c, z)
            #expect(abs(value - reference) <= 1e-13 + 1e-16 * abs(reference), "ln 2F1(\(a), \(b); \(c); \(z)) = \(value), mpmath \(reference)")
        }
    }

    /// The bound itself: at z = 1 − 1e-15 (the series would need ~10¹⁶ terms) one value takes well
    /// under a millisecond; 1 ms on average over 200 calls fails if the fallback is lost (the
    /// 20-million-term series took ~100 ms per call).
    @Test func nearOneIsFast() {
        let clock = ContinuousClock()
        var sink = 0.0
        let elapsed = clock.measure {
            for k in 0..<200 { sink += logHypergeometric2F1(1.5 + Double(k) * 0.01, 1.61, 2.5 + Double(k) * 0.01, 1 - 1e-15) }
        }
        #expect(sink.isFinite)
        #expect(elapsed < .milliseconds(200), "200 evaluations took \(elapsed)")
    }
}
