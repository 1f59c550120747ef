import CLVEvaluation
import CLVReport
import CLVSimulation
import Stochastic

/// Turns a run's ``SufficientStatistics`` into the ``Summary`` document every output format
/// renders: the single builder for normal, streaming and merged runs.
///
/// The statistics come from CLVEvaluation (``SufficientStatistics/evaluate(_:)``), which knows
/// nothing of the engine; this builder only arranges them with the scenario echo, the
/// conventions, the sensitivity tables and the verdict lines.
public enum SummaryBuilder {
    public struct Options: Sendable {
        /// Bootstrap resamples for the median differences (0: skip them; streaming runs never have them).
        public var bootstrapResamples: Int
        /// Levels of the intervals and of significance (Holm).
        public var evaluation: EvaluationOptions
        public init(bootstrapResamples: Int = 200, evaluation: EvaluationOptions = EvaluationOptions()) {
            self.bootstrapResamples = bootstrapResamples
            self.evaluation = evaluation
        }
    }

    /// The summary of a normal run (or a merge of its shards).
    public static func build(_ result: SimulationResult, sensitivity: SensitivityAnalysis? = nil, sensitivityCustomers: Int = 0,
                             options: Options = Options()) throws -> Summary {
        let bootstrap = options.bootstrapResamples > 0 && result.variants.count > 1
            ? BootstrapSettings(resamples: options.bootstrapResamples, seed: result.scenario.seed) : nil
        let statistics = try SufficientStatistics(result, bootstrap: bootstrap)
        var summary = try build(statistics, scenario: result.scenario, inputs: result.inputs, resolved: result.resolvedInputs, sensitivity: sensitivity,
                                sensitivityCustomers: sensitivityCustomers, options: options.evaluation)
        addReach(result.variants.map { ($0.name, $0.reach) }, customers: result.customers, to: &summary)
        return summary
    }

    /// The summary of a `--streaming` run (or a merge of its shards).
    public static func build(_ result: StreamingResult, sensitivity: SensitivityAnalysis? = nil, sensitivityCustomers: Int = 0,
                             options: Options = Options()) throws -> Summary {
        var summary = try build(SufficientStatistics(result), scenario: result.scenario, inputs: result.inputs, resolved: result.resolvedInputs, sensitivity: sensitivity,
                                sensitivityCustomers: sensitivityCustomers, options: options.evaluation)
        addReach(result.variants.map { ($0.name, $0.reach) }, customers: result.customers, to: &summary)
        return summary
    }

    /// The summary from sufficient statistics and the scenario they were simulated from.
    public static func build(_ statistics: SufficientStatistics, scenario s: Scenario, inputs: [ReplicationInputs],
                             resolved: [ResolvedInputs] = [], sensitivity: SensitivityAnalysis?, sensitivityCustomers: Int,
                             options: EvaluationOptions = EvaluationOptions()) throws -> Summary {
        let evaluation = try statistics.evaluate(options)
        let variants = evaluation.variants.map(variant)
        var comparisons: [ComparisonReport] = []
        var multiplicity: String?
        if let set = evaluation.comparisons {
            multiplicity = set.pValueAdjustment == .holm
                ? "Holm (1979) step-down adjustment over \(set.comparisons.count) comparisons with \(set.baseline); adjusted p-values decide significance"
                : "one comparison: no adjustment"
            let uncertain = !InputCatalog(s).uncertain.isEmpty || s.population.drawsParameters
            comparisons = zip(set.comparisons, evaluation.variants.indices.dropFirst()).map { c, k in
                var report = comparison(c, of: evaluation.variants[k], currency: s.economics.currency)
                report.decision = decision(c, uncertainInputs: uncertain, baseSize: s.population.base,
                                           variant: (evaluation.variants[k], statistics.variants[k].periods),
                                           baseline: (evaluation.variants[0], statistics.variants[0].periods))
                report.treated = statistics.comparisons[k - 1].treated
                if let analysis = sensitivity, let v = analysis.variants.firstIndex(where: { $0.name == c.variant }), v < analysis.breakEven.count {
                    report.decision?.breakEven = analysis.breakEven[v]
                }
                return report
            }
        }
        let tables = sensitivity.map { analysis in
            analysis.variants.map {
                SensitivityTable(variant: $0.name, baseline: s.variants[0].name, customers: sensitivityCustomers,
                                 incrementalAtMeans: $0.baseline, rows: $0.rows)
            }
        }
        var conventions = Conventions(periodDiscountRate: inputs[0].periodDiscountRate(s.horizon.period))
        if statistics.quantilesFromSketches {
            conventions.quantiles = "streaming run: read from a mergeable log-bucket sketch (DDSketch-style), each within "
                + "\(QuantileSketch.relativeAccuracy * 100)% relative (|x| < 1e-6 counted as 0); histogram and top-10% share from the same sketch; "
                + "no bootstrap quantile differences or Kolmogorov-Smirnov distance (they need every value)"
        }
        var summary = Summary(
            scenario: s.name, seed: s.seed, replications: statistics.replications, customers: statistics.customers,
            periods: s.horizon.periods, period: s.horizon.period.rawValue, currency: s.economics.currency, conventions: conventions,
            variants: variants, comparisons: comparisons, sensitivity: tables, multiplicity: multiplicity,
            scenarioEcho: s, replicationInputs: inputs)
        summary.baseSize = s.population.base
        summary.replicationResults = replicationResults(statistics, names: InputCatalog(s).uncertain.map(\.name), resolved: resolved)
        return summary
    }

    /// Each replication's uncertain inputs and per-customer means, from the per-replication
    /// moments the intervals are computed from.
    static func replicationResults(_ st: SufficientStatistics, names: [String], resolved: [ResolvedInputs]) -> [ReplicationResult] {
        (0..<st.replications).map { r in
            let named = r < resolved.count ? Dictionary(resolved[r].named, uniquingKeysWith: { a, _ in a }) : [:]
            let inputs = names.compactMap { n in named[n].map { ReplicationResult.InputValue(input: n, value: $0) } }
            let variants = st.variants.enumerated().map { v, x in
                let paired = v > 0 && v - 1 < st.comparisons.count ? st.comparisons[v - 1] : nil
                return ReplicationResult.Variant(variant: x.name, grossCLV: x.gross.replicationMeans[r], netCLV: x.net.replicationMeans[r],
                                                 incrementalValue: paired?.difference.replicationMeans[r],
                                                 incrementalCost: paired?.costDifference?.replicationMeans[r])
            }
            return ReplicationResult(replication: r + 1, inputs: inputs, variants: variants)
        }
    }

    /// The reach of every intervention, and the warnings of the reach and of the sensitivity
    /// tables: interventions reaching nobody or under 1 % of the base, uncertain inputs that move
    /// no variant.
    static func addReach(_ variants: [(name: String, reach: [InterventionReach])], customers: Int, to summary: inout Summary) {
        let base = summary.baseSize ?? customers
        let reach = variants.flatMap { v in v.reach.map { ReachReport(variant: v.name, reach: $0, customers: customers, baseSize: base) } }
        var warnings = reach.compactMap(\.warning)
        if let tables = summary.sensitivity, let first = tables.first {
            for row in first.rows {
                let moves = tables.contains { t in t.rows.contains { $0.input == row.input && $0.swing != 0 } }
                if !moves { warnings.append("uncertain input '\(row.input)' has no effect on any variant: its range changes no result") }
            }
        }
        if !reach.isEmpty { summary.reach = reach }
        if !warnings.isEmpty { summary.warnings = warnings }
    }

    /// The decision of one comparison: verdict, money per customer and over the base, ROI with
    /// both intervals, the campaign's payback and the waterfall.
    static func decision(_ c: Comparison, uncertainInputs: Bool, baseSize: Int,
                         variant: (evaluation: VariantEvaluation, periods: PeriodSeries),
                         baseline: (evaluation: VariantEvaluation, periods: PeriodSeries)) -> DecisionReport {
        let d = Decision(c, uncertainInputs: uncertainInputs)
        let difference = c.meanDifference.interval
        let assumption = uncertainInputs ? c.assumptionInterval.map { [$0.lower, $0.upper] } : nil
        let money = DecisionReport.Money(incrementalValue: difference.estimate, ci95: [difference.lower, difference.upper],
                                         assumptionInterval95: assumption, campaignCost: c.incrementalCost?.estimate ?? 0)
        let roi = c.roi.map { r in
            DecisionReport.ROI(estimate: r.estimate, ci95: [r.delta.lower, r.delta.upper],
                               assumptionInterval95: uncertainInputs ? c.roiAssumptionInterval.map { [$0.lower, $0.upper] } : nil)
        }
        let payback = CampaignPayback.of(variant: variant.evaluation.cumulativeDiscountedValue,
                                         baseline: baseline.evaluation.cumulativeDiscountedValue)
        var steps: [DecisionReport.WaterfallStep] = []
        if let v = variant.periods.components, let b = baseline.periods.components {
            let delta = v.per(Double(variant.periods.customers)).minus(b.per(Double(baseline.periods.customers)))
            steps = DecisionReport.waterfall(delta, baseSize: baseSize)
        }
        return DecisionReport(verdict: d.verdict.rawValue, statement: d.statement, advice: d.advice,
                              probabilityOfGain: d.probabilityOfGain, probabilityOfLoss: d.probabilityOfLoss,
                              replications: d.replications, baseSize: baseSize, perCustomer: money, roi: roi,
                              paybackPeriod: payback.period, payback: payback.description, waterfall: steps)
    }

    static func variant(_ e: VariantEvaluation) -> VariantSummary {
        var summary = VariantSummary(
            name: e.name, clv: CLVBlock(gross: distribution(e.gross), net: distribution(e.net)),
            retainedShare: e.retainedShare, purchasesPerCustomer: e.purchasesPerCustomer, revenuePerCustomer: e.revenuePerCustomer,
            ltvCac: e.gross.ltvCac.map(ratio), campaignCost: e.gross.campaignCostPerCustomer ?? 0,
            segments: e.segments.map { g in
                SegmentReport(name: g.name, customers: g.customers ?? g.summary.customers, clv: .init(gross: distribution(g.summary)),
                              ltvCac: g.summary.ltvCac.map(ratio), payback: g.payback, survival: g.survival,
                              cumulativeDiscountedValue: g.cumulativeDiscountedValue)
            },
            histogram: e.gross.histogram, payback: e.payback, survival: e.survival, cumulativeDiscountedValue: e.cumulativeDiscountedValue)
        summary.netHistogram = e.net.histogram
        return summary
    }

    static func comparison(_ c: Comparison, of v: VariantEvaluation, currency: String) -> ComparisonReport {
        ComparisonReport(
            variant: c.variant, baseline: c.baseline,
            grossMeanDifference: Estimate(c.meanDifference, adjustedPValue: c.adjustedPValue, adjustment: c.pValueAdjustment, significant: c.significant),
            incrementalRevenue: v.incrementalRevenue ?? 0, incrementalMargin: v.incrementalMargin ?? 0,
            campaignCost: c.incrementalCost?.estimate ?? 0,
            roi: c.roi.map { r in
                Ratio(estimate: r.estimate, ci95: [r.delta.lower, r.delta.upper], method: r.delta.method.rawValue,
                      fiellerCI95: r.fieller.map { [$0.lower, $0.upper] })
            },
            probabilityBetter: c.probabilityBetter,
            assumptionInterval95: c.assumptionInterval.map { [$0.lower, $0.upper] },
            quantileDifferences: c.quantileDifferences.isEmpty ? nil : c.quantileDifferences,
            kolmogorovSmirnov: c.kolmogorovSmirnov,
            verdict: Verdict.line(c, ltvCac: v.gross.ltvCac, currency: currency))
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
}
