import Stochastic

/// The sufficient statistics of a variant against its baseline on the same customers (common
/// random numbers, DESIGN.md §4): the per-customer differences in value (d) and in campaign
/// cost (d_c), and what only the values themselves can give (bootstrap quantile differences).
/// ``Comparison/init(_:variant:baseline:kolmogorovSmirnov:level:significanceLevel:)`` turns it
/// into the comparison, once for every kind of run.
public struct PairedStatistics: Sendable {
    public var variant: String
    public var baseline: String
    /// d = value_variant − value_baseline, customer by customer.
    public var difference: SampleStatistics
    /// d_c = campaign cost_variant − campaign cost_baseline; `nil` when neither side has any.
    public var costDifference: SampleStatistics?
    /// (mean d, mean d_c) with variances and covariance: ROI's input; `nil` without costs.
    public var returnOnCost: MeanPairMoments?
    /// Bootstrap differences in quantiles; empty when not computed or without the values.
    public var quantileDifferences: [QuantileDifference]
    /// Incremental value among the customers the variant touched; `nil` when it touched nobody or
    /// the values were not kept (streaming runs, observed data).
    public var treated: TreatedDistribution?

    public init(variant: String, baseline: String, difference: SampleStatistics, costDifference: SampleStatistics?,
                returnOnCost: MeanPairMoments?, quantileDifferences: [QuantileDifference] = []) {
        self.variant = variant
        self.baseline = baseline
        self.difference = difference
        self.costDifference = costDifference
        self.returnOnCost = returnOnCost
        self.quantileDifferences = quantileDifferences
    }

    /// The differences of two samples read through blocks (one per replication, each pair
    /// over the same customers): moments of d and d_c added customer by customer, and ROI's
    /// two-pass moments — the arithmetic of ``OutcomeTable/compare(_:with:options:)`` on the
    /// same values, operation for operation.
    /// - Parameter costs: whether either side carries campaign costs.
    /// - Complexity: O(n) (two passes with costs), n the customers in all blocks; no array of
    ///   n values is allocated.
    public init(variant: String, baseline: String, variantBlocks: [ValueBlock], baselineBlocks: [ValueBlock], costs: Bool) {
        precondition(variantBlocks.count == baselineBlocks.count, "paired samples have the same replications")
        var d = RunningMoments(), dc = RunningMoments()
        var strata: [RunningMoments] = [], costStrata: [RunningMoments] = []
        var negatives = 0, sumD = 0.0, sumC = 0.0
        for (v, b) in zip(variantBlocks, baselineBlocks) {
            precondition(v.values.indices == b.values.indices, "paired blocks cover the same customers")
            var stratum = RunningMoments(), costStratum = RunningMoments()
            for i in v.values.indices {
                let x = v.value(i) - b.value(i)
                d.add(x)
                stratum.add(x)
                if x < 0 { negatives += 1 }
                if costs {
                    let c = v.cost(i) - b.cost(i)
                    dc.add(c)
                    costStratum.add(c)
                    sumD += x
                    sumC += c
                }
            }
            strata.append(stratum)
            costStrata.append(costStratum)
        }
        let difference = SampleStatistics(overall: d, replications: strata, replicationMeans: strata.map { $0.sum / Double($0.count) },
                                          negatives: negatives)
        var costDifference: SampleStatistics?
        var roi: MeanPairMoments?
        if costs {
            costDifference = SampleStatistics(overall: dc, replications: costStrata,
                                              replicationMeans: costStrata.map { $0.sum / Double($0.count) }, negatives: 0)
            if d.count >= 2 { roi = Self.returnOnCost(variantBlocks, baselineBlocks, sumD: sumD, sumC: sumC, count: d.count) }
        }
        self.init(variant: variant, baseline: baseline, difference: difference, costDifference: costDifference, returnOnCost: roi)
    }

    /// ``MeanPairMoments/init(x:y:)``'s second pass over (d, d_c).
    /// - Complexity: O(n).
    static func returnOnCost(_ variant: [ValueBlock], _ baseline: [ValueBlock], sumD: Double, sumC: Double, count: Int) -> MeanPairMoments {
        let n = Double(count)
        let mx = sumD / n, my = sumC / n
        var vxx = 0.0, vyy = 0.0, vxy = 0.0
        for (v, b) in zip(variant, baseline) {
            for i in v.values.indices {
                let dx = (v.value(i) - b.value(i)) - mx, dy = (v.cost(i) - b.cost(i)) - my
                vxx += dx * dx; vyy += dy * dy; vxy += dx * dy
            }
        }
        let scale = 1 / ((n - 1) * n)
        return MeanPairMoments(numerator: mx, denominator: my, varianceNumerator: vxx * scale, varianceDenominator: vyy * scale, covariance: vxy * scale)
    }
}

extension Comparison {
    /// The comparison from its sufficient statistics, unadjusted (``SufficientStatistics/evaluate(_:)``
    /// applies Holm over all comparisons): paired-t interval of the mean difference (stratified by
    /// replication), incremental campaign cost, ROI = Δ / Δcost with delta and Fieller intervals,
    /// P(better) and the assumption interval over replication means.
    public init(_ paired: PairedStatistics, variantCustomers: Int, baselineCustomers: Int, kolmogorovSmirnov: KolmogorovSmirnov?,
                level: Double, significanceLevel: Double) throws(EvaluationError) {
        try paired.difference.checkFinite()
        let meanDifference = try paired.difference.meanInterval(level: level, method: .pairedT)
        let means = paired.difference.replicationMeans
        self.init(
            variant: paired.variant, baseline: paired.baseline, pairing: .paired,
            variantCustomers: variantCustomers, baselineCustomers: baselineCustomers,
            meanDifference: meanDifference, adjustedPValue: meanDifference.pValue, pValueAdjustment: .none,
            significant: meanDifference.pValue < significanceLevel,
            incrementalCost: try paired.costDifference?.meanInterval(level: level, method: .pairedT),
            incrementalValue: nil, incrementalRevenue: nil,
            roi: paired.returnOnCost.flatMap { RatioInterval.of($0, level: level) },
            probabilityBetter: means.count >= 2 ? Double(means.filter { $0 > 0 }.count) / Double(means.count) : nil,
            replications: means.count >= 2 ? means.count : nil,
            assumptionInterval: paired.difference.assumptionInterval(level: level),
            quantileDifferences: paired.quantileDifferences, kolmogorovSmirnov: kolmogorovSmirnov, segments: [])
        if means.count >= 2 {
            probabilityWorse = Double(means.filter { $0 < 0 }.count) / Double(means.count)
            if let costs = paired.costDifference?.replicationMeans, costs.count == means.count, costs.allSatisfy({ $0 != 0 }) {
                roiAssumptionInterval = AssumptionInterval.of(replicationResults: zip(means, costs).map { $0 / $1 }, level: level)
            }
        }
    }
}
