import Stochastic

/// The assumption interval of DESIGN.md §5: the spread of a result across replications that
/// draw different values of the uncertain inputs.
///
/// Given one result per replication (e.g. each replication's mean CLV, or mean difference), it
/// is the 2.5 % – 97.5 % percentile range (type 7) of those results, with their mean as the
/// estimate. It is *not* a confidence interval and does not shrink with more customers; it is
/// reported apart from the Monte Carlo interval. (Each replication's result also carries its own
/// Monte Carlo noise, which is small when replications hold many customers.)
public enum AssumptionInterval {
    /// `nil` with fewer than two replications.
    public static func of(replicationResults: [Double], level: Double = 0.95) -> IntervalEstimate? {
        guard replicationResults.count >= 2 else { return nil }
        let sorted = replicationResults.sorted()
        let alpha = (1 - level) / 2
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        return IntervalEstimate(
            estimate: mean, lower: Quantile.ofSorted(sorted, alpha), upper: Quantile.ofSorted(sorted, 1 - alpha),
            level: level, method: .assumptionPercentile)
    }

    /// Mean of `values` within each replication label, in ascending label order.
    public static func replicationMeans(values: [Double], replications: [Int]) -> [(replication: Int, mean: Double)] {
        // Labels are usually 0 ..< R: sums in arrays (a dictionary costs a hash per customer).
        if let top = replications.max(), let bottom = replications.min(), bottom >= 0, top < 1 << 20 {
            var sums = [Double](repeating: 0, count: top + 1), counts = [Int](repeating: 0, count: top + 1)
            for i in values.indices {
                sums[replications[i]] += values[i]
                counts[replications[i]] += 1
            }
            return (0...top).filter { counts[$0] > 0 }.map { r in (r, sums[r] / Double(counts[r])) }
        }
        var sums: [Int: (Double, Int)] = [:]
        for i in values.indices {
            let (s, c) = sums[replications[i], default: (0, 0)]
            sums[replications[i]] = (s + values[i], c + 1)
        }
        return sums.keys.sorted().map { r in (r, sums[r]!.0 / Double(sums[r]!.1)) }
    }
}
