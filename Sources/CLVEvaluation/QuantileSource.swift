import Stochastic

/// Where a sample's quantiles come from: its sorted values, when a run keeps every customer's
/// value, or a mergeable sketch, when it keeps none (`--streaming`). Everything order-based that a
/// summary reports (quantiles, top-10 % share, histogram, shared histogram edges,
/// Kolmogorov–Smirnov) is read through this one type, so the two kinds of run share the formulas
/// and differ only in the source's precision (exact, or within
/// ``QuantileSketch/relativeAccuracy``).
public enum QuantileSource: Sendable {
    /// Every value, ascending.
    case sorted([Double])
    /// A log-bucket sketch of the values (DDSketch-style, see ``QuantileSketch``).
    case sketch(QuantileSketch)

    /// Whether the quantiles are approximate (read from a sketch).
    public var isSketch: Bool {
        if case .sketch = self { return true }
        return false
    }

    /// The report quantiles (type 7).
    public var quantiles: QuantileSet {
        switch self {
        case .sorted(let values): QuantileSet(sorted: values)
        case .sketch(let sketch): QuantileSet { sketch.quantile($0) }
        }
    }

    /// Share of the total held by the top 10 % of the sample (``ValueConcentration``); a sketch
    /// knows only bucket representatives, so its total is the exact count × mean of `moments`.
    /// - Complexity: O(n) for sorted values, O(buckets) for a sketch.
    public func topDecileShare(_ moments: RunningMoments) -> Double? {
        switch self {
        case .sorted(let values):
            return ValueConcentration.topDecileShare(sorted: values)
        case .sketch(let sketch):
            let sum = moments.mean * Double(moments.count)
            return sum > 0 ? sketch.sumOfLargest(UInt64((Double(moments.count) * 0.1).rounded(.up))) / sum : nil
        }
    }

    /// Counts on `edges`; a sketch counts each bucket at its representative.
    /// - Complexity: O(n log bins) for sorted values, O(buckets log bins) for a sketch.
    public func histogram(edges: [Double]) -> Histogram {
        switch self {
        case .sorted(let values):
            return Histogram(values: values, edges: edges)
        case .sketch(let sketch):
            let binned = sketch.binned(edges: edges)
            var histogram = Histogram(values: [], edges: edges)
            histogram.counts = binned.counts
            histogram.below = binned.below
            histogram.above = binned.above
            return histogram
        }
    }

    /// Histogram edges shared by several samples (``Histogram/sharedEdges(for:maxBins:)``'s rule
    /// on the pooled values): selected from sorted values, read from the merged sketches. All
    /// sources must be of one kind.
    public static func sharedEdges(_ sources: [QuantileSource], maxBins: Int) -> [Double] {
        var samples: [[Double]] = []
        var pooled = QuantileSketch()
        for source in sources {
            switch source {
            case .sorted(let values): samples.append(values)
            case .sketch(let sketch): pooled.merge(sketch)
            }
        }
        precondition(samples.isEmpty || samples.count == sources.count, "shared edges of sorted values and sketches mixed")
        if !samples.isEmpty { return Histogram.sharedEdges(for: samples, maxBins: maxBins) }
        return Histogram.sharedEdges(count: Int(pooled.count), minimum: pooled.minimum, maxBins: maxBins) { pooled.quantile($0) }
    }

    /// The two-sample Kolmogorov–Smirnov test; `nil` unless both samples are kept in full (a
    /// sketch's representatives would tie values that differ).
    public static func kolmogorovSmirnov(_ a: QuantileSource, _ b: QuantileSource) -> KolmogorovSmirnov? {
        guard case .sorted(let x) = a, case .sorted(let y) = b else { return nil }
        return KolmogorovSmirnov(sorted: x, sorted: y)
    }
}
