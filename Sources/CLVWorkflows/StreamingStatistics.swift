import CLVEvaluation
import CLVSimulation
import Stochastic

extension SufficientStatistics {
    /// The sufficient statistics of a `--streaming` run (or a merge of its shards): the engine's
    /// per-replication moments, paired moments against the baseline, sketches and tallies, merged
    /// in replication and segment order. The engine already deducted each customer's share of
    /// fixed campaign costs from its gross CLV (``StreamingResult``), so the samples mean what a
    /// normal run's do.
    /// - Complexity: O(replications × segments + sketch buckets) per variant; no per-customer work.
    public init(_ result: StreamingResult) {
        let cac = result.inputs.map(\.acquisitionCost)
        let variants = result.variants.map { Self.variant($0, of: result, acquisitionCosts: cac) }
        let comparisons = result.variants.dropFirst().map { v in
            let d = v.differenceFromBaseline
            let all = d.reduce(into: PairedMoments()) { $0.merge($1) }
            let difference = SampleStatistics(overall: all.x, replications: d.map(\.x), replicationMeans: d.map(\.meanX), negatives: 0)
            let cost = v.hasCampaignCosts
                ? SampleStatistics(overall: all.y, replications: d.map(\.y), replicationMeans: d.map(\.meanY), negatives: 0) : nil
            return PairedStatistics(variant: v.name, baseline: result.variants[0].name, difference: difference, costDifference: cost,
                                    returnOnCost: v.hasCampaignCosts ? MeanPairMoments(all) : nil)
        }
        self.init(customers: result.customers, replications: result.replications,
                  meanAcquisitionCost: cac.reduce(0, +) / Double(result.replications), variants: variants, comparisons: comparisons)
    }

    static func variant(_ v: StreamingVariantOutcome, of result: StreamingResult, acquisitionCosts cac: [Double]) -> VariantSufficientStatistics {
        let replications = result.replications
        let perReplication = (0..<replications).map { v.gross(replication: $0) }
        let cost = v.campaignCost.flatMap { $0 }.reduce(into: RunningMoments()) { $0.merge($1) }
        var gross = sample(perReplication, sketch: v.grossSketch.reduce(into: QuantileSketch()) { $0.merge($1) },
                           negatives: v.negativeGross.reduce(0, +), acquisitionCosts: cac)
        gross.campaignCostPerCustomer = cost.mean
        let net = sample(zip(perReplication, cac).map { m, c in RunningMoments(count: m.count, mean: m.mean - c, m2: m.m2) },
                         sketch: v.netSketch, negatives: v.negativeNet.reduce(0, +), acquisitionCosts: nil)
        let single = result.layout.ranges.count == 1
        let segments = result.layout.ranges.enumerated().map { g, range in
            SegmentSufficientStatistics(
                name: result.scenario.population.segments[g].name, customers: range.count,
                gross: single ? gross : sample((0..<replications).map { v.gross[$0][g] }, sketch: v.grossSketch[g],
                                               negatives: v.negativeGross[g], acquisitionCosts: cac),
                periods: PeriodSeries(v.segmentPeriodTotals[g], customers: range.count * replications), payback: v.paybackCounts[g])
        }
        return VariantSufficientStatistics(
            name: v.name, gross: gross, net: net, segments: segments,
            periods: PeriodSeries(variant: v.periodTotals, inputs: result.inputs, horizon: result.scenario.horizon, customers: result.customers * replications),
            payback: (0...result.periods).map { t in v.paybackCounts.reduce(0) { $0 + $1[t] } },
            aliveAtHorizon: v.aliveAtHorizon.reduce(0, +))
    }

    /// A sample from its replications' moments and its sketch; LTV/CAC's moments when the CAC
    /// (constant within a replication) is given.
    static func sample(_ perReplication: [RunningMoments], sketch: QuantileSketch, negatives: Int, acquisitionCosts: [Double]?) -> SampleStatistics {
        SampleStatistics(overall: perReplication.reduce(into: RunningMoments()) { $0.merge($1) }, replications: perReplication,
                         replicationMeans: perReplication.map(\.mean), negatives: negatives,
                         valueAndAcquisitionCost: acquisitionCosts.flatMap { MeanPairMoments(strata: perReplication, constants: $0) },
                         quantiles: .sketch(sketch))
    }
}
