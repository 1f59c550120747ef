import Foundation
import Testing
import Stochastic
@testable import CLVEvaluation

/// Nominal coverage by repeated simulation (DESIGN.md §8, last point).
///
/// Each repetition simulates a comparison of n = 200 customers per variant with known truth:
/// baseline value b ~ Exponential(mean 50); the variant's value (net of campaign cost) is
/// 1.1·b + 2 for a draw b of the same law; each variant customer's campaign cost is
/// c = 1 + U(0, 1), the baseline's 0. Hence
/// - mean difference = 0.1·50 + 2 = 7,
/// - ROI = mean difference / E[c] = 7 / 1.5,
/// - median difference = (1.1·m + 2) − m = 0.1·m + 2 with m = 50·ln 2 (1.1·b + 2 is increasing in b).
/// Paired: the variant customer is the baseline customer (v = 1.1·b + 2, common random
/// numbers). Independent: the variant's customers are other draws (an A/B test).
/// 1000 repetitions (≥ 400 asked; about 1.5 s per design in release); the bootstrap uses 400
/// resamples (modest, enough for 2.5/97.5 % points).
///
/// Acceptance: the Clopper–Pearson 99 % interval of the measured coverage contains 0.95.
/// Measured (seeds as in the code, 1000 repetitions, release build), share covering the truth
/// [Clopper–Pearson 99 % interval, from scipy.stats.beta.ppf]:
///                              paired                        independent
///   mean difference            0.949 [0.928, 0.965] paired-t   0.944 [0.923, 0.961] Welch
///   ROI, delta method          0.947 [0.926, 0.964]            0.944 [0.923, 0.961]
///   ROI, Fieller               0.946 [0.925, 0.963]            0.944 [0.923, 0.961]
///   median diff., bootstrap %  0.941 [0.919, 0.959]            0.953 [0.933, 0.969]
///   median diff., BCa          0.947 [0.926, 0.964]            0.941 [0.919, 0.959]
@Suite("Coverage of 95 % intervals")
struct CoverageTests {
    static let repetitions = 1000
    static let customers = 200
    static let trueMeanDifference = 7.0
    static let trueROI = 7.0 / 1.5
    static let trueMedianDifference = 0.1 * 50 * log(2.0) + 2

    @Test(arguments: [Pairing.paired, .independent])
    func intervalsCoverTheTruthAtTheNominalRate(_ pairing: Pairing) throws {
        var covered = [String: Int]()
        let stream = KeyedStream()
        let seed: UInt64 = pairing == .paired ? 20261122 : 20261123
        for rep in 0..<Self.repetitions {
            var b = [Double](), v = [Double](), c = [Double]()
            for i in 0..<Self.customers {
                stream.rekey(CustomerKey(seed: seed, replication: rep, customer: i), period: 0, purpose: DrawPurpose(rawValue: 1))
                let base = stream.exponential(rate: 1.0 / 50)
                b.append(base)
                let other = pairing == .paired ? base : stream.exponential(rate: 1.0 / 50)
                v.append(1.1 * other + 2)
                c.append(1 + stream.uniform())
            }
            let table = try OutcomeTable(pairing: pairing, variants: [
                VariantOutcomes(name: "control", values: b),
                VariantOutcomes(name: "campaign", values: v, campaignCosts: c),
            ])
            let options = ComparisonOptions(quantiles: [0.5], bootstrap: BootstrapSettings(resamples: 400, seed: UInt64(rep)))
            let r = try table.compare("campaign", with: "control", options: options)
            func count(_ key: String, _ hit: Bool) { if hit { covered[key, default: 0] += 1 } }
            #expect(r.meanDifference.interval.method == (pairing == .paired ? .pairedT : .welch))
            count("mean", r.meanDifference.interval.contains(Self.trueMeanDifference))
            let roi = try #require(r.roi)
            count("roi-delta", roi.delta.contains(Self.trueROI))
            count("roi-fieller", roi.fieller?.contains(Self.trueROI) ?? false)
            let q = try #require(r.quantileDifferences.first)
            count("median-percentile", q.percentile.contains(Self.trueMedianDifference))
            count("median-bca", q.bca?.contains(Self.trueMedianDifference) ?? false)
        }

        for key in ["mean", "roi-delta", "roi-fieller", "median-percentile", "median-bca"] {
            let k = covered[key, default: 0]
            let n = Self.repetitions
            let share = Double(k) / Double(n)
            // 0.95 lies in the Clopper–Pearson (1934) 99 % interval of k/n exactly when neither
            // binomial tail at p = 0.95 is below 0.5 %: P(X ≥ k) ≥ 0.005 and P(X ≤ k) ≥ 0.005.
            // (Tails are summed directly: GSL's beta quantile returns NaN for some of these
            // parameters, e.g. Beta⁻¹(0.005; 941, 60).)
            let upperTail = Self.binomialTail(atLeast: k, n: n, p: 0.95)
            let lowerTail = Self.binomialTail(atMost: k, n: n, p: 0.95)
            print("coverage \(pairing) \(key): \(share) (binomial tails at 0.95: P(X ≥ k) = \(upperTail), P(X ≤ k) = \(lowerTail))")
            #expect(upperTail >= 0.005 && lowerTail >= 0.005, "\(pairing) \(key) coverage \(share): outside the 99 % band around 0.95")
        }
    }

    /// P(X = j) for X ~ Binomial(n, p), in log space (lnΓ from GSL through Stochastic).
    static func binomialPMF(_ j: Int, n: Int, p: Double) -> Double {
        let lnChoose = Special.lnGamma(Double(n + 1)) - Special.lnGamma(Double(j + 1)) - Special.lnGamma(Double(n - j + 1))
        return exp(lnChoose + Double(j) * log(p) + Double(n - j) * log1p(-p))
    }

    static func binomialTail(atLeast k: Int, n: Int, p: Double) -> Double {
        (k...n).reduce(0) { $0 + binomialPMF($1, n: n, p: p) }
    }

    static func binomialTail(atMost k: Int, n: Int, p: Double) -> Double {
        (0...k).reduce(0) { $0 + binomialPMF($1, n: n, p: p) }
    }
}
