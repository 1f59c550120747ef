import CLVEvaluation
import CLVSimulation
import Stochastic

/// The ``Summary`` of a `--streaming` run, from moments, sketches and totals.
///
/// Means, intervals (stratified t, paired-t, delta and Fieller ratios, Holm), shares negative,
/// payback, survival and cumulative value use the same formulas as ``SummaryBuilder`` on exact
/// moments, so they agree with a normal run to rounding. Quantiles, the top-10 % share and the
/// histogram are read from ``QuantileSketch`` (each within 0.5 % relative). Not available
/// without the values: bootstrap quantile differences and the Kolmogorov–Smirnov distance.
public enum StreamingSummaryBuilder {
    public static func build(_ result: StreamingResult, sensitivity: SensitivityAnalysis? = nil, sensitivityCustomers: Int = 0) throws -> Summary {
        let s = result.scenario
        let n = result.customers
        let replications = result.replications
        let population = Double(n * replications)
        let cac = result.inputs.map(\.acquisitionCost)
        let meanCAC = cac.reduce(0, +) / Double(replications)
        let segmentsCount = s.population.segments.count

        // Histogram edges shared by all variants: the usual rule on the pooled sketch.
        var allVariants = QuantileSketch()
        let overallSketches = result.variants.map { v in v.grossSketch.reduce(into: QuantileSketch()) { $0.merge($1) } }
        for sketch in overallSketches { allVariants.merge(sketch) }
        let edges = Histogram.sharedEdges(count: Int(allVariants.count), minimum: allVariants.minimum, maxBins: 40) { allVariants.quantile($0) }

        var variants: [VariantSummary] = []
        var ltvByVariant: [LTVCAC?] = []
        for (k, v) in result.variants.enumerated() {
            let perReplication = (0..<replications).map { v.gross(replication: $0) }
            let grossDistribution = try distribution(perReplication, sketch: overallSketches[k],
                                                     negatives: v.negativeGross.reduce(0, +))
            let net = zip(perReplication, cac).map { m, c in RunningMoments(count: m.count, mean: m.mean - c, m2: m.m2) }
            let netDistribution = try distribution(net, sketch: v.netSketch, negatives: v.negativeNet.reduce(0, +))
            let ltv = ltvCac(perReplication, cac: cac)
            ltvByVariant.append(ltv)
            let cost = v.campaignCost.flatMap { $0 }.reduce(into: RunningMoments()) { $0.merge($1) }
            let totals = PeriodTotals.sum(v.periodTotals, periods: result.periods)
            var running = 0.0
            let cumulative = (1...result.periods).map { t in running += totals[t, .discountedCashFlow] / population; return running }
            let averagePayback = cumulative.firstIndex { $0 >= meanCAC }.map { $0 + 1 }
            let paybackCounts = (0...result.periods).map { t in v.paybackCounts.reduce(0) { $0 + $1[t] } }

            var segments: [SegmentSummary] = []
            for (g, pair) in zip(s.population.segments, result.layout.ranges).enumerated() {
                let (segment, range) = pair
                let moments = (0..<replications).map { v.gross[$0][g] }
                let size = Double(range.count * replications)
                let segmentTotals = v.segmentPeriodTotals[g]
                var run = 0.0
                let segmentCumulative = (1...result.periods).map { t in run += segmentTotals[t, .discountedCashFlow] / size; return run }
                let gross = segmentsCount == 1 ? grossDistribution
                    : try distribution(moments, sketch: v.grossSketch[g], negatives: v.negativeGross[g])
                segments.append(SegmentSummary(
                    name: segment.name, customers: range.count, clv: .init(gross: gross),
                    ltvCac: (segmentsCount == 1 ? ltv : ltvCac(moments, cac: cac)).map(SummaryBuilder.ratio),
                    payback: PaybackStatistics(counts: v.paybackCounts[g], averageCustomerPeriod: segmentCumulative.firstIndex { $0 >= meanCAC }.map { $0 + 1 }),
                    survival: (1...result.periods).map { segmentTotals[$0, .alive] / size },
                    cumulativeDiscountedValue: segmentCumulative))
            }
            let binned = overallSketches[k].binned(edges: edges)
            var histogram = Histogram(values: [], edges: edges)
            histogram.counts = binned.counts
            histogram.below = binned.below
            histogram.above = binned.above
            variants.append(VariantSummary(
                name: v.name, clv: CLVBlock(gross: grossDistribution, net: netDistribution),
                retainedShare: Double(v.aliveAtHorizon.reduce(0, +)) / population,
                purchasesPerCustomer: totals.total(.purchases) / population,
                revenuePerCustomer: totals.total(.revenue) / population,
                ltvCac: ltv.map(SummaryBuilder.ratio),
                campaignCost: cost.mean,
                segments: segments, histogram: histogram,
                payback: PaybackStatistics(counts: paybackCounts, averageCustomerPeriod: averagePayback),
                survival: (1...result.periods).map { totals[$0, .alive] / population },
                cumulativeDiscountedValue: cumulative))
        }

        var comparisons: [Comparison] = []
        var multiplicity: String?
        if result.variants.count > 1 {
            let base = PeriodTotals.sum(result.variants[0].periodTotals, periods: result.periods)
            var rows: [(v: StreamingVariantOutcome, difference: TTest, roi: RatioEstimate?, cost: Double, perReplication: [Double])] = []
            for v in result.variants.dropFirst() {
                let d = v.differenceFromBaseline
                let difference = try MeanInterval.stratified(moments: d.map(\.x), method: .pairedT)
                let all = d.reduce(into: PairedMoments()) { $0.merge($1) }
                var roi: RatioEstimate?
                if v.hasCampaignCosts && all.count >= 2 {
                    let scale = 1 / (Double(all.count - 1) * Double(all.count))
                    roi = RatioInterval.of(MeanPairMoments(numerator: all.meanX, denominator: all.meanY, varianceNumerator: all.m2X * scale,
                                                           varianceDenominator: all.m2Y * scale, covariance: all.cXY * scale))
                }
                rows.append((v, difference, roi, all.meanY, d.map(\.meanX)))
            }
            let adjust = rows.count > 1
            let adjusted = adjust ? Holm.adjust(rows.map(\.difference.pValue)) : rows.map(\.difference.pValue)
            multiplicity = adjust
                ? "Holm (1979) step-down adjustment over \(rows.count) comparisons with \(result.variants[0].name); adjusted p-values decide significance"
                : "one comparison: no adjustment"
            for (i, row) in rows.enumerated() {
                let vt = PeriodTotals.sum(row.v.periodTotals, periods: result.periods)
                let significant = adjusted[i] < 0.05
                let assumption = AssumptionInterval.of(replicationResults: row.perReplication)
                let k = result.variants.firstIndex { $0.name == row.v.name }!
                comparisons.append(Comparison(
                    variant: row.v.name, baseline: result.variants[0].name,
                    grossMeanDifference: Estimate(estimate: row.difference.estimate, ci95: [row.difference.interval.lower, row.difference.interval.upper],
                                                  method: row.difference.interval.method.rawValue, pValue: row.difference.pValue,
                                                  adjustedPValue: adjusted[i], pValueAdjustment: (adjust ? PValueAdjustment.holm : .none).rawValue,
                                                  significant: significant),
                    incrementalRevenue: (vt.total(.revenue) - base.total(.revenue)) / population,
                    incrementalMargin: (vt.total(.margin) - base.total(.margin)) / population,
                    campaignCost: row.v.hasCampaignCosts ? row.cost : 0,
                    roi: row.roi.map { r in
                        Ratio(estimate: r.estimate, ci95: [r.delta.lower, r.delta.upper], method: r.delta.method.rawValue,
                              fiellerCI95: r.fieller.map { [$0.lower, $0.upper] })
                    },
                    probabilityBetter: replications >= 2 ? Double(row.perReplication.filter { $0 > 0 }.count) / Double(replications) : nil,
                    assumptionInterval95: assumption.map { [$0.lower, $0.upper] },
                    quantileDifferences: nil, kolmogorovSmirnov: nil,
                    verdict: Verdict.line(variant: row.v.name, difference: row.difference, roi: row.roi, significant: significant,
                                          adjustment: adjust ? .holm : .none, adjustedPValue: adjusted[i], ltvCac: ltvByVariant[k],
                                          currency: s.economics.currency)))
            }
        }
        var tables: [SensitivityTable]?
        if let sensitivity {
            tables = sensitivity.variants.map {
                SensitivityTable(variant: $0.name, baseline: result.variants[0].name, customers: sensitivityCustomers,
                                 incrementalAtMeans: $0.baseline, rows: $0.rows)
            }
        }
        var conventions = Conventions(periodDiscountRate: result.inputs[0].periodDiscountRate(s.horizon.period))
        conventions.quantiles = "streaming run: read from a mergeable log-bucket sketch (DDSketch-style), each within "
            + "\(QuantileSketch.relativeAccuracy * 100)% relative (|x| < 1e-6 counted as 0); histogram and top-10% share from the same sketch; "
            + "no bootstrap quantile differences or Kolmogorov-Smirnov distance (they need every value)"
        return Summary(
            scenario: s.name, seed: s.seed, replications: replications, customers: n, periods: s.horizon.periods,
            period: s.horizon.period.rawValue, currency: s.economics.currency, conventions: conventions,
            variants: variants, comparisons: comparisons, sensitivity: tables, multiplicity: multiplicity,
            scenarioEcho: s, replicationInputs: result.inputs)
    }

    /// Mean with its stratified Monte Carlo interval, assumption interval, sketch quantiles.
    static func distribution(_ perReplication: [RunningMoments], sketch: QuantileSketch, negatives: Int) throws -> Distribution {
        let total = perReplication.reduce(into: RunningMoments()) { $0.merge($1) }
        guard total.count >= 2, sketch.count > 0 else { throw EvaluationError.insufficientData("a streaming summary needs at least 2 customers") }
        guard total.mean.isFinite, total.m2.isFinite else { throw EvaluationError.insufficientData("non-finite moments") }
        let t = try MeanInterval.stratified(moments: perReplication)
        var out = Distribution(mean: t.estimate, ci95: [t.interval.lower, t.interval.upper])
        out.method = t.interval.method.rawValue
        out.standardDeviation = total.standardDeviation
        out.assumptionInterval95 = AssumptionInterval.of(replicationResults: perReplication.map(\.mean)).map { [$0.lower, $0.upper] }
        out.quantiles = QuantileSet { sketch.quantile($0) }
        out.shareNegative = Double(negatives) / Double(total.count)
        let sum = total.mean * Double(total.count)
        out.top10Share = sum > 0 ? sketch.sumOfLargest(UInt64((Double(total.count) * 0.1).rounded(.up))) / sum : nil
        return out
    }

    /// mean(CLV) / mean(CAC) with delta and Fieller intervals; CAC is constant within a replication.
    static func ltvCac(_ perReplication: [RunningMoments], cac: [Double]) -> LTVCAC? {
        let total = perReplication.reduce(into: RunningMoments()) { $0.merge($1) }
        guard total.count >= 2 else { return nil }
        let n = Double(total.count)
        let meanY = zip(perReplication, cac).reduce(0) { $0 + Double($1.0.count) * $1.1 } / n
        var vyy = 0.0, vxy = 0.0
        for (m, c) in zip(perReplication, cac) {
            vyy += Double(m.count) * (c - meanY) * (c - meanY)
            vxy += Double(m.count) * (m.mean - total.mean) * (c - meanY)
        }
        let scale = 1 / ((n - 1) * n)
        let moments = MeanPairMoments(numerator: total.mean, denominator: meanY, varianceNumerator: total.m2 * scale,
                                      varianceDenominator: vyy * scale, covariance: vxy * scale)
        return RatioInterval.of(moments).map { LTVCAC(ratio: $0) }
    }
}
