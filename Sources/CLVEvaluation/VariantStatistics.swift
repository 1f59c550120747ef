import Stochastic

/// LTV/CAC with its intervals and the "≥ 3" rule of thumb for a healthy acquisition economy.
public struct LTVCAC: Codable, Sendable, Equatable {
    /// The conventional healthy ratio.
    public static let healthyThreshold = 3.0

    /// mean(value) / mean(CAC), delta and Fieller intervals.
    public var ratio: RatioEstimate
    public var threshold: Double
    /// estimate ≥ threshold.
    public var meetsThreshold: Bool
    /// The delta-method lower bound (and Fieller's, when bounded) is ≥ threshold.
    public var lowerBoundMeetsThreshold: Bool

    public init(ratio: RatioEstimate, threshold: Double = LTVCAC.healthyThreshold) {
        self.ratio = ratio
        self.threshold = threshold
        meetsThreshold = ratio.estimate >= threshold
        lowerBoundMeetsThreshold = ratio.delta.lower >= threshold && (ratio.fieller?.lower ?? threshold) >= threshold
    }
}

/// What one sample of per-customer values looks like.
public struct DistributionSummary: Codable, Sendable, Equatable {
    public var customers: Int
    /// Mean with its t interval (Monte Carlo / sampling interval), stratified by replication when
    /// replication labels exist; `nil` below two customers.
    public var mean: TTest?
    public var standardDeviation: Double
    public var quantiles: QuantileSet
    public var shareNegative: Double
    /// Share of total value held by the top 10 % of customers; `nil` when the total ≤ 0.
    public var topDecileShare: Double?
    /// Counts on the edges shared by all variants of the table.
    public var histogram: Histogram
    /// `nil` without acquisition costs or with a zero mean CAC.
    public var ltvCac: LTVCAC?
    /// Spread of per-replication means (DESIGN.md §5); `nil` without ≥ 2 replication labels.
    public var assumptionInterval: IntervalEstimate?
    /// Number of distinct replication labels, if any.
    public var replications: Int?
    /// Mean campaign cost per customer, when the column is present.
    public var campaignCostPerCustomer: Double?

    /// Summarise `outcomes` (all rows) on the given histogram edges.
    public init(_ outcomes: VariantOutcomes, histogramEdges: [Double], level: Double = 0.95, ltvCacThreshold: Double = LTVCAC.healthyThreshold) throws(EvaluationError) {
        let values = outcomes.values
        guard !values.isEmpty else { throw .insufficientData("variant '\(outcomes.name)' has no customers") }
        customers = values.count
        var m = RunningMoments()
        for v in values { m.add(v) }
        // With replication labels, the Monte Carlo interval is stratified by replication so that
        // input uncertainty stays in the assumption interval (DESIGN.md §5); a replication with
        // a single customer (tiny segments) falls back to the plain t interval.
        if values.count < 2 {
            mean = nil
        } else if let reps = outcomes.replications, let t = try? MeanInterval.stratified(values, strata: reps, level: level) {
            mean = t
        } else {
            mean = try MeanInterval.oneSample(m, level: level)
        }
        standardDeviation = m.standardDeviation
        let sorted = RadixSort.sorted(values)
        quantiles = QuantileSet(sorted: sorted)
        shareNegative = ValueConcentration.shareNegative(values)
        topDecileShare = ValueConcentration.topDecileShare(sorted: sorted)
        histogram = Histogram(values: values, edges: histogramEdges)
        if let cac = outcomes.acquisitionCosts, values.count >= 2,
           let ratio = RatioInterval.of(try MeanPairMoments(x: values, y: cac), level: level) {
            ltvCac = LTVCAC(ratio: ratio, threshold: ltvCacThreshold)
        } else {
            ltvCac = nil
        }
        if let reps = outcomes.replications {
            let means = AssumptionInterval.replicationMeans(values: values, replications: reps)
            replications = means.count
            assumptionInterval = AssumptionInterval.of(replicationResults: means.map(\.mean), level: level)
        } else {
            replications = nil
            assumptionInterval = nil
        }
        campaignCostPerCustomer = outcomes.campaignCosts.map { $0.reduce(0, +) / Double(values.count) }
    }
}

/// One segment's summary: its value distribution and, for a simulated segment, its size per
/// replication, CAC payback, survival and cumulative discounted value per customer.
public struct SegmentSummary: Codable, Sendable, Equatable {
    public var name: String
    public var summary: DistributionSummary
    /// Customers per replication (simulated segments); `nil` for observed data.
    public var customers: Int? = nil
    public var payback: PaybackStatistics? = nil
    /// Per period t = 1 … T: share of the segment's customers live in t.
    public var survival: [Double]? = nil
    /// Per period: cumulative discounted cash flow per customer at the end of t.
    public var cumulativeDiscountedValue: [Double]? = nil
}

/// Statistics of one variant, overall and per segment.
public struct VariantStatistics: Codable, Sendable, Equatable {
    public var name: String
    public var overall: DistributionSummary
    /// In order of first appearance; empty without a segment column.
    public var segments: [SegmentSummary]
}

extension OutcomeTable {
    /// Histogram edges shared by every variant (``Histogram/sharedEdges(for:maxBins:)``).
    public func sharedHistogramEdges(maxBins: Int = 60) -> [Double] {
        Histogram.sharedEdges(for: variants.map(\.values), maxBins: maxBins)
    }

    /// Per-variant statistics, overall and per segment, all on shared histogram edges.
    public func statistics(level: Double = 0.95, maxBins: Int = 60, ltvCacThreshold: Double = LTVCAC.healthyThreshold) throws(EvaluationError) -> [VariantStatistics] {
        let edges = sharedHistogramEdges(maxBins: maxBins)
        // Variants are independent: one per core.
        return try parallelMap(variants.count) { (i: Int) throws(EvaluationError) -> VariantStatistics in
            let v = variants[i]
            let overall = try DistributionSummary(v, histogramEdges: edges, level: level, ltvCacThreshold: ltvCacThreshold)
            var segments: [SegmentSummary] = []
            for name in v.segmentNames {
                let rows = v.rows(v.indices(ofSegment: name))
                segments.append(SegmentSummary(name: name, summary: try DistributionSummary(rows, histogramEdges: edges, level: level, ltvCacThreshold: ltvCacThreshold)))
            }
            return VariantStatistics(name: v.name, overall: overall, segments: segments)
        }
    }
}
