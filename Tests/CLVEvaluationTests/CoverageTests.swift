import Foundation
import Testing
import Stochastic
@testable import CLVEvaluation

/// Nominal coverage by repeated simulation (DESIGN.md §8, last point).
///
/// Each repetition simulates a paired comparison of n = 200 customers with known truth:
/// baseline value b ~ Exponential(mean 50); the variant's value (net of campaign cost) is
/// v = 1.1·b + 2; each customer's campaign cost is c = 1 + U(0, 1). Hence
/// - mean difference E[v − b] = 0.1·50 + 2 = 7,
/// - ROI = E[v − b] / E[c] = 7 / 1.5,
/// - median difference = (1.1·m + 2) − m = 0.1·m + 2 with m = 50·ln 2 (v is increasing in b).
/// 1000 repetitions (≥ 400 asked; still about a second in release); the bootstrap uses 400 resamples (modest, enough for 2.5/97.5 % points).
///
/// Acceptance: the Clopper–Pearson 99 % interval of the measured coverage contains 0.95.
/// Measured (seed 20261122, 1000 repetitions), release build, share covering
/// the truth [Clopper–Pearson 99 %]:
///   mean difference, paired-t            0.949 [0.928, 0.965]
///   ROI, delta method                    0.947 [0.926, 0.964]
///   ROI, Fieller                         0.946 [0.925, 0.963]
///   median difference, bootstrap pct.    0.946 [0.925, 0.963]
///   median difference, bootstrap BCa     0.946 [0.925, 0.963]
@Suite("Coverage of 95 % intervals")
struct CoverageTests {
    static let repetitions = 1000
    static let customers = 200

    @Test func intervalsCoverTheTruthAtTheNominalRate() throws {
        let trueMeanDifference = 7.0
        let trueROI = 7.0 / 1.5
        let trueMedianDifference = 0.1 * 50 * log(2.0) + 2

        var covered = [String: Int]()
        let stream = KeyedStream()
        for rep in 0..<Self.repetitions {
            var b = [Double](), v = [Double](), c = [Double]()
            for i in 0..<Self.customers {
                stream.rekey(CustomerKey(seed: 20261122, replication: rep, customer: i), period: 0, purpose: DrawPurpose(rawValue: 1))
                let base = stream.exponential(rate: 1.0 / 50)
                b.append(base)
                v.append(1.1 * base + 2)
                c.append(1 + stream.uniform())
            }
            let table = try OutcomeTable(pairing: .paired, variants: [
                VariantOutcomes(name: "control", values: b),
                VariantOutcomes(name: "campaign", values: v, campaignCosts: c),
            ])
            let options = ComparisonOptions(quantiles: [0.5], bootstrap: BootstrapSettings(resamples: 400, seed: UInt64(rep)))
            let r = try table.compare("campaign", with: "control", options: options)
            func count(_ key: String, _ hit: Bool) { if hit { covered[key, default: 0] += 1 } }
            count("paired-t", r.meanDifference.interval.contains(trueMeanDifference))
            let roi = try #require(r.roi)
            count("roi-delta", roi.delta.contains(trueROI))
            count("roi-fieller", roi.fieller?.contains(trueROI) ?? false)
            let q = try #require(r.quantileDifferences.first)
            count("median-percentile", q.percentile.contains(trueMedianDifference))
            count("median-bca", q.bca?.contains(trueMedianDifference) ?? false)
        }

        for key in ["paired-t", "roi-delta", "roi-fieller", "median-percentile", "median-bca"] {
            let k = covered[key, default: 0]
            let n = Self.repetitions
            let share = Double(k) / Double(n)
            // Clopper–Pearson 99 % interval of a binomial proportion (Clopper & Pearson 1934).
            let lo = k == 0 ? 0 : Distributions.betaQuantile(0.005, Double(k), Double(n - k + 1))
            let hi = k == n ? 1 : Distributions.betaQuantile(0.995, Double(k + 1), Double(n - k))
            print("coverage \(key): \(share) (99 % CP [\(lo), \(hi)])")
            #expect(lo <= 0.95 && 0.95 <= hi, "\(key) coverage \(share), 99 % interval [\(lo), \(hi)]")
        }
    }
}
