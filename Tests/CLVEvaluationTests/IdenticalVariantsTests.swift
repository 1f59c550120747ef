import Testing
import Stochastic
@testable import CLVEvaluation

/// A variant identical to its baseline — or a control compared with itself — must give a
/// difference of exactly 0 with zero width everywhere, and never be "significant".
@Suite("Identical variants")
struct IdenticalVariantsTests {
    static func sample() -> (values: [Double], costs: [Double], segments: [String], replications: [Int]) {
        let stream = KeyedStream()
        var values = [Double](), costs = [Double](), segments = [String](), reps = [Int]()
        for i in 0..<600 {
            stream.rekey(CustomerKey(seed: 5, replication: 0, customer: i), period: 0, purpose: DrawPurpose(rawValue: 3))
            values.append(stream.gamma(shape: 0.8, rate: 0.02) - 20)
            costs.append(stream.uniform())
            segments.append(i % 3 == 0 ? "regulars" : "bargain-hunters")
            reps.append(i % 4)
        }
        return (values, costs, segments, reps)
    }

    static let options = ComparisonOptions(quantiles: [0.1, 0.5, 0.9], bootstrap: BootstrapSettings(resamples: 300, seed: 11))

    func expectExactlyZero(_ c: Comparison) throws {
        #expect(c.meanDifference.estimate == 0)
        #expect(c.meanDifference.interval.lower == 0 && c.meanDifference.interval.upper == 0)
        #expect(c.meanDifference.pValue == 1)
        #expect(!c.significant)
        for q in c.quantileDifferences {
            #expect(q.estimate == 0)
            #expect(q.percentile.lower == 0 && q.percentile.upper == 0)
            let bca = try #require(q.bca)
            #expect(bca.lower == 0 && bca.upper == 0)
        }
        #expect(c.kolmogorovSmirnov?.statistic == 0)
        #expect(c.kolmogorovSmirnov?.pValue == 1)
        for s in c.segments { #expect(s.meanDifference.interval.width == 0 && s.meanDifference.estimate == 0) }
        #expect(c.probabilityBetter == 0)
        #expect(c.assumptionInterval?.lower == 0 && c.assumptionInterval?.upper == 0)
        // Equal campaign costs: no incremental cost, so ROI is undefined rather than infinite.
        #expect(c.incrementalCost?.interval.width == 0 && c.incrementalCost?.estimate == 0)
        #expect(c.roi == nil)
    }

    @Test func identicalPairedVariantsGiveExactlyZero() throws {
        let s = Self.sample()
        let table = try OutcomeTable(pairing: .paired, variants: [
            VariantOutcomes(name: "control", values: s.values, campaignCosts: s.costs, segments: s.segments, replications: s.replications),
            VariantOutcomes(name: "copy", values: s.values, campaignCosts: s.costs, segments: s.segments, replications: s.replications),
        ])
        try expectExactlyZero(try table.compare("copy", with: "control", options: Self.options))
        let set = try table.compareAll(with: "control", options: Self.options)
        #expect(set.pValueAdjustment == PValueAdjustment.none)
        try expectExactlyZero(set.comparisons[0])
        #expect(Verdict.line(set.comparisons[0], currency: "EUR") == "copy: +0.00 EUR/customer [0.00, 0.00], not significant (p = 1.00)")
    }

    @Test func controlComparedWithItselfGivesExactlyZeroEvenInAnIndependentTable() throws {
        let s = Self.sample()
        let table = try OutcomeTable(pairing: .independent, variants: [
            VariantOutcomes(name: "control", values: s.values, campaignCosts: s.costs, segments: s.segments, replications: s.replications),
            VariantOutcomes(name: "other", values: s.values.map { $0 + 1 }),
        ])
        let c = try table.compare("control", with: "control", options: Self.options)
        #expect(c.pairing == .paired)
        try expectExactlyZero(c)
    }
}
