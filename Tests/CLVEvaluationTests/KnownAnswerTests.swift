import Testing
import Stochastic
@testable import CLVEvaluation

// Figures printed by Tests/CLVEvaluationTests/Reference/reference_figures.py
// (numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0), pasted here once. The data literals are the
// same as in the script.
//
// Tolerances: scipy prints 17 significant digits. Our t and normal quantiles come from GSL
// (`gsl_cdf_tdist_Pinv`, `gsl_cdf_ugaussian_Pinv`), which agree with scipy's to about 1e-12
// relative; 1e-9 relative leaves three orders of margin while any formula error (wrong df, a
// missing √n, n instead of n − 1) moves results in the 2nd–3rd digit. Pure arithmetic
// (KS statistic, Holm) is compared to 1e-12.

let x: [Double] = [12.1, 9.4, 15.2, 11.8, 8.7, 13.3, 10.9, 14.6, 9.9, 12.4]
let y: [Double] = [11.0, 9.1, 13.9, 11.5, 8.0, 12.1, 10.7, 13.2, 9.5, 11.6]
let w: [Double] = [7.2, 10.4, 6.1, 12.9, 8.8, 5.5, 9.7, 11.3]

func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    Swift.abs(a - b) <= relative * Swift.max(Swift.abs(b), 1e-300) || a == b
}

@Suite("Known answers against scipy / statsmodels")
struct KnownAnswerTests {
    @Test func oneSampleTIntervalMatchesScipy() throws {
        // one_sample_t mean lo hi p
        let r = try MeanInterval.oneSample(x)
        #expect(close(r.estimate, 11.830000000000002, relative: 1e-14))
        #expect(close(r.interval.lower, 10.286843257122696))
        #expect(close(r.interval.upper, 13.373156742877308))
        #expect(close(r.pValue, 3.181226186586738e-08, relative: 1e-7)) // tiny tail: GSL's tdist tail to ~1e-8 relative
        #expect(r.interval.method == .t)
    }

    @Test func pairedTIntervalMatchesScipy() throws {
        // paired_t estimate lo hi t p
        let r = try MeanInterval.paired(x, y)
        #expect(close(r.estimate, 0.7700000000000002, relative: 1e-13))
        #expect(close(r.interval.lower, 0.44296373272943645))
        #expect(close(r.interval.upper, 1.097036267270564))
        #expect(close(r.statistic!, 5.32620137176878))
        #expect(close(r.pValue, 0.00047706702081743335))
        #expect(r.interval.method == .pairedT)
        #expect(r.degreesOfFreedom == 9)
    }

    @Test func welchIntervalAndDegreesOfFreedomMatchScipy() throws {
        // welch estimate lo hi df t p
        let r = try MeanInterval.welch(x, w)
        #expect(close(r.estimate, 2.842500000000001, relative: 1e-13))
        #expect(close(r.interval.lower, 0.3888706533489912))
        #expect(close(r.interval.upper, 5.296129346651011))
        #expect(close(r.degreesOfFreedom, 13.661004073550915, relative: 1e-12))
        #expect(close(r.statistic!, 2.490506481907216))
        #expect(close(r.pValue, 0.02630121278815775))
        #expect(r.interval.method == .welch)
    }

    @Test func replicationStratifiedIntervalMatchesReference() throws {
        // stratified mean se lo hi — x, w, y as replications 0, 1, 2.
        let values = x + w + y
        let strata = [Int](repeating: 0, count: x.count) + [Int](repeating: 1, count: w.count) + [Int](repeating: 2, count: y.count)
        let r = try MeanInterval.stratified(values, strata: strata)
        #expect(close(r.estimate, 10.742857142857144, relative: 1e-13))
        #expect(close(r.standardError, 0.4125535569084144, relative: 1e-12))
        #expect(close(r.interval.lower, 9.893187187328763))
        #expect(close(r.interval.upper, 11.592527098385524))
        #expect(r.degreesOfFreedom == 25 && r.strata == 3)
        // A single stratum is the plain t interval.
        #expect(try MeanInterval.stratified(x, strata: [Int](repeating: 4, count: x.count)) == MeanInterval.oneSample(x))
    }

    @Test func kolmogorovSmirnovMatchesScipy() {
        // ks D p_asymptotic
        let ks = KolmogorovSmirnov(x, w)
        #expect(close(ks.statistic, 0.475, relative: 1e-12))
        // Series truncation and exp rounding: agreement to 1e-12 relative.
        #expect(close(ks.pValue, 0.2685148591228448, relative: 1e-12))
        // kstwobign.sf at 0.3 0.6 1.0 1.18 1.5 2.5 — both branches of the series and the switch point.
        let lambdas = [0.3, 0.6, 1.0, 1.18, 1.5, 2.5]
        let expected = [0.9999906941986655, 0.8642827790506042, 0.26999967167735456, 0.1234538094297657,
                        0.022217962616525127, 7.453306344157342e-06]
        for (l, e) in zip(lambdas, expected) {
            #expect(close(KolmogorovSmirnov.survival(l), e, relative: 1e-12), "λ = \(l)")
        }
    }

    @Test func holmMatchesStatsmodels() {
        // holm
        let adjusted = Holm.adjust([0.01, 0.04, 0.03, 0.005, 0.5])
        let expected = [0.04, 0.09, 0.09, 0.025, 0.5]
        for (a, e) in zip(adjusted, expected) { #expect(close(a, e, relative: 1e-12)) }
    }

    @Test func ratioDeltaAndFiellerMatchReference() throws {
        // ratio R se delta_lo delta_hi; fieller lo hi. The script computes the delta method with
        // an explicit gradient and covariance matrix and Fieller in its textbook g-form, unlike
        // the quadratic-root form used here.
        let num = x.map { $0 * 3 }
        let den: [Double] = [4.0, 3.5, 4.4, 4.1, 3.2, 4.8, 3.9, 4.3, 3.6, 4.0]
        let r = try #require(RatioInterval.of(try MeanPairMoments(x: num, y: den)))
        #expect(close(r.estimate, 8.917085427135676, relative: 1e-13))
        #expect(close(r.standardError, 0.2750631590437482, relative: 1e-12))
        #expect(close(r.delta.lower, 8.377971541936118))
        #expect(close(r.delta.upper, 9.456199312335235))
        let f = try #require(r.fieller)
        #expect(close(f.lower, 8.359025238790313))
        #expect(close(f.upper, 9.440655747962698))
        #expect(r.delta.method == .delta && f.method == .fieller)
    }

    @Test func fiellerIsUnboundedWhenDenominatorIsNotSignificant() throws {
        // Denominator mean 0.1 with standard error ≈ 0.3: b² < z²·Var(b), the Fieller set is unbounded.
        let num: [Double] = [1, 2, 3, 4, 5, 6]
        let den: [Double] = [-0.9, 1.1, -0.4, 0.6, 0.8, -0.6]
        let r = try #require(RatioInterval.of(try MeanPairMoments(x: num, y: den)))
        #expect(r.fieller == nil)
    }

    /// All 5⁵ ordered resamples of a 5-point sample stand in for random resamples, so scipy's
    /// BCa (its own `_bca_interval` + `stats.quantile`) is deterministic and comparable.
    @Test func bcaOfMeanMatchesScipyOnTheCompleteBootstrap() throws {
        // bca_mean theta a alpha1 alpha2 lo hi pct_lo pct_hi B
        let data: [Double] = [3.1, 7.4, 2.2, 9.8, 4.5]
        let n = data.count
        var reps: [Double] = []
        for code in 0..<Int(pow5(n)) {
            var c = code, s = 0.0
            for _ in 0..<n { s += data[c % n]; c /= n }
            reps.append(s / Double(n))
        }
        #expect(reps.count == 3125)
        let estimate = data.reduce(0, +) / Double(n)
        let jackknife = (0..<n).map { i in (data.reduce(0, +) - data[i]) / Double(n - 1) }
        #expect(close(BootstrapInterval.acceleration([jackknife]), 0.031662078509736215, relative: 1e-12))
        let bca = try #require(BootstrapInterval.bca(estimate: estimate, replicates: reps, jackknife: [jackknife]))
        // Endpoints interpolate between neighbouring resample means 0.02 apart, at levels that
        // agree with scipy's to ~1e-15: 1e-9 relative.
        #expect(close(bca.lower, 3.2399999999999998))
        #expect(close(bca.upper, 8.260000000000002))
        let pct = BootstrapInterval.percentile(estimate: estimate, replicates: reps)
        #expect(close(pct.lower, 3.0200000000000005))
        #expect(close(pct.upper, 7.9799999999999995))
    }

    /// Two independent samples of 4: all 4⁴ × 4⁴ = 65 536 resample pairs, statistic the
    /// difference of medians, jackknife per sample (scipy's multi-sample acceleration).
    @Test func bcaOfMedianDifferenceMatchesScipyOnTheCompleteBootstrap() throws {
        // bca_median_diff theta a alpha1 alpha2 lo hi pct_lo pct_hi B
        let s1: [Double] = [5.0, 1.5, 8.25, 12.0]
        let s2: [Double] = [2.0, 6.5, 3.0, 4.75]
        func median(_ v: [Double]) -> Double { Quantile.ofSorted(v.sorted(), 0.5) }
        func resample(_ s: [Double], _ code: Int) -> [Double] {
            var c = code
            return (0..<s.count).map { _ in let v = s[c % s.count]; c /= s.count; return v }
        }
        let medians1 = (0..<256).map { median(resample(s1, $0)) }
        let medians2 = (0..<256).map { median(resample(s2, $0)) }
        var reps: [Double] = []
        reps.reserveCapacity(65536)
        for a in medians1 { for b in medians2 { reps.append(a - b) } }
        let estimate = median(s1) - median(s2)
        #expect(estimate == 2.75)
        let jack1 = s1.indices.map { i in median(s1.enumerated().filter { $0.offset != i }.map(\.element)) - median(s2) }
        let jack2 = s2.indices.map { i in median(s1) - median(s2.enumerated().filter { $0.offset != i }.map(\.element)) }
        #expect(Swift.abs(BootstrapInterval.acceleration([jack1, jack2])) < 1e-15) // scipy: 0.0
        let bca = try #require(BootstrapInterval.bca(estimate: estimate, replicates: reps, jackknife: [jack1, jack2]))
        #expect(close(bca.lower, -2.375))
        #expect(close(bca.upper, 8.125))
        let pct = BootstrapInterval.percentile(estimate: estimate, replicates: reps)
        #expect(close(pct.lower, -3.25))
        #expect(close(pct.upper, 8.125))
    }

    private func pow5(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 5 } }
}
