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
/// [Clopper–Pearson 99 %]:
///   paired                                  independent
///   mean difference, paired-t  0.949 [0.928, 0.965]   Welch  0.944 [0.923, 0.961]
///   ROI, delta method          0.947 [0.926, 0.964]          0.944 [0.923, 0.961]
///   ROI, Fieller               0.946 [0.925, 0.963]          0.944 [0.923, 0.961]
///   median diff., bootstrap %  0.946 [0.925, 0.963]          0.958 [0.939, 0.973]
///   median diff., BCa          0.946 [0.925, 0.963]          0.939 [0.917, 0.957]
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
            // Clopper–Pearson 99 % interval of a binomial proportion (Clopper & Pearson 1934).
            let lo = k == 0 ? 0 : Distributions.betaQuantile(0.005, Double(k), Double(n - k + 1))
            let hi = k == n ? 1 : Distributions.betaQuantile(0.995, Double(k + 1), Double(n - k))
            print("coverage \(pairing) \(key): \(share) (99 % CP [\(lo), \(hi)])")
            #expect(lo <= 0.95 && 0.95 <= hi, "\(pairing) \(key) coverage \(share), 99 % interval [\(lo), \(hi)]")
        }
    }
}
