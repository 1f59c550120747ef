import Foundation
import Testing
@testable import CLVReport
@testable import CLVSimulation
@testable import CLVWorkflows

/// Through the single builder (issue #14 part 3), the summary of a `--streaming` run against the
/// summary of a normal run of the same scenario: means, intervals and comparisons equal to 1e-9 relative;
/// everything computed from moments agrees to rounding, quantiles within the sketch's 0.5 %,
/// counts exactly (issue #7).
@Suite struct StreamingSummaryTests {
    @Test func streamingSummaryAgreesWithTheNormalOne() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios/demo.yaml").standardized
        var s = try ScenarioLoader.load(path: url.path)
        s.population.customers = 20_000
        let exact = try SummaryBuilder.build(try await SimulationEngine(scenario: s, threads: 2).run(), options: .init(bootstrapResamples: 0))
        let streamed = try SummaryBuilder.build(try await SimulationEngine(scenario: s, threads: 2).runStreaming())
        func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool { abs(a - b) <= tol * max(1, abs(a), abs(b)) }
        func closeAll(_ a: [Double]?, _ b: [Double]?, _ tol: Double = 1e-9) -> Bool {
            guard let a, let b, a.count == b.count else { return a == nil && b == nil }
            return zip(a, b).allSatisfy { close($0, $1, tol) }
        }
        for (e, st) in zip(exact.variants, streamed.variants) {
            for (de, ds) in [(e.clv.gross, st.clv.gross), (e.clv.net, st.clv.net)] {
                #expect(close(de.mean, ds.mean) && closeAll(de.ci95, ds.ci95), "\(e.name) mean/CI")
                #expect(close(de.standardDeviation!, ds.standardDeviation!))
                #expect(closeAll(de.assumptionInterval95, ds.assumptionInterval95))
                #expect(de.shareNegative == ds.shareNegative)
                for (qe, qs) in zip(de.quantiles!.values, ds.quantiles!.values) {
                    #expect(abs(qe - qs) <= 0.005 * abs(qe) + 1e-6, "\(e.name) quantile \(qe) vs \(qs)")
                }
                #expect(abs(de.top10Share! - ds.top10Share!) <= 0.005 * de.top10Share!)
            }
            #expect(close(e.ltvCac!.estimate, st.ltvCac!.estimate) && closeAll(e.ltvCac!.ci95, st.ltvCac!.ci95) && closeAll(e.ltvCac!.fiellerCI95, st.ltvCac!.fiellerCI95))
            #expect(close(e.campaignCost, st.campaignCost) && e.retainedShare == st.retainedShare)
            #expect(close(e.revenuePerCustomer, st.revenuePerCustomer, 1e-12) && closeAll(e.survival, st.survival, 1e-12))
            #expect(closeAll(e.cumulativeDiscountedValue, st.cumulativeDiscountedValue, 1e-12))
            #expect(e.payback == st.payback)
            for (ge, gs) in zip(e.segments, st.segments) {
                #expect(close(ge.clv.gross.mean, gs.clv.gross.mean) && closeAll(ge.clv.gross.ci95, gs.clv.gross.ci95))
                #expect(ge.payback == gs.payback && ge.clv.gross.shareNegative == gs.clv.gross.shareNegative)
            }
            let total = e.histogram!.counts.reduce(0, +) + e.histogram!.below + e.histogram!.above
            #expect(st.histogram!.counts.reduce(0, +) + st.histogram!.below + st.histogram!.above == total)
        }
        #expect(exact.comparisons.count == 2 && streamed.comparisons.count == 2)
        for (ce, cs) in zip(exact.comparisons, streamed.comparisons) {
            let d = ce.grossMeanDifference, ds = cs.grossMeanDifference
            #expect(close(d.estimate, ds.estimate) && closeAll(d.ci95, ds.ci95) && d.method == ds.method)
            #expect(close(d.pValue!, ds.pValue!, 1e-6) && close(d.adjustedPValue!, ds.adjustedPValue!, 1e-6) && d.significant == ds.significant)
            #expect(close(ce.roi!.estimate, cs.roi!.estimate) && closeAll(ce.roi!.ci95, cs.roi!.ci95) && closeAll(ce.roi!.fiellerCI95, cs.roi!.fiellerCI95))
            #expect(close(ce.campaignCost, cs.campaignCost) && close(ce.incrementalRevenue, cs.incrementalRevenue, 1e-9))
            #expect(ce.probabilityBetter == cs.probabilityBetter && closeAll(ce.assumptionInterval95, cs.assumptionInterval95))
            #expect(ce.verdict == cs.verdict)
            #expect(cs.quantileDifferences == nil && cs.kolmogorovSmirnov == nil)
        }
    }
}
