import CLVEvaluation
import CLVSimulation
import Stochastic

extension SufficientStatistics {
    /// The sufficient statistics of a normal run (or a merge of its shards), read in place from
    /// the engine's per-customer arrays through ``ValueBlock``s — one per replication (and
    /// segment) — so no outcome table is copied. Each customer's share of the variant's fixed
    /// campaign costs is deducted from its gross CLV here (``VariantOutcome/grossCLV`` leaves it
    /// out), the one place it is applied for a normal run.
    ///
    /// Comparisons come first: the bootstrap's rank arrays are freed before the variants' sorted
    /// values are made, which keeps the peak memory of the statistics phase low.
    /// - Parameter bootstrap: resampling of the median difference; `nil` skips it.
    /// - Complexity: O(n) per variant and per comparison (moments, radix sorts), n = customers ×
    ///   replications, plus O(B·√n) per comparison for B bootstrap resamples.
    public init(_ result: SimulationResult, bootstrap: BootstrapSettings?) throws(EvaluationError) {
        try Self.checkFinite(result)
        let base = result.variants[0]
        let comparisons = try parallelMap(result.variants.count - 1) { (i: Int) throws(EvaluationError) -> PairedStatistics in
            let v = result.variants[i + 1]
            let (variantBlocks, baselineBlocks) = (Self.blocks(v, of: result), Self.blocks(base, of: result))
            var paired = PairedStatistics(variant: v.name, baseline: base.name, variantBlocks: variantBlocks,
                                          baselineBlocks: baselineBlocks, costs: Self.hasCosts(v) || Self.hasCosts(base))
            paired.treated = TreatedDistribution(variant: variantBlocks, baseline: baselineBlocks)
            if let bootstrap {
                paired.quantileDifferences = try QuantileBootstrap.differences(
                    variant: Self.values(v, of: result), baseline: Self.values(base, of: result), paired: true,
                    probabilities: [0.5], settings: bootstrap)
            }
            return paired
        }
        let variants = try parallelMap(result.variants.count) { (k: Int) throws(EvaluationError) -> VariantSufficientStatistics in
            Self.variant(result.variants[k], of: result)
        }
        self.init(customers: result.customers, replications: result.replications,
                  meanAcquisitionCost: result.inputs.reduce(0) { $0 + $1.acquisitionCost } / Double(result.replications),
                  variants: variants, comparisons: comparisons)
    }

    /// One variant's samples (gross with CAC and campaign costs, net, per segment), period
    /// series and payback tally.
    /// - Complexity: O(n): passes and radix sorts over the variant's n = customers × replications values.
    static func variant(_ v: VariantOutcome, of result: SimulationResult) -> VariantSufficientStatistics {
        let n = result.customers, replications = result.replications
        let gross = SampleStatistics(blocks: blocks(v, of: result), measure: .gross, campaignCost: hasCosts(v))
        let net = SampleStatistics(blocks: blocks(v, of: result), measure: .net, campaignCost: false)
        let single = result.layout.ranges.count == 1
        let segments = result.layout.ranges.enumerated().map { g, range in
            var payback = [Int](repeating: 0, count: result.periods + 1)
            for r in 0..<replications {
                PaybackStatistics.tally(v.paybackPeriod[(r * n + range.lowerBound)..<(r * n + range.upperBound)], into: &payback)
            }
            return SegmentSufficientStatistics(
                name: result.scenario.population.segments[g].name, customers: range.count,
                gross: single ? gross : SampleStatistics(blocks: blocks(v, of: result, segment: range), measure: .gross, campaignCost: false),
                periods: PeriodSeries(v.segmentPeriodTotals[g], customers: range.count * replications), payback: payback)
        }
        var payback = [Int](repeating: 0, count: result.periods + 1)
        PaybackStatistics.tally(v.paybackPeriod[...], into: &payback)
        return VariantSufficientStatistics(
            name: v.name, gross: gross, net: net, segments: segments,
            periods: PeriodSeries(variant: v.periodTotals, inputs: result.inputs, horizon: result.scenario.horizon, customers: n * replications),
            payback: payback, aliveAtHorizon: v.aliveAtHorizon.reduce(0, +))
    }

    /// A variant's values by replication (customers `segment` of each, or all): gross CLV with the
    /// replication's fixed-cost share to deduct, campaign costs and CAC.
    static func blocks(_ v: VariantOutcome, of result: SimulationResult, segment: Range<Int>? = nil) -> [ValueBlock] {
        let n = result.customers
        let customers = segment ?? 0..<n
        return (0..<result.replications).map { r in
            let rows = (r * n + customers.lowerBound)..<(r * n + customers.upperBound)
            return ValueBlock(values: v.grossCLV[rows], sharedCost: v.fixedCostPerCustomer[r],
                              campaignCosts: v.campaignCost.isEmpty ? nil : v.campaignCost[rows],
                              acquisitionCost: result.inputs[r].acquisitionCost)
        }
    }

    /// Every value of a variant, fixed-cost share deducted (a copy only when there are fixed costs).
    static func values(_ v: VariantOutcome, of result: SimulationResult) -> [Double] {
        guard v.fixedCostPerCustomer.contains(where: { $0 != 0 }) else { return v.grossCLV }
        let n = result.customers
        var values: [Double] = []
        values.reserveCapacity(v.grossCLV.count)
        for r in 0..<result.replications {
            let share = v.fixedCostPerCustomer[r], rows = v.grossCLV[(r * n)..<((r + 1) * n)]
            if share == 0 { values.append(contentsOf: rows) } else { values.append(contentsOf: rows.lazy.map { $0 - share }) }
        }
        return values
    }

    /// Whether the variant spends anything on campaigns (its own costs or fixed ones).
    static func hasCosts(_ v: VariantOutcome) -> Bool {
        !v.campaignCost.isEmpty || v.fixedCostPerCustomer.contains { $0 != 0 }
    }

    /// A non-finite value (an extreme draw) stops the statistics with the row that carries it,
    /// as an outcome table's validation would, rather than a NaN in a report.
    /// - Complexity: O(n) per variant.
    static func checkFinite(_ result: SimulationResult) throws(EvaluationError) {
        for v in result.variants {
            let n = result.customers
            let row = v.grossCLV.firstIndex { !$0.isFinite }
            let shared = v.fixedCostPerCustomer.firstIndex { !$0.isFinite }.map { $0 * n }
            if let i = [row, shared].compactMap({ $0 }).min() {
                throw .invalidTable("variant '\(v.name)': values[\(i)] is not finite")
            }
            if let i = v.campaignCost.firstIndex(where: { !$0.isFinite }) {
                throw .invalidTable("variant '\(v.name)': campaign costs[\(i)] is not finite")
            }
        }
    }
}
