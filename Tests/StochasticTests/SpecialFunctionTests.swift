import Foundation
import Testing
@testable import Stochastic

/// Special functions and quantiles against closed forms; tolerances are a few ULPs scaled to
/// GSL's documented accuracy (relative error ~1e-14 for these arguments).
@Suite struct SpecialFunctionTests {
    @Test func lnGammaOfOneHalfIsLogRootPi() {
        #expect(abs(Special.lnGamma(0.5) - 0.5 * log(Double.pi)) < 1e-14)
        #expect(abs(Special.lnGamma(10) - log(362_880.0)) < 1e-13)
    }

    @Test func lnBetaMatchesGammas() {
        let a = 0.793, b = 2.426
        let direct = Special.lnGamma(a) + Special.lnGamma(b) - Special.lnGamma(a + b)
        #expect(abs(Special.lnBeta(a, b) - direct) < 1e-13)
    }

    @Test func hypergeometricClosedForm() throws {
        // 2F1(1, 1; 2; x) = −ln(1 − x)/x  (Abramowitz & Stegun 15.1.3)
        for x in [-0.9, -0.2, 0.1, 0.5, 0.95] {
            let v = try Special.hypergeometric2F1(1, 1, 2, x)
            #expect(abs(v - (-log(1 - x) / x)) < 1e-13 * max(1, abs(v)))
        }
    }

    @Test func logSumExpIsStable() {
        #expect(abs(Special.logSumExp(1000, 1000) - (1000 + log(2.0))) < 1e-12)
        #expect(Special.logSumExp(-.infinity, 3) == 3)
    }

    @Test func quantilesOfKnownDistributions() {
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        // t(10) 97.5% = 2.228138851986273 (scipy.stats.t.ppf(0.975, 10))
        #expect(abs(Distributions.tQuantile(0.975, degreesOfFreedom: 10) - 2.228138851986273) < 1e-10)
        // χ²(3) 95% = 7.814727903251178 (scipy.stats.chi2.ppf(0.95, 3))
        #expect(abs(Distributions.chiSquaredQuantile(0.95, degreesOfFreedom: 3) - 7.814727903251178) < 1e-10)
    }

    @Test func nelderMeadFindsRosenbrockMinimum() throws {
        let m = try Minimizer.nelderMead(start: [-1.2, 1]) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return a * a + 100 * b * b
        }
        #expect(m.converged)
        #expect(abs(m.point[0] - 1) < 1e-6 && abs(m.point[1] - 1) < 1e-6)
    }

    @Test func bfgsFindsQuadraticMinimumAndHessianInverts() throws {
        let f: ([Double]) -> Double = { x in 2 * (x[0] - 3) * (x[0] - 3) + (x[0] - 3) * (x[1] + 1) + (x[1] + 1) * (x[1] + 1) }
        let m = try Minimizer.bfgs(start: [0, 0], f)
        #expect(m.converged)
        #expect(abs(m.point[0] - 3) < 1e-6 && abs(m.point[1] + 1) < 1e-6)
        let h = Derivatives.hessian(of: f, at: m.point)
        // Exact Hessian [[4, 1], [1, 2]], inverse [[2, −1], [−1, 4]] / 7.
        let inv = try LinearAlgebra.inversePositiveDefinite(h)
        #expect(abs(inv[0][0] - 2.0 / 7) < 1e-6 && abs(inv[0][1] + 1.0 / 7) < 1e-6 && abs(inv[1][1] - 4.0 / 7) < 1e-6)
        #expect(throws: GSLError.self) { try LinearAlgebra.inversePositiveDefinite([[1, 2], [2, 1]]) }
    }

    /// Oracle: a factor worked by hand. A = [[4, 2, −2], [2, 10, 2], [−2, 2, 5]] has
    /// L = [[2, 0, 0], [1, 3, 0], [−1, 1, √3]]. GSL's recursive algorithm multiplies by reciprocals
    /// 1/Lⱼⱼ rather than dividing, so even these small-integer steps round (measured: L₃₃ one ulp
    /// above √3); 4 ulps of the largest entry, 4 × 10 × 2.2·10⁻¹⁶ ≈ 10⁻¹⁴, bounds a handful of
    /// such roundings. The upper triangle given is nonsense on purpose: only the lower one is read,
    /// and the factor's upper triangle is exactly zero.
    @Test func choleskyFactorMatchesHandComputation() throws {
        let l = try LinearAlgebra.cholesky([[4, 99, 99], [2, 10, 99], [-2, 2, 5]])
        let expected: [[Double]] = [[2, 0, 0], [1, 3, 0], [-1, 1, 3.0.squareRoot()]]
        for i in 0..<3 {
            for j in 0..<3 { #expect(j > i ? l[i][j] == 0 : abs(l[i][j] - expected[i][j]) <= 1e-14, "L[\(i)][\(j)]") }
        }
        #expect(throws: GSLError.self) { try LinearAlgebra.cholesky([[1, 2], [2, 1]]) }
        #expect(throws: GSLError.self) { try LinearAlgebra.cholesky([[1, 0], [.nan, 1]]) }
    }

    @Test func gslDomainErrorsBecomeSwiftErrors() {
        // GSL's abort handler is off: a domain error is a thrown error, not a crash.
        #expect(throws: GSLError.self) { try Special.lnBetaChecked(-1, 2) }
    }

    @Test func quantileType7MatchesNumpy() {
        // numpy.quantile([1, 2, 3, 4], [0.3, 0.5, 0.99]) = [1.9, 2.5, 3.97]
        let xs: [Double] = [1, 2, 3, 4]
        #expect(abs(Quantile.ofSorted(xs, 0.3) - 1.9) < 1e-15)
        #expect(Quantile.ofSorted(xs, 0.5) == 2.5)
        #expect(abs(Quantile.ofSorted(xs, 0.99) - 3.97) < 1e-15)
    }

    @Test func mergedMomentsEqualSequentialWithinRounding() {
        var all = RunningMoments(), a = RunningMoments(), b = RunningMoments()
        for i in 0..<1000 { let x = sin(Double(i)) * 10 + 3; all.add(x); if i < 400 { a.add(x) } else { b.add(x) } }
        a.merge(b)
        #expect(a.count == all.count)
        #expect(abs(a.mean - all.mean) < 1e-13)
        #expect(abs(a.variance - all.variance) < 1e-12 * all.variance)
    }
}
