import CLVSimulation
import Stochastic

/// Turns a ``SimulationResult`` into the ``Summary`` every output format renders.
public enum SummaryBuilder {
    public static func build(_ result: SimulationResult, sensitivity: SensitivityAnalysis? = nil, sensitivityCustomers: Int = 0) -> Summary {
        let s = result.scenario
        let n = result.customers
        let replications = result.replications
        let anyUncertain = !InputCatalog(s).uncertain.isEmpty
        let assumption = anyUncertain && replications > 1
        let cac = result.inputs.map(\.acquisitionCost)
        var variants = result.variants.map { outcome -> VariantSummary in
            // Fixed campaign costs are shared equally: a per-replication shift of every customer.
            let fixed = outcome.fixedCostPerCustomer
            let gross = distribution(outcome.grossCLV, customers: n, replications: replications, shift: fixed, assumption: assumption)
            let net = distribution(outcome.grossCLV, customers: n, replications: replications,
                                   shift: zip(fixed, cac).map { $0 + $1 }, assumption: assumption)
            let totals = pooled(outcome, periods: result.periods)
            let population = Double(n * replications)
            let segments = result.scenario.population.segments.enumerated().map { (k, segment) -> SegmentSummary in
                let range = result.layout.ranges[k]
                var values: [Double] = []
                values.reserveCapacity(range.count * replications)
                for r in 0..<replications { values += outcome.grossCLV[(r * n + range.lowerBound)..<(r * n + range.upperBound)] }
                let d = distribution(values, customers: range.count, replications: replications, shift: fixed,
                                     assumption: assumption, withQuantiles: false)
                return SegmentSummary(name: segment.name, customers: range.count, clv: .init(gross: d))
            }
            return VariantSummary(
                name: outcome.name,
                clv: CLVBlock(gross: gross, net: net),
                retainedShare: Double(outcome.aliveAtHorizon.reduce(0, +)) / population,
                purchasesPerCustomer: totals.total(.purchases) / population,
                revenuePerCustomer: totals.total(.revenue) / population,
                ltvCac: ltvCac(outcome.grossCLV, customers: n, cac: cac, shift: fixed),
                campaignCost: meanCampaignCost(outcome, customers: n),
                segments: segments)
        }
        let edges = histogramEdges(result)
        for (k, outcome) in result.variants.enumerated() {
            variants[k].histogram = histogram(outcome, customers: n, edges: edges)
            let totals = pooled(outcome, periods: result.periods)
            let population = Double(n * replications)
            variants[k].survival = (1...result.periods).map { totals[$0, .alive] / population }
            var running = 0.0
            variants[k].cumulativeDiscountedValue = (1...result.periods).map { t in
                running += totals[t, .discountedCashFlow] / population
                return running
            }
        }
        let base = result.variants[0]
        let comparisons = result.variants.dropFirst().map { v in comparison(v, base, result, assumption: assumption) }
        var tables: [SensitivityTable]?
        if let sensitivity {
            tables = sensitivity.variants.map {
                SensitivityTable(variant: $0.name, baseline: base.name, customers: sensitivityCustomers,
                                 incrementalAtMeans: $0.baseline, rows: $0.rows)
            }
        }
        return Summary(
            scenario: s.name, seed: s.seed, replications: replications, customers: n, periods: s.horizon.periods,
            period: s.horizon.period.rawValue, currency: s.economics.currency,
            conventions: Conventions(periodDiscountRate: result.inputs[0].periodDiscountRate(s.horizon.period)),
            variants: variants, comparisons: comparisons, sensitivity: tables, scenarioEcho: s, replicationInputs: result.inputs)
    }

    static let histogramBins = 40

    /// Shared bin edges: the pooled 0.5–99.5% range of every variant's gross CLV, widened to
    /// "nice" round numbers.
    static func histogramEdges(_ result: SimulationResult) -> [Double] {
        var pooled: [Double] = []
        let step = max(1, result.variants[0].grossCLV.count / 100_000)
        for v in result.variants { for i in stride(from: 0, to: v.grossCLV.count, by: step) { pooled.append(v.grossCLV[i]) } }
        pooled.sort()
        var lo = Quantile.ofSorted(pooled, 0.005), hi = Quantile.ofSorted(pooled, 0.995)
        if hi <= lo { lo -= 0.5; hi += 0.5 }
        let width = NiceNumbers.round((hi - lo) / Double(histogramBins))
        lo = (lo / width).rounded(.down) * width
        let bins = Int(((hi - lo) / width).rounded(.up))
        return (0...max(bins, 1)).map { lo + Double($0) * width }
    }

    static func histogram(_ v: VariantOutcome, customers n: Int, edges: [Double]) -> Histogram {
        var counts = [Int](repeating: 0, count: edges.count - 1)
        var below = 0, above = 0
        let lo = edges[0], width = edges[1] - edges[0]
        for (k, x) in v.grossCLV.enumerated() {
            let value = x - v.fixedCostPerCustomer[k / n]
            let bin = Int(((value - lo) / width).rounded(.down))
            if bin < 0 { below += 1 } else if bin >= counts.count { above += 1 } else { counts[bin] += 1 }
        }
        return Histogram(edges: edges, counts: counts, below: below, above: above)
    }

    static func pooled(_ v: VariantOutcome, periods: Int) -> PeriodTotals {
        var totals = PeriodTotals(periods: periods)
        for t in v.periodTotals { totals.add(t) }
        return totals
    }

    static func meanCampaignCost(_ v: VariantOutcome, customers n: Int) -> Double {
        let r = Double(v.fixedCostPerCustomer.count)
        let own = v.campaignCost.reduce(0, +) / (r * Double(n))
        return own + v.fixedCostPerCustomer.reduce(0, +) / r
    }

    /// Per-replication moments of `values` (replication-major), minus a per-replication shift.
    static func moments(_ values: [Double], customers n: Int, replications: Int, shift: [Double]?) -> [RunningMoments] {
        (0..<replications).map { r in
            var m = RunningMoments()
            let c = shift?[r] ?? 0
            for i in (r * n)..<((r + 1) * n) { m.add(values[i] - c) }
            return m
        }
    }

    /// Mean of replication means with its Monte Carlo t interval from the pooled within-replication
    /// variance: se = √(Σ_r s²_r / n) / R, with R(n − 1) degrees of freedom.
    static func monteCarloMean(_ m: [RunningMoments]) -> (mean: Double, ci: [Double], se: Double) {
        let r = Double(m.count)
        let mean = m.reduce(0) { $0 + $1.mean } / r
        let n = m[0].count
        guard n > 1 else { return (mean, [mean, mean], 0) }
        let se = (m.reduce(0) { $0 + $1.variance / Double($1.count) }).squareRoot() / r
        if se == 0 { return (mean, [mean, mean], 0) }
        let df = Double(m.count * (n - 1))
        let q = Distributions.tQuantile(0.975, degreesOfFreedom: df)
        return (mean, [mean - q * se, mean + q * se], se)
    }

    static func distribution(_ values: [Double], customers n: Int, replications: Int, shift: [Double]?,
                             assumption: Bool, withQuantiles: Bool = true) -> Distribution {
        let m = moments(values, customers: n, replications: replications, shift: shift)
        let (mean, ci, _) = monteCarloMean(m)
        var d = Distribution(mean: mean, ci95: ci)
        if assumption {
            let means = m.map(\.mean).sorted()
            d.assumptionInterval95 = [Quantile.ofSorted(means, 0.025), Quantile.ofSorted(means, 0.975)]
        }
        var shifted = values
        if let shift {
            for r in 0..<replications where shift[r] != 0 { for i in (r * n)..<((r + 1) * n) { shifted[i] -= shift[r] } }
        }
        var negative = 0
        for v in shifted where v < 0 { negative += 1 }
        d.shareNegative = Double(negative) / Double(values.count)
        if withQuantiles {
            shifted.sort()
            d.quantiles = Quantiles(Quantiles.levels.map { Quantile.ofSorted(shifted, $0.1) })
        }
        return d
    }

    /// LTV/CAC: the average over replications of mean gross CLV / CAC. CAC is an input (no
    /// Monte Carlo error), so the interval is the mean's interval scaled by 1/CAC.
    static func ltvCac(_ gross: [Double], customers n: Int, cac: [Double], shift: [Double]) -> Ratio? {
        guard cac.allSatisfy({ $0 > 0 }) else { return nil }
        var scaled = gross
        for r in 0..<cac.count { for i in (r * n)..<((r + 1) * n) { scaled[i] = (gross[i] - shift[r]) / cac[r] } }
        let (mean, ci, _) = monteCarloMean(moments(scaled, customers: n, replications: cac.count, shift: nil))
        return Ratio(estimate: mean, ci95: ci, method: "t (CAC is an input, not estimated)", meetsThreeToOne: mean >= 3)
    }

    /// Variant vs baseline, paired customer by customer (common random numbers).
    static func comparison(_ v: VariantOutcome, _ base: VariantOutcome, _ result: SimulationResult, assumption: Bool) -> Comparison {
        let n = result.customers
        let replications = result.replications
        var d = v.grossCLV
        for i in d.indices { d[i] -= base.grossCLV[i] }
        let fixedDifference = zip(v.fixedCostPerCustomer, base.fixedCostPerCustomer).map { $0 - $1 }
        let dm = moments(d, customers: n, replications: replications, shift: fixedDifference)
        let (mean, ci, _) = monteCarloMean(dm)
        let vt = pooled(v, periods: result.periods), bt = pooled(base, periods: result.periods)
        let population = Double(n * replications)
        let costDifference = meanCampaignCost(v, customers: n) - meanCampaignCost(base, customers: n)
        return Comparison(
            variant: v.name, baseline: base.name,
            grossMeanDifference: Estimate(estimate: mean, ci95: ci, method: "paired-t"),
            incrementalRevenue: (vt.total(.revenue) - bt.total(.revenue)) / population,
            incrementalMargin: (vt.total(.margin) - bt.total(.margin)) / population,
            campaignCost: costDifference,
            roi: roi(v, base, customers: n, replications: replications),
            probabilityBetter: Double(dm.filter { $0.mean > 0 }.count) / Double(replications),
            assumptionInterval95: assumption ? {
                let means = dm.map(\.mean).sorted()
                return [Quantile.ofSorted(means, 0.025), Quantile.ofSorted(means, 0.975)]
            }() : nil)
    }

    /// ROI = D̄ / C̄, D the per-customer paired CLV difference (incremental net value) and C the
    /// per-customer incremental campaign cost, with a delta-method interval: the linearised
    /// residual eᵢ = dᵢ − ROI·cᵢ gives se(ROI) = sd(e)/(√N·C̄) (Cochran 1977, §6.4).
    static func roi(_ v: VariantOutcome, _ base: VariantOutcome, customers n: Int, replications: Int) -> Estimate? {
        var dSum = 0.0, cSum = 0.0
        var ds = [Double](repeating: 0, count: n * replications), cs = ds
        for r in 0..<replications {
            let fixedD = v.fixedCostPerCustomer[r] - base.fixedCostPerCustomer[r]
            for i in 0..<n {
                let k = r * n + i
                ds[k] = v.grossCLV[k] - base.grossCLV[k] - fixedD
                cs[k] = v.campaignCost(replication: r, customer: i, customers: n) - base.campaignCost(replication: r, customer: i, customers: n)
                dSum += ds[k]; cSum += cs[k]
            }
        }
        let count = Double(n * replications)
        let cBar = cSum / count
        guard cBar > 0 else { return nil }
        let ratio = (dSum / count) / cBar
        var e = RunningMoments()
        for k in ds.indices { e.add(ds[k] - ratio * cs[k]) }
        let se = e.standardDeviation / (count.squareRoot() * cBar)
        let z = Distributions.normalQuantile(0.975)
        return Estimate(estimate: ratio, ci95: [ratio - z * se, ratio + z * se], method: "delta")
    }
}
