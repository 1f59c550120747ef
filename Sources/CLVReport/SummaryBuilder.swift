import CLVEvaluation
import CLVSimulation
import Stochastic

/// Turns a ``SimulationResult`` into the ``Summary`` every output format renders.
///
/// The statistics come from CLVEvaluation, which knows nothing of the engine: the simulation is
/// turned into an outcome table (per-customer values by variant, paired by common random
/// numbers, with replication and segment labels), exactly as observed A/B data would be.
public enum SummaryBuilder {
    public struct Options: Sendable {
        /// Bootstrap resamples for quantile differences (0: skip them).
        public var bootstrapResamples: Int
        public init(bootstrapResamples: Int = 200) { self.bootstrapResamples = bootstrapResamples }
    }

    public static func build(_ result: SimulationResult, sensitivity: SensitivityAnalysis? = nil, sensitivityCustomers: Int = 0,
                             options: Options = Options()) throws -> Summary {
        let s = result.scenario
        let n = result.customers
        let replications = result.replications
        let table = try outcomeTable(result)
        let stats = try table.statistics(maxBins: 40)
        let netTable = try OutcomeTable(pairing: .paired, variants: table.variants.map { v in
            try VariantOutcomes(name: v.name, values: zip(v.values, v.acquisitionCosts!).map { $0 - $1 }, replications: v.replications)
        })
        let netStats = try netTable.statistics(maxBins: 40)
        let population = Double(n * replications)

        var variants: [VariantSummary] = []
        for (k, outcome) in result.variants.enumerated() {
            let totals = pooled(outcome, periods: result.periods)
            var running = 0.0
            let cumulative = (1...result.periods).map { t in
                running += totals[t, .discountedCashFlow] / population
                return running
            }
            let meanCAC = result.inputs.reduce(0) { $0 + $1.acquisitionCost } / Double(replications)
            let averagePayback = cumulative.firstIndex { $0 >= meanCAC }.map { $0 + 1 }
            variants.append(VariantSummary(
                name: outcome.name,
                clv: CLVBlock(gross: distribution(stats[k].overall), net: distribution(netStats[k].overall)),
                retainedShare: Double(outcome.aliveAtHorizon.reduce(0, +)) / population,
                purchasesPerCustomer: totals.total(.purchases) / population,
                revenuePerCustomer: totals.total(.revenue) / population,
                ltvCac: stats[k].overall.ltvCac.map(ratio),
                campaignCost: stats[k].overall.campaignCostPerCustomer ?? 0,
                segments: zip(s.population.segments, result.layout.ranges).enumerated().map { g, pair in
                    let (segment, range) = pair
                    // With one segment the overall statistics are the segment's (no labels were built).
                    let summary = s.population.segments.count == 1 ? stats[k].overall
                        : stats[k].segments.first { $0.name == segment.name }?.summary
                    let size = Double(range.count * replications)
                    let totals = outcome.segmentPeriodTotals[g]
                    var running = 0.0
                    let cumulative = (1...result.periods).map { t in running += totals[t, .discountedCashFlow] / size; return running }
                    var periods: [Int32] = []
                    for r in 0..<replications { periods += outcome.paybackPeriod[(r * n + range.lowerBound)..<(r * n + range.upperBound)] }
                    return SegmentSummary(name: segment.name, customers: range.count,
                                          clv: .init(gross: summary.map(distribution) ?? Distribution(mean: 0, ci95: [0, 0])),
                                          ltvCac: summary?.ltvCac.map(ratio),
                                          payback: PaybackStatistics(paybackPeriods: periods, periods: result.periods,
                                                                     averageCustomerPeriod: cumulative.firstIndex { $0 >= meanCAC }.map { $0 + 1 }),
                                          survival: (1...result.periods).map { totals[$0, .alive] / size },
                                          cumulativeDiscountedValue: cumulative)
                },
                histogram: stats[k].overall.histogram,
                payback: PaybackStatistics(paybackPeriods: outcome.paybackPeriod, periods: result.periods, averageCustomerPeriod: averagePayback),
                survival: (1...result.periods).map { totals[$0, .alive] / population },
                cumulativeDiscountedValue: cumulative))
        }

        var comparisons: [Comparison] = []
        var multiplicity: String?
        if result.variants.count > 1 {
            let options = ComparisonOptions(quantiles: options.bootstrapResamples > 0 ? [0.5] : [],
                                            bootstrap: BootstrapSettings(resamples: max(options.bootstrapResamples, 1), seed: s.seed))
            let set = try table.compareAll(with: result.variants[0].name, options: options)
            multiplicity = set.pValueAdjustment == .holm
                ? "Holm (1979) step-down adjustment over \(set.comparisons.count) comparisons with \(set.baseline); adjusted p-values decide significance"
                : "one comparison: no adjustment"
            let base = pooled(result.variants[0], periods: result.periods)
            for c in set.comparisons {
                let v = result.variants.first { $0.name == c.variant }!
                let vt = pooled(v, periods: result.periods)
                let ltv = stats.first { $0.name == c.variant }?.overall.ltvCac
                comparisons.append(Comparison(
                    variant: c.variant, baseline: c.baseline,
                    grossMeanDifference: Estimate(estimate: c.meanDifference.estimate, ci95: [c.meanDifference.interval.lower, c.meanDifference.interval.upper],
                                                  method: c.meanDifference.interval.method.rawValue, pValue: c.meanDifference.pValue,
                                                  adjustedPValue: c.adjustedPValue, pValueAdjustment: c.pValueAdjustment.rawValue, significant: c.significant),
                    incrementalRevenue: (vt.total(.revenue) - base.total(.revenue)) / population,
                    incrementalMargin: (vt.total(.margin) - base.total(.margin)) / population,
                    campaignCost: c.incrementalCost?.estimate ?? 0,
                    roi: c.roi.map { r in
                        Ratio(estimate: r.estimate, ci95: [r.delta.lower, r.delta.upper], method: r.delta.method.rawValue,
                              fiellerCI95: r.fieller.map { [$0.lower, $0.upper] })
                    },
                    probabilityBetter: c.probabilityBetter,
                    assumptionInterval95: c.assumptionInterval.map { [$0.lower, $0.upper] },
                    quantileDifferences: c.quantileDifferences.isEmpty ? nil : c.quantileDifferences,
                    kolmogorovSmirnov: c.kolmogorovSmirnov,
                    verdict: Verdict.line(c, ltvCac: ltv, currency: s.economics.currency)))
            }
        }
        var tables: [SensitivityTable]?
        if let sensitivity {
            tables = sensitivity.variants.map {
                SensitivityTable(variant: $0.name, baseline: result.variants[0].name, customers: sensitivityCustomers,
                                 incrementalAtMeans: $0.baseline, rows: $0.rows)
            }
        }
        return Summary(
            scenario: s.name, seed: s.seed, replications: replications, customers: n, periods: s.horizon.periods,
            period: s.horizon.period.rawValue, currency: s.economics.currency,
            conventions: Conventions(periodDiscountRate: result.inputs[0].periodDiscountRate(s.horizon.period)),
            variants: variants, comparisons: comparisons, sensitivity: tables, multiplicity: multiplicity,
            scenarioEcho: s, replicationInputs: result.inputs)
    }

    /// The simulation as an outcome table: per customer (replication-major), gross CLV with the
    /// customer's share of fixed campaign costs, campaign cost, CAC, segment and replication.
    public static func outcomeTable(_ result: SimulationResult) throws -> OutcomeTable {
        let n = result.customers, replications = result.replications
        // Segment labels only matter with several segments; 10⁶ labels cost real time to hash.
        let labelled = result.scenario.population.segments.count > 1
        var segments: [String] = []
        if labelled { segments.reserveCapacity(n * replications) }
        var labels: [Int] = []
        labels.reserveCapacity(n * replications)
        for r in 0..<replications {
            for (k, range) in result.layout.ranges.enumerated() {
                let name = result.scenario.population.segments[k].name
                if labelled { segments.append(contentsOf: repeatElement(name, count: range.count)) }
            }
            labels.append(contentsOf: repeatElement(r, count: n))
        }
        var cac = [Double](repeating: 0, count: n * replications)
        for r in 0..<replications { for i in 0..<n { cac[r * n + i] = result.inputs[r].acquisitionCost } }
        return try OutcomeTable(pairing: .paired, variants: result.variants.map { v in
            var values = v.grossCLV
            let hasCosts = !v.campaignCost.isEmpty || v.fixedCostPerCustomer.contains { $0 != 0 }
            var costs = hasCosts ? (v.campaignCost.isEmpty ? [Double](repeating: 0, count: values.count) : v.campaignCost) : []
            for r in 0..<replications where v.fixedCostPerCustomer[r] != 0 {
                for i in (r * n)..<((r + 1) * n) {
                    values[i] -= v.fixedCostPerCustomer[r]
                    costs[i] += v.fixedCostPerCustomer[r]
                }
            }
            return try VariantOutcomes(name: v.name, values: values, campaignCosts: hasCosts ? costs : nil,
                                       acquisitionCosts: cac, segments: labelled ? segments : nil, replications: labels)
        })
    }

    static func distribution(_ d: DistributionSummary) -> Distribution {
        var out = Distribution(mean: d.mean?.estimate ?? 0,
                               ci95: d.mean.map { [$0.interval.lower, $0.interval.upper] } ?? [0, 0])
        out.method = d.mean?.interval.method.rawValue ?? "t"
        out.standardDeviation = d.standardDeviation
        out.assumptionInterval95 = d.assumptionInterval.map { [$0.lower, $0.upper] }
        out.quantiles = d.quantiles
        out.shareNegative = d.shareNegative
        out.top10Share = d.topDecileShare
        return out
    }

    static func ratio(_ l: LTVCAC) -> Ratio {
        Ratio(estimate: l.ratio.estimate, ci95: [l.ratio.delta.lower, l.ratio.delta.upper], method: l.ratio.delta.method.rawValue,
              fiellerCI95: l.ratio.fieller.map { [$0.lower, $0.upper] }, meetsThreeToOne: l.meetsThreshold,
              lowerBoundMeetsThreeToOne: l.lowerBoundMeetsThreshold)
    }

    static func pooled(_ v: VariantOutcome, periods: Int) -> PeriodTotals {
        PeriodTotals.sum(v.periodTotals, periods: periods)
    }
}
