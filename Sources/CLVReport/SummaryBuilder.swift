import CLVSimulation
import Stochastic

/// Turns a ``SimulationResult`` into the ``Summary`` every output format renders.
public enum SummaryBuilder {
    public static func build(_ result: SimulationResult) -> Summary {
        let s = result.scenario
        let n = result.customers
        let replications = result.replications
        let anyUncertain = [s.economics.margin, s.economics.costToServe, s.economics.acquisitionCost, s.economics.annualDiscountRate]
            .contains { $0.isUncertain }
        let cac = result.inputs.map(\.acquisitionCost)
        let variants = result.variants.map { outcome -> VariantSummary in
            let gross = distribution(outcome.grossCLV, customers: n, replications: replications, shift: nil,
                                     assumption: anyUncertain && replications > 1)
            let net = distribution(outcome.grossCLV, customers: n, replications: replications, shift: cac,
                                   assumption: anyUncertain && replications > 1)
            var totals = PeriodTotals(periods: result.periods)
            for t in outcome.periodTotals { totals.add(t) }
            let population = Double(n * replications)
            let segments = result.scenario.population.segments.enumerated().map { (k, segment) -> SegmentSummary in
                let range = result.layout.ranges[k]
                var values: [Double] = []
                values.reserveCapacity(range.count * replications)
                for r in 0..<replications { values += outcome.grossCLV[(r * n + range.lowerBound)..<(r * n + range.upperBound)] }
                let d = distribution(values, customers: range.count, replications: replications, shift: nil,
                                     assumption: anyUncertain && replications > 1, withQuantiles: false)
                return SegmentSummary(name: segment.name, customers: range.count, clv: .init(gross: d))
            }
            return VariantSummary(
                name: outcome.name,
                clv: CLVBlock(gross: gross, net: net),
                retainedShare: Double(outcome.aliveAtHorizon.reduce(0, +)) / population,
                purchasesPerCustomer: totals.total(.purchases) / population,
                revenuePerCustomer: totals.total(.revenue) / population,
                ltvCac: ltvCac(outcome.grossCLV, customers: n, cac: cac),
                campaignCost: 0,
                segments: segments)
        }
        let comparisons = result.variants.dropFirst().map { v in
            Comparison(variant: v.name, baseline: result.variants[0].name,
                       grossMeanDifference: pairedDifference(v.grossCLV, result.variants[0].grossCLV, customers: n, replications: replications))
        }
        return Summary(
            scenario: s.name, seed: s.seed, replications: replications, customers: n, periods: s.horizon.periods,
            period: s.horizon.period.rawValue, currency: s.economics.currency,
            conventions: Conventions(periodDiscountRate: result.inputs[0].periodDiscountRate(s.horizon.period)),
            variants: variants, comparisons: comparisons, scenarioEcho: s, replicationInputs: result.inputs)
    }

    /// Per-replication moments of `values` (replication-major), optionally minus a per-replication shift.
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
    static func monteCarloMean(_ m: [RunningMoments]) -> (mean: Double, ci: [Double]) {
        let r = Double(m.count)
        let mean = m.reduce(0) { $0 + $1.mean } / r
        let n = m[0].count
        guard n > 1 else { return (mean, [mean, mean]) }
        let se = (m.reduce(0) { $0 + $1.variance / Double($1.count) }).squareRoot() / r
        let df = Double(m.count * (n - 1))
        let q = Distributions.tQuantile(0.975, degreesOfFreedom: df)
        return (mean, [mean - q * se, mean + q * se])
    }

    static func distribution(_ values: [Double], customers n: Int, replications: Int, shift: [Double]?,
                             assumption: Bool, withQuantiles: Bool = true) -> Distribution {
        let m = moments(values, customers: n, replications: replications, shift: shift)
        let (mean, ci) = monteCarloMean(m)
        var d = Distribution(mean: mean, ci95: ci)
        if assumption {
            let means = m.map(\.mean).sorted()
            d.assumptionInterval95 = [Quantile.ofSorted(means, 0.025), Quantile.ofSorted(means, 0.975)]
        }
        var negative = 0
        var shifted = values
        if let shift {
            for r in 0..<replications { for i in (r * n)..<((r + 1) * n) { shifted[i] -= shift[r] } }
        }
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
    static func ltvCac(_ gross: [Double], customers n: Int, cac: [Double]) -> Ratio? {
        guard cac.allSatisfy({ $0 > 0 }) else { return nil }
        let scaled = (0..<cac.count).flatMap { r in gross[(r * n)..<((r + 1) * n)].map { $0 / cac[r] } }
        let (mean, ci) = monteCarloMean(moments(scaled, customers: n, replications: cac.count, shift: nil))
        return Ratio(estimate: mean, ci95: ci, method: "t (CAC is an input, not estimated)", meetsThreeToOne: mean >= 3)
    }

    /// Paired per-customer difference (common random numbers make variants paired).
    static func pairedDifference(_ a: [Double], _ b: [Double], customers n: Int, replications: Int) -> Estimate {
        var d = a
        for i in d.indices { d[i] -= b[i] }
        let (mean, ci) = monteCarloMean(moments(d, customers: n, replications: replications, shift: nil))
        return Estimate(estimate: mean, ci95: ci, method: "paired-t")
    }
}
