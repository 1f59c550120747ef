import Stochastic

/// Settings of a run's evaluation.
public struct EvaluationOptions: Sendable {
    /// Confidence level of every interval.
    public var level: Double
    /// A difference is significant when its (Holm-adjusted) p-value is below this.
    public var significanceLevel: Double
    public var ltvCacThreshold: Double
    /// Bins of the shared gross-CLV histogram, at most.
    public var maxBins: Int

    public init(level: Double = 0.95, significanceLevel: Double = 0.05, ltvCacThreshold: Double = LTVCAC.healthyThreshold, maxBins: Int = 40) {
        self.level = level
        self.significanceLevel = significanceLevel
        self.ltvCacThreshold = ltvCacThreshold
        self.maxBins = maxBins
    }
}

/// The statistics of a run, computed from its ``SufficientStatistics``.
public struct RunEvaluation: Sendable {
    public var variants: [VariantEvaluation]
    /// Every other variant against the first; `nil` with a single variant.
    public var comparisons: ComparisonSet?
}

/// One variant's statistics.
public struct VariantEvaluation: Sendable {
    public var name: String
    public var gross: DistributionSummary
    public var net: DistributionSummary
    /// In scenario order; segments without customers are left out.
    public var segments: [SegmentSummary]
    public var retainedShare: Double
    public var purchasesPerCustomer: Double
    public var revenuePerCustomer: Double
    /// Per customer, undiscounted, against the baseline: Δ of the totals over the customers;
    /// `nil` for the baseline.
    public var incrementalRevenue: Double?
    public var incrementalMargin: Double?
    public var payback: PaybackStatistics
    public var survival: [Double]
    public var cumulativeDiscountedValue: [Double]
}

extension SufficientStatistics {
    /// All statistics of the run: per variant (overall, net, per segment) on histogram edges
    /// shared by the variants, then each comparison with the baseline, Holm-adjusted at
    /// `options.significanceLevel` when there are several (Holm 1979).
    /// - Complexity: O(n) per sample for the histograms and top-10 % shares of kept values,
    ///   n the customer-replications; O(buckets) per sketch.
    public func evaluate(_ options: EvaluationOptions = EvaluationOptions()) throws(EvaluationError) -> RunEvaluation {
        let edges = QuantileSource.sharedEdges(variants.compactMap(\.gross.quantiles), maxBins: options.maxBins)
        // Net CLV has its own bins: with a CAC it is the gross distribution moved (per replication
        // when the CAC is uncertain), and gross bins would cut its lower tail off.
        let netEdges = QuantileSource.sharedEdges(variants.compactMap(\.net.quantiles), maxBins: options.maxBins)
        let evaluated = try parallelMap(variants.count) { (k: Int) throws(EvaluationError) -> VariantEvaluation in
            try evaluate(variant: k, edges: (gross: edges, net: netEdges), options: options)
        }
        guard !comparisons.isEmpty else { return RunEvaluation(variants: evaluated, comparisons: nil) }
        let baseline = variants[0]
        var compared = try parallelMap(comparisons.count) { (i: Int) throws(EvaluationError) -> Comparison in
            let paired = comparisons[i]
            let variant = variants[i + 1]
            let ks = variant.gross.quantiles.flatMap { a in baseline.gross.quantiles.flatMap { QuantileSource.kolmogorovSmirnov(a, $0) } }
            return try Comparison(paired, variantCustomers: variant.gross.count, baselineCustomers: baseline.gross.count,
                                  kolmogorovSmirnov: ks, level: options.level, significanceLevel: options.significanceLevel)
        }
        let adjust = compared.count > 1
        if adjust {
            let adjusted = Holm.adjust(compared.map(\.meanDifference.pValue))
            for i in compared.indices {
                compared[i].adjustedPValue = adjusted[i]
                compared[i].pValueAdjustment = .holm
                compared[i].significant = adjusted[i] < options.significanceLevel
            }
        }
        return RunEvaluation(variants: evaluated,
                             comparisons: ComparisonSet(baseline: baseline.name, pValueAdjustment: adjust ? .holm : .none, comparisons: compared))
    }

    /// One variant: its samples' summaries, per-customer totals, payback and survival.
    func evaluate(variant k: Int, edges: (gross: [Double], net: [Double]), options: EvaluationOptions) throws(EvaluationError) -> VariantEvaluation {
        let v = variants[k], base = variants[0]
        let population = Double(v.periods.customers)
        var segments: [SegmentSummary] = []
        for s in v.segments where s.gross.count > 0 {
            let summary = try DistributionSummary(s.gross, histogramEdges: edges.gross, level: options.level, ltvCacThreshold: options.ltvCacThreshold)
            segments.append(SegmentSummary(
                name: s.name, summary: summary, customers: s.customers,
                payback: PaybackStatistics(counts: s.payback, averageCustomerPeriod: s.periods.averageCustomerPayback(acquisitionCost: meanAcquisitionCost)),
                survival: s.periods.survival, cumulativeDiscountedValue: s.periods.cumulativeDiscountedValue))
        }
        return VariantEvaluation(
            name: v.name,
            gross: try DistributionSummary(v.gross, histogramEdges: edges.gross, level: options.level, ltvCacThreshold: options.ltvCacThreshold),
            net: try DistributionSummary(v.net, histogramEdges: edges.net, level: options.level, ltvCacThreshold: options.ltvCacThreshold),
            segments: segments,
            retainedShare: Double(v.aliveAtHorizon) / population,
            purchasesPerCustomer: v.periods.purchases / population,
            revenuePerCustomer: v.periods.revenue / population,
            incrementalRevenue: k == 0 ? nil : (v.periods.revenue - base.periods.revenue) / population,
            incrementalMargin: k == 0 ? nil : (v.periods.margin - base.periods.margin) / population,
            payback: PaybackStatistics(counts: v.payback, averageCustomerPeriod: v.periods.averageCustomerPayback(acquisitionCost: meanAcquisitionCost)),
            survival: v.periods.survival, cumulativeDiscountedValue: v.periods.cumulativeDiscountedValue)
    }
}
