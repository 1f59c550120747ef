import Stochastic

/// Settings of a comparison.
public struct ComparisonOptions: Codable, Sendable, Equatable {
    /// Confidence level of every interval.
    public var level: Double
    /// A difference is significant when its (adjusted) p-value is below this.
    public var significanceLevel: Double
    /// Quantiles whose differences are bootstrapped.
    public var quantiles: [Double]
    public var bootstrap: BootstrapSettings

    public init(level: Double = 0.95, significanceLevel: Double = 0.05, quantiles: [Double] = [0.5], bootstrap: BootstrapSettings) {
        self.level = level
        self.significanceLevel = significanceLevel
        self.quantiles = quantiles
        self.bootstrap = bootstrap
    }
}

/// Which multiple-comparison adjustment was applied to the p-values.
public enum PValueAdjustment: String, Codable, Sendable {
    /// A single comparison: raw p-values.
    case none
    /// Holm (1979) step-down, used when k > 2 variants are compared with one baseline.
    case holm
}

/// One segment's mean difference.
public struct SegmentDifference: Codable, Sendable, Equatable {
    public var name: String
    public var meanDifference: TTest
}

/// A variant against its baseline.
///
/// `values` are net of campaign cost (see ``VariantOutcomes``), so:
/// - mean difference Δ = mean(value_variant − value_baseline) per customer (paired-t, its
///   variance taken within replications when labels exist) or mean(value_variant) −
///   mean(value_baseline) (Welch) — the incremental *net* value;
/// - incremental cost = Δ campaign cost; incremental value = Δ(value + campaign cost), before
///   the campaign's cost;
/// - ROI = incremental net value / incremental campaign cost = Δ / Δcost (delta and Fieller).
public struct Comparison: Codable, Sendable, Equatable {
    public var variant: String
    public var baseline: String
    /// `paired` also when a variant is compared with itself.
    public var pairing: Pairing
    public var variantCustomers: Int
    public var baselineCustomers: Int
    /// Mean difference with its interval (`paired-t` or `welch`) and unadjusted p-value.
    public var meanDifference: TTest
    /// The p-value after multiple-comparison adjustment (equal to the raw one when none).
    public var adjustedPValue: Double
    /// `holm` when k > 2 variants were compared with one baseline, otherwise `none`.
    public var pValueAdjustment: PValueAdjustment
    /// adjustedPValue < significance level.
    public var significant: Bool
    public var incrementalCost: TTest?
    public var incrementalValue: TTest?
    /// Δ revenue (or margin) per customer, when both sides carry the column.
    public var incrementalRevenue: TTest?
    public var roi: RatioEstimate?
    /// Share of replications whose mean difference is > 0; `nil` without ≥ 2 replication labels.
    public var probabilityBetter: Double?
    public var replications: Int?
    /// Spread of the per-replication mean differences (assumption interval, DESIGN.md §5).
    public var assumptionInterval: IntervalEstimate?
    public var quantileDifferences: [QuantileDifference]
    /// `nil` when the values were not kept (a streaming run): the test needs every value.
    public var kolmogorovSmirnov: KolmogorovSmirnov?
    public var segments: [SegmentDifference]
    /// Share of replications whose mean difference is < 0 (P(loss) of a decision).
    public var probabilityWorse: Double? = nil
    /// Spread of the per-replication ROI, Δ_r / Δcost_r (assumption interval of the ROI).
    public var roiAssumptionInterval: IntervalEstimate? = nil
}

/// All variants against one baseline, with the multiple-comparison adjustment stated.
public struct ComparisonSet: Codable, Sendable, Equatable {
    public var baseline: String
    /// `holm` (Holm 1979) when more than one variant is compared with the baseline, else `none`.
    public var pValueAdjustment: PValueAdjustment
    public var comparisons: [Comparison]
}

extension OutcomeTable {
    /// Compare every other variant with `baseline`; Holm-adjusts the mean-difference p-values
    /// when there are k > 2 variants (more than one comparison). Intervals are not adjusted.
    public func compareAll(with baseline: String, options: ComparisonOptions) throws(EvaluationError) -> ComparisonSet {
        _ = try variant(named: baseline)
        // Independent comparisons, each mostly sequential (sorts, moments): one per core.
        let others = variants.map(\.name).filter { $0 != baseline }
        var comparisons = try parallelMap(others.count) { (i: Int) throws(EvaluationError) -> Comparison in
            try compare(others[i], with: baseline, options: options)
        }
        let adjust = comparisons.count > 1
        if adjust {
            let adjusted = Holm.adjust(comparisons.map(\.meanDifference.pValue))
            for i in comparisons.indices {
                comparisons[i].adjustedPValue = adjusted[i]
                comparisons[i].pValueAdjustment = .holm
                comparisons[i].significant = adjusted[i] < options.significanceLevel
            }
        }
        return ComparisonSet(baseline: baseline, pValueAdjustment: adjust ? .holm : .none, comparisons: comparisons)
    }

    /// Compare one variant with a baseline, unadjusted. Comparing a variant with itself gives a
    /// paired comparison of identical rows: difference exactly 0, zero width, never significant.
    public func compare(_ variantName: String, with baselineName: String, options: ComparisonOptions) throws(EvaluationError) -> Comparison {
        let v = try variant(named: variantName)
        let b = try variant(named: baselineName)
        let paired = pairing == .paired || variantName == baselineName
        let level = options.level
        // Paired rows share replication labels; either side may carry them.
        let labels = v.replications ?? (paired ? b.replications : nil)

        let meanDifference = try Self.difference(v.values, b.values, paired: paired, replications: labels, level: level)

        let (incrementalCost, incrementalValue, roi) = try Self.costs(v, b, paired: paired, replications: labels, level: level)

        var incrementalRevenue: TTest? = nil
        if let rv = v.revenues, let rb = b.revenues {
            incrementalRevenue = try Self.difference(rv, rb, paired: paired, replications: labels, level: level)
        }

        let (probabilityBetter, replicationCount, assumption) = Self.replicationSpread(v, b, paired: paired, replications: labels, level: level)

        let quantileDifferences = options.quantiles.isEmpty ? [] : try QuantileBootstrap.differences(
            variant: v.values, baseline: b.values, paired: paired, probabilities: options.quantiles,
            settings: options.bootstrap, level: level)

        let segments = Self.segmentDifferences(v, b, paired: paired, replications: labels, level: level)

        return Comparison(
            variant: variantName, baseline: baselineName, pairing: paired ? .paired : .independent,
            variantCustomers: v.count, baselineCustomers: b.count,
            meanDifference: meanDifference, adjustedPValue: meanDifference.pValue, pValueAdjustment: .none,
            significant: meanDifference.pValue < options.significanceLevel,
            incrementalCost: incrementalCost, incrementalValue: incrementalValue, incrementalRevenue: incrementalRevenue, roi: roi,
            probabilityBetter: probabilityBetter, replications: replicationCount, assumptionInterval: assumption,
            quantileDifferences: quantileDifferences, kolmogorovSmirnov: KolmogorovSmirnov(v.values, b.values),
            segments: segments)
    }

    /// Incremental campaign cost, incremental value before it and ROI = Δ / Δcost; all `nil`
    /// when neither side has the cost column (a side without it spent nothing on the campaign).
    static func costs(_ v: VariantOutcomes, _ b: VariantOutcomes, paired: Bool, replications labels: [Int]?,
                      level: Double) throws(EvaluationError) -> (cost: TTest?, value: TTest?, roi: RatioEstimate?) {
        guard v.campaignCosts != nil || b.campaignCosts != nil else { return (nil, nil, nil) }
        let cv = v.campaignCostsOrZero, cb = b.campaignCostsOrZero
        let grossV = zip(v.values, cv).map { $0 + $1 }, grossB = zip(b.values, cb).map { $0 + $1 }
        if paired {
            let cost = try Self.difference(cv, cb, paired: true, replications: labels, level: level)
            let value = try Self.difference(grossV, grossB, paired: true, replications: labels, level: level)
            let d = zip(v.values, b.values).map { $0 - $1 }
            let dc = zip(cv, cb).map { $0 - $1 }
            return (cost, value, RatioInterval.of(try MeanPairMoments(x: d, y: dc), level: level))
        }
        let cost = try MeanInterval.welch(cv, cb, level: level)
        let value = try MeanInterval.welch(grossV, grossB, level: level)
        let m = try MeanPairMoments(x: v.values, y: cv) - MeanPairMoments(x: b.values, y: cb)
        return (cost, value, RatioInterval.of(m, level: level))
    }

    /// Across replication labels: P(better), the number of replications compared and the
    /// assumption interval of the per-replication mean differences; `nil`s with fewer than two.
    static func replicationSpread(_ v: VariantOutcomes, _ b: VariantOutcomes, paired: Bool, replications labels: [Int]?,
                                  level: Double) -> (better: Double?, count: Int?, interval: IntervalEstimate?) {
        guard let rv = labels, let rb = b.replications ?? (paired ? rv : nil) else { return (nil, nil, nil) }
        var differences: [Double] = []
        if paired {
            let d = zip(v.values, b.values).map { $0 - $1 }
            differences = AssumptionInterval.replicationMeans(values: d, replications: rv).map(\.mean)
        } else {
            let mv = Dictionary(uniqueKeysWithValues: AssumptionInterval.replicationMeans(values: v.values, replications: rv).map { ($0.replication, $0.mean) })
            for (r, mb) in AssumptionInterval.replicationMeans(values: b.values, replications: rb) {
                if let m = mv[r] { differences.append(m - mb) }
            }
        }
        guard differences.count >= 2 else { return (nil, nil, nil) }
        return (Double(differences.filter { $0 > 0 }.count) / Double(differences.count), differences.count,
                AssumptionInterval.of(replicationResults: differences, level: level))
    }

    /// The mean difference within each segment; a segment too small for an interval is left out.
    static func segmentDifferences(_ v: VariantOutcomes, _ b: VariantOutcomes, paired: Bool, replications labels: [Int]?,
                                   level: Double) -> [SegmentDifference] {
        v.segmentNames.compactMap { name in
            let rowsV = v.indices(ofSegment: name)
            let rowsB = paired ? rowsV : b.indices(ofSegment: name)
            let xv = rowsV.map { v.values[$0] }, xb = rowsB.map { b.values[$0] }
            let t = try? Self.difference(xv, xb, paired: paired, replications: labels.map { r in rowsV.map { r[$0] } }, level: level)
            return t.map { SegmentDifference(name: name, meanDifference: $0) }
        }
    }

    /// Paired-t (stratified by replication when labels exist, see
    /// ``MeanInterval/stratified(_:strata:level:method:)``) or Welch.
    static func difference(_ x: [Double], _ y: [Double], paired: Bool, replications: [Int]?, level: Double) throws(EvaluationError) -> TTest {
        guard paired else { return try MeanInterval.welch(x, y, level: level) }
        if let replications {
            let d = zip(x, y).map { $0 - $1 }
            if let t = try? MeanInterval.stratified(d, strata: replications, level: level, method: .pairedT) { return t }
        }
        return try MeanInterval.paired(x, y, level: level)
    }
}
