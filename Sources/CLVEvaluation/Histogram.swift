import Foundation
import Stochastic

/// Counts of values in bins shared by all variants, so their histograms overlay.
///
/// Bins are `[edges[i], edges[i+1])`, the last one closed. Values outside the edges are counted
/// in `below` / `above` rather than stretching the axis: CLV distributions have long tails.
public struct Histogram: Codable, Sendable, Equatable {
    public var edges: [Double]
    public var counts: [Int]
    public var below: Int
    public var above: Int

    /// Count `values` into the bins given by ascending `edges` (at least two).
    public init(values: [Double], edges: [Double]) {
        precondition(edges.count >= 2, "a histogram needs at least two edges")
        self.edges = edges
        counts = [Int](repeating: 0, count: edges.count - 1)
        below = 0
        above = 0
        let lo = edges[0], hi = edges[edges.count - 1]
        for x in values {
            if x < lo { below += 1; continue }
            if x > hi { above += 1; continue }
            // Binary search for the last edge ≤ x; x == hi goes to the last bin.
            var a = 0, b = edges.count - 1
            while b - a > 1 {
                let mid = (a + b) / 2
                if edges[mid] <= x { a = mid } else { b = mid }
            }
            counts[a] += 1
        }
    }

    /// Edges shared by several samples: from the pooled 0.5 % to the pooled 99.5 % quantile, bin
    /// width by the Freedman–Diaconis rule 2·IQR·n^(−1/3) (Freedman & Diaconis 1981) on the pooled
    /// data, at most `maxBins` bins; Sturges' ⌈log₂ n⌉ + 1 bins when the IQR is zero. Edges are
    /// rounded to no finer than the data need and are the same for every sample.
    public static func sharedEdges(for samples: [[Double]], maxBins: Int = 60) -> [Double] {
        // The rule needs five order statistics of the pool: selected, not sorted (the pool of a
        // 10M-customer, 4-variant run has 40M values).
        guard samples.contains(where: { !$0.isEmpty }) else { return [0, 1] }
        guard !samples.contains(where: { $0.contains(where: \.isNaN) }) else {
            let pooled = samples.flatMap { $0 }.sorted()
            return sharedEdges(count: pooled.count, minimum: pooled[0], maxBins: maxBins) { Quantile.ofSorted(pooled, $0) }
        }
        let pooled = SelectedOrderStatistics(samples, probabilities: [0.005, 0.995, 0.25, 0.75])
        return sharedEdges(count: pooled.count, minimum: pooled[0], maxBins: maxBins) { Quantile.ofSorted(pooled, $0) }
    }

    /// The same rule from a quantile function of the pooled data (e.g. a streaming run's sketch).
    public static func sharedEdges(count: Int, minimum: Double, maxBins: Int = 60, quantile: (Double) -> Double) -> [Double] {
        guard count > 0 else { return [0, 1] }
        let lo = quantile(0.005)
        let hi = quantile(0.995)
        if hi <= lo { return [minimum - 0.5, minimum + 0.5] }
        let n = Double(count)
        let iqr = quantile(0.75) - quantile(0.25)
        var bins: Int
        if iqr > 0 {
            let width = 2 * iqr / Foundation.cbrt(n)
            bins = Int(((hi - lo) / width).rounded(.up))
        } else {
            bins = Int(Foundation.log2(n).rounded(.up)) + 1
        }
        bins = Swift.min(Swift.max(bins, 1), maxBins)
        let step = (hi - lo) / Double(bins)
        var edges = (0..<bins).map { lo + Double($0) * step }
        edges.append(hi)
        return edges
    }
}

/// The sorted pool of some samples as ``Quantile/ofSorted(_:_:)`` reads it for a few
/// probabilities: only the order statistics those quantiles use (and the minimum) are selected.
private struct SelectedOrderStatistics: RandomAccessCollection {
    let count: Int
    private let values: [Int: Double]

    init(_ samples: [[Double]], probabilities: [Double]) {
        count = samples.reduce(0) { $0 + $1.count }
        var ranks = [0]
        for p in probabilities {
            let lo = Int((Double(count - 1) * p).rounded(.down))
            ranks += [lo, Swift.min(lo + 1, count - 1)]
        }
        values = Dictionary(zip(ranks, OrderStatistics.select(in: samples, ranks: ranks)), uniquingKeysWith: { a, _ in a })
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(rank: Int) -> Double {
        guard let value = values[rank] else { preconditionFailure("order statistic \(rank) was not selected") }
        return value
    }
}
