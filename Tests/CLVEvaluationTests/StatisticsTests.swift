import Foundation
import Testing
import Stochastic
@testable import CLVEvaluation

/// Per-variant statistics, payback, replications, Holm in comparisons, the verdict line and the
/// JSON shape. Expected values are worked by hand in the comments.
@Suite("Variant statistics and reporting")
struct StatisticsTests {
    @Test func quantilesShareNegativeAndTopDecile() throws {
        // 1…20 minus 5: values −4…15. Type 7: p50 at h = 19·0.5 = 9.5 → (5 + 6)/2 = 5.5;
        // p10 at h = 19·0.1 = 1.9, between the 2nd and 3rd order statistics −3 and −2 → −2.1. Negative: −4…−1 = 4 of 20. Total 110; top 2
        // values 14 + 15 = 29 → 29/110.
        let values = (1...20).map { Double($0) - 5 }
        let s = try DistributionSummary(VariantOutcomes(name: "a", values: values), histogramEdges: [-10, 0, 20])
        #expect(s.quantiles.p50 == 5.5)
        #expect(Swift.abs(s.quantiles.p10 - -2.1) < 1e-14) // one interpolation step: a few ulps
        #expect(s.shareNegative == 0.2)
        #expect(s.topDecileShare == 29.0 / 110.0)
        #expect(s.histogram.counts == [4, 16] && s.histogram.below == 0 && s.histogram.above == 0)
        #expect(s.mean?.interval.method == .t)
    }

    @Test func histogramEdgesAreSharedAcrossVariantsAndSegments() throws {
        let stream = KeyedStream()
        var a = [Double](), b = [Double]()
        for i in 0..<1000 {
            stream.rekey(CustomerKey(seed: 3, replication: 0, customer: i), period: 0, purpose: DrawPurpose(rawValue: 4))
            a.append(stream.gamma(shape: 1, rate: 0.02))
            b.append(stream.gamma(shape: 1.2, rate: 0.02) - 5)
        }
        let segments = (0..<1000).map { $0 % 2 == 0 ? "x" : "y" }
        let table = try OutcomeTable(pairing: .paired, variants: [
            VariantOutcomes(name: "a", values: a, segments: segments), VariantOutcomes(name: "b", values: b, segments: segments),
        ])
        let stats = try table.statistics()
        let edges = stats[0].overall.histogram.edges
        #expect(edges.count >= 3 && edges.count <= 61)
        #expect(stats[1].overall.histogram.edges == edges)
        #expect(stats[0].segments.map(\.name) == ["x", "y"])
        #expect(stats[0].segments[1].summary.histogram.edges == edges)
        for v in stats {
            let h = v.overall.histogram
            #expect(h.counts.reduce(0, +) + h.below + h.above == 1000)
            #expect(v.segments.map(\.summary.customers).reduce(0, +) == 1000)
        }
    }

    @Test func ltvCacWithConstantCACIsTheMeanIntervalScaled() throws {
        // With a constant CAC, Var(CAC) = 0: both delta and Fieller reduce to (x̄ ± z·s/√n)/CAC.
        let values = (0..<50).map { 20 + Double($0 % 7) * 3 }
        let s = try DistributionSummary(VariantOutcomes(name: "a", values: values, acquisitionCosts: [Double](repeating: 10, count: 50)), histogramEdges: [0, 100])
        let l = try #require(s.ltvCac)
        let m = try MeanInterval.oneSample(values)
        let z = Distributions.normalQuantile(0.975)
        // Same operations in another order: agreement to a few ulps.
        #expect(Swift.abs(l.ratio.estimate - m.estimate / 10) < 1e-14)
        #expect(Swift.abs(l.ratio.delta.lower - (m.estimate - z * m.standardError) / 10) < 1e-13)
        #expect(Swift.abs(l.ratio.fieller!.upper - (m.estimate + z * m.standardError) / 10) < 1e-13)
        #expect(l.meetsThreshold == (l.ratio.estimate >= 3))
        #expect(l.threshold == 3)
    }

    @Test func paybackOfAKnownExample() throws {
        // CAC 10. c1 reaches 12 ≥ 10 in period 3; c2 reaches 10 in period 1; c3 never.
        // Cumulative share [1/3, 1/3, 2/3, 2/3] → median period 3. Mean path 5, 10, … reaches
        // the mean CAC 10 in period 2.
        let paths = try CashFlowPaths(cumulative: [[4, 8, 12, 16], [10, 20, 30, 40], [1, 2, 3, 4]], acquisitionCost: 10)
        let p = PaybackStatistics(paths)
        #expect(p.distribution == [1, 0, 1, 0])
        #expect(p.neverPaidBack == 1)
        #expect(p.medianPeriod == 3)
        #expect(p.averageCustomerPeriod == 2)
        #expect(p.paidBackShare == 2.0 / 3.0)
        // One segment: customers 0 and 2 → paid back in 3 and never.
        let segment = PaybackStatistics(try paths.rows([0, 2]))
        #expect(segment.distribution == [0, 0, 1, 0] && segment.neverPaidBack == 1 && segment.medianPeriod == 3)
        // Fewer than half paid back: no median.
        let late = PaybackStatistics(try CashFlowPaths(cumulative: [[0, 0], [0, 0], [0, 11]], acquisitionCost: 10))
        #expect(late.medianPeriod == nil)
    }

    @Test func replicationsGiveProbabilityBetterAndAnAssumptionInterval() throws {
        // Per-replication mean differences: +1, +2, −1, +3 → 3 of 4 better. Type-7 2.5 % and
        // 97.5 % points of {−1, 1, 2, 3}: −1 + 0.075·2 = −0.85 and 2 + 0.925·1 = 2.925.
        let reps = [0, 0, 1, 1, 2, 2, 3, 3]
        let base = [Double](repeating: 10, count: 8)
        let variant: [Double] = [11, 11, 12, 12, 9, 9, 13, 13]
        let table = try OutcomeTable(pairing: .independent, variants: [
            VariantOutcomes(name: "control", values: base, replications: reps),
            VariantOutcomes(name: "promo", values: variant, replications: reps),
        ])
        let c = try table.compare("promo", with: "control", options: ComparisonOptions(quantiles: [], bootstrap: .init(resamples: 10, seed: 1)))
        #expect(c.probabilityBetter == 0.75)
        #expect(c.replications == 4)
        let a = try #require(c.assumptionInterval)
        #expect(Swift.abs(a.lower - -0.85) < 1e-14 && Swift.abs(a.upper - 2.925) < 1e-14)
        #expect(a.method == .assumptionPercentile)
        #expect(a.estimate == 1.25)
    }

    @Test func monteCarloIntervalExcludesTheSpreadBetweenReplications() throws {
        // Five replications whose inputs shift every customer by 0, 10, …, 40; within a
        // replication values are 1…20 (s² = 35). The between-replication spread belongs to the
        // assumption interval only: the Monte Carlo se is √(5·20·35)/100 = √0.35, whatever the shifts.
        var values = [Double](), reps = [Int]()
        for r in 0..<5 { for i in 1...20 { values.append(Double(i) + 10 * Double(r)); reps.append(r) } }
        let s = try DistributionSummary(VariantOutcomes(name: "a", values: values, replications: reps), histogramEdges: [0, 100])
        let mean = try #require(s.mean)
        #expect(mean.strata == 5)
        #expect(Swift.abs(mean.standardError - (0.35).squareRoot()) < 1e-14) // a few ulps of arithmetic
        let assumption = try #require(s.assumptionInterval)
        #expect(assumption.width > 30) // per-replication means 10.5 … 50.5: 2.5–97.5 % spread 39
        #expect(mean.interval.width < 2.5)
    }

    @Test func moreThanTwoVariantsAreHolmAdjusted() throws {
        let stream = KeyedStream()
        var columns = [[Double]](repeating: [], count: 3)
        for i in 0..<300 {
            stream.rekey(CustomerKey(seed: 8, replication: 0, customer: i), period: 0, purpose: DrawPurpose(rawValue: 5))
            let base = stream.gamma(shape: 2, rate: 0.05)
            columns[0].append(base)
            columns[1].append(base + stream.normal(mean: 0.3, sd: 2))
            columns[2].append(base + stream.normal(mean: 0, sd: 2))
        }
        let table = try OutcomeTable(pairing: .paired, variants: zip(["control", "a", "b"], columns).map { try VariantOutcomes(name: $0, values: $1) })
        let set = try table.compareAll(with: "control", options: ComparisonOptions(quantiles: [], bootstrap: .init(resamples: 10, seed: 1)))
        #expect(set.pValueAdjustment == .holm)
        let raw = set.comparisons.map(\.meanDifference.pValue)
        #expect(set.comparisons.map(\.adjustedPValue) == Holm.adjust(raw))
        #expect(set.comparisons.allSatisfy { $0.pValueAdjustment == .holm && $0.significant == ($0.adjustedPValue < 0.05) })
    }

    @Test func verdictLineHasTheAgreedFormat() {
        let diff = IntervalEstimate(estimate: 4.1234, lower: 3.98, upper: 4.2649, level: 0.95, method: .pairedT)
        let roi = RatioEstimate(
            estimate: 2.3, standardError: 0.1,
            delta: IntervalEstimate(estimate: 2.3, lower: 2.1, upper: 2.5, level: 0.95, method: .delta), fieller: nil)
        let ltv = LTVCAC(ratio: RatioEstimate(
            estimate: 3.4, standardError: 0.05,
            delta: IntervalEstimate(estimate: 3.4, lower: 3.3, upper: 3.5, level: 0.95, method: .delta), fieller: nil))
        let c = Comparison(
            variant: "loyalty", baseline: "control", pairing: .paired, variantCustomers: 10, baselineCustomers: 10,
            meanDifference: TTest(interval: diff, standardError: 0.07, degreesOfFreedom: 9, statistic: 58, pValue: 1e-12),
            adjustedPValue: 1e-12, pValueAdjustment: .none, significant: true, incrementalCost: nil, incrementalValue: nil, incrementalRevenue: nil,
            roi: roi, probabilityBetter: nil, replications: nil, assumptionInterval: nil, quantileDifferences: [],
            kolmogorovSmirnov: KolmogorovSmirnov([1, 2], [1, 2]), segments: [])
        #expect(Verdict.line(c, ltvCac: ltv, currency: "EUR") == "loyalty: +4.12 EUR/customer [3.98, 4.26], ROI 2.30× [2.10, 2.50], LTV/CAC 3.4 ≥ 3")
    }

    @Test func jsonCarriesMethodAndCi95AndRoundTrips() throws {
        let s = IdenticalVariantsTests.sample()
        let table = try OutcomeTable(pairing: .paired, variants: [
            VariantOutcomes(name: "control", values: s.values, segments: s.segments),
            VariantOutcomes(name: "promo", values: s.values.map { $0 * 1.01 + 0.5 }, campaignCosts: s.costs, segments: s.segments),
        ])
        let set = try table.compareAll(with: "control", options: ComparisonOptions(bootstrap: .init(resamples: 100, seed: 2)))
        let data = try JSONEncoder().encode(set)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"ci95\""))
        #expect(text.contains("\"method\":\"paired-t\""))
        #expect(text.contains("\"method\":\"bootstrap-bca\""))
        #expect(try JSONDecoder().decode(ComparisonSet.self, from: data) == set)
        let stats = try table.statistics()
        #expect(try JSONDecoder().decode([VariantStatistics].self, from: JSONEncoder().encode(stats)) == stats)
        #expect(try JSONDecoder().decode(OutcomeTable.self, from: JSONEncoder().encode(table)) == table)
    }
}
