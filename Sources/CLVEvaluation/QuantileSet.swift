import Stochastic

/// The quantiles reports show: 1, 5, 10, 25, 50, 75, 90, 95 and 99 %, computed by linear
/// interpolation between order statistics (Hyndman & Fan 1996 type 7, as numpy and R default).
/// Encoded with the summary.json keys `p1`, `p5`, … `p99`.
public struct QuantileSet: Codable, Sendable, Equatable {
    /// The probability levels, in order.
    public static let probabilities: [Double] = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99]

    public var p1, p5, p10, p25, p50, p75, p90, p95, p99: Double

    /// Quantiles of ascending-sorted data.
    public init(sorted: [Double]) {
        precondition(!sorted.isEmpty, "quantiles of an empty sample")
        let q = QuantileSet.probabilities.map { Quantile.ofSorted(sorted, $0) }
        (p1, p5, p10, p25, p50, p75, p90, p95, p99) = (q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8])
    }

    /// Quantiles read from any quantile function (e.g. a streaming run's sketch).
    public init(quantile: (Double) -> Double) {
        let q = QuantileSet.probabilities.map(quantile)
        (p1, p5, p10, p25, p50, p75, p90, p95, p99) = (q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8])
    }

    /// The values in the order of ``probabilities``.
    public var values: [Double] { [p1, p5, p10, p25, p50, p75, p90, p95, p99] }
}
