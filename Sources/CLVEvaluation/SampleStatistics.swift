import Stochastic

/// The sufficient statistics of one sample of per-customer values (a variant's gross or net CLV,
/// one segment's, or the paired differences against a baseline): everything its summary needs,
/// whether the values were kept (a normal run) or only accumulated (a streaming run, a merge of
/// shards). ``DistributionSummary/init(_:histogramEdges:level:ltvCacThreshold:)`` turns it into
/// the statistics, once for every kind of run.
///
/// Each field is as its producer computed it, so a statistic never depends on which producer ran:
/// a normal run adds every value in order, a streaming run merges chunk moments exactly
/// (Chan, Golub & LeVeque 1979) — the two agree to rounding.
public struct SampleStatistics: Sendable {
    /// Moments of all values.
    public var overall: RunningMoments
    /// Moments within each replication, in replication order: the strata of the Monte Carlo
    /// interval (``MeanInterval/stratified(moments:level:method:)``).
    public var replications: [RunningMoments]
    /// Each replication's mean, the input of the assumption interval and of P(better).
    public var replicationMeans: [Double]
    /// Values < 0.
    public var negatives: Int
    /// (mean value, mean CAC) with their sampling variances and covariance: LTV/CAC's input;
    /// `nil` when the sample has no acquisition cost or fewer than two values.
    public var valueAndAcquisitionCost: MeanPairMoments?
    /// Mean campaign cost per customer, when the sample carries campaign costs.
    public var campaignCostPerCustomer: Double?
    /// Sorted values or sketch; `nil` for samples whose quantiles are not reported (differences).
    public var quantiles: QuantileSource?

    public init(overall: RunningMoments, replications: [RunningMoments], replicationMeans: [Double], negatives: Int,
                valueAndAcquisitionCost: MeanPairMoments? = nil, campaignCostPerCustomer: Double? = nil, quantiles: QuantileSource? = nil) {
        self.overall = overall
        self.replications = replications
        self.replicationMeans = replicationMeans
        self.negatives = negatives
        self.valueAndAcquisitionCost = valueAndAcquisitionCost
        self.campaignCostPerCustomer = campaignCostPerCustomer
        self.quantiles = quantiles
    }

    /// Number of values.
    public var count: Int { overall.count }

    /// The Monte Carlo interval of the mean: stratified by replication, so that input
    /// uncertainty stays in the assumption interval (DESIGN.md §5); the plain t interval of all
    /// values when a replication holds fewer than two (tiny segments).
    public func meanInterval(level: Double, method: IntervalMethod = .t) throws(EvaluationError) -> TTest {
        if let t = try? MeanInterval.stratified(moments: replications, level: level, method: method) { return t }
        return try MeanInterval.oneSample(overall, level: level, method: method)
    }

    /// The spread of replication means (DESIGN.md §5); `nil` below two replications.
    public func assumptionInterval(level: Double) -> IntervalEstimate? {
        AssumptionInterval.of(replicationResults: replicationMeans, level: level)
    }

    /// Throws when a moment is not finite (an extreme draw overflowed): no NaN reaches a report.
    func checkFinite() throws(EvaluationError) {
        guard overall.mean.isFinite, overall.m2.isFinite else { throw .insufficientData("non-finite moments") }
    }
}

extension DistributionSummary {
    /// The summary of a sample from its sufficient statistics: the one place where mean,
    /// intervals, quantiles, shares and LTV/CAC of a run's sample are computed.
    public init(_ sample: SampleStatistics, histogramEdges: [Double], level: Double = 0.95,
                ltvCacThreshold: Double = LTVCAC.healthyThreshold) throws(EvaluationError) {
        guard sample.count > 0, let source = sample.quantiles else { throw .insufficientData("a sample with no customers") }
        try sample.checkFinite()
        customers = sample.count
        mean = sample.count < 2 ? nil : try sample.meanInterval(level: level)
        standardDeviation = sample.overall.standardDeviation
        quantiles = source.quantiles
        shareNegative = Double(sample.negatives) / Double(sample.count)
        topDecileShare = source.topDecileShare(sample.overall)
        histogram = source.histogram(edges: histogramEdges)
        ltvCac = sample.valueAndAcquisitionCost.flatMap { RatioInterval.of($0, level: level) }.map { LTVCAC(ratio: $0, threshold: ltvCacThreshold) }
        replications = sample.replicationMeans.count
        assumptionInterval = sample.assumptionInterval(level: level)
        campaignCostPerCustomer = sample.campaignCostPerCustomer
    }
}
