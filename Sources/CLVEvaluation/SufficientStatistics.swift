import Stochastic

/// Everything a run's summary is computed from, whatever produced it: a normal run (values
/// kept), a streaming run (moments and sketches only), or a merge of shards of either. One type,
/// so the statistics — Monte Carlo and assumption intervals, Holm at the configured level, ROI,
/// LTV/CAC, P(better), payback — are computed once, in ``evaluate(_:)``.
///
/// Values are **gross CLV net of the customer's share of fixed campaign costs** (DESIGN.md §2:
/// discounted margin less cost to serve and every campaign cost, before acquisition cost): the
/// producer deducts the shared fixed costs when it builds the samples, so every statistic here
/// sees one meaning of "gross".
public struct SufficientStatistics: Sendable {
    /// Customers per replication.
    public var customers: Int
    public var replications: Int
    /// Mean CAC over replications: the bar of the average customer's payback.
    public var meanAcquisitionCost: Double
    /// Baseline first.
    public var variants: [VariantSufficientStatistics]
    /// `variants[1...]` against `variants[0]`, in variant order.
    public var comparisons: [PairedStatistics]

    public init(customers: Int, replications: Int, meanAcquisitionCost: Double, variants: [VariantSufficientStatistics], comparisons: [PairedStatistics]) {
        self.customers = customers
        self.replications = replications
        self.meanAcquisitionCost = meanAcquisitionCost
        self.variants = variants
        self.comparisons = comparisons
    }

    /// Whether quantiles come from sketches (a streaming run).
    public var quantilesFromSketches: Bool { variants.first?.gross.quantiles?.isSketch ?? false }
}

/// One variant's sufficient statistics.
public struct VariantSufficientStatistics: Sendable {
    public var name: String
    /// Gross CLV (see ``SufficientStatistics``), with CAC and campaign costs.
    public var gross: SampleStatistics
    /// Net CLV = gross − CAC.
    public var net: SampleStatistics
    /// In scenario order; a single segment's statistics are the variant's.
    public var segments: [SegmentSufficientStatistics]
    /// Pooled over replications, fixed campaign costs included.
    public var periods: PeriodSeries
    /// Customers by CAC-payback period, ``PaybackStatistics/tally(_:into:)``'s layout.
    public var payback: [Int]
    /// Customers alive after the last period, all replications.
    public var aliveAtHorizon: Int

    public init(name: String, gross: SampleStatistics, net: SampleStatistics, segments: [SegmentSufficientStatistics],
                periods: PeriodSeries, payback: [Int], aliveAtHorizon: Int) {
        self.name = name
        self.gross = gross
        self.net = net
        self.segments = segments
        self.periods = periods
        self.payback = payback
        self.aliveAtHorizon = aliveAtHorizon
    }
}

/// One segment of a variant.
public struct SegmentSufficientStatistics: Sendable {
    public var name: String
    /// Customers per replication.
    public var customers: Int
    public var gross: SampleStatistics
    /// Pooled over replications; fixed campaign costs, which belong to no segment, left out.
    public var periods: PeriodSeries
    public var payback: [Int]

    public init(name: String, customers: Int, gross: SampleStatistics, periods: PeriodSeries, payback: [Int]) {
        self.name = name
        self.customers = customers
        self.gross = gross
        self.periods = periods
        self.payback = payback
    }
}
