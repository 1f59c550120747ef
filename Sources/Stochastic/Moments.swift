/// Count, mean and sum of squared deviations, updated one value at a time (Welford 1962) and
/// merged exactly with Chan, Golub & LeVeque (1979). Merging in a fixed order gives results
/// that do not depend on how work was split across threads.
public struct RunningMoments: Sendable, Equatable, Codable {
    public private(set) var count: Int = 0
    public private(set) var mean: Double = 0
    /// Σ (x − mean)².
    public private(set) var m2: Double = 0
    public private(set) var sum: Double = 0

    public init() {}

    /// Moments from their parts (stored summaries, e.g. a streaming run's chunk records).
    public init(count: Int, mean: Double, m2: Double) {
        self.count = count
        self.mean = mean
        self.m2 = m2
        sum = mean * Double(count)
    }

    public mutating func add(_ x: Double) {
        count += 1
        sum += x
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }

    public mutating func merge(_ other: RunningMoments) {
        if other.count == 0 { return }
        if count == 0 { self = other; return }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        mean += delta * Double(other.count) / n
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        count += other.count
        sum += other.sum
    }

    /// Unbiased sample variance (n − 1 denominator); 0 for fewer than two values.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }
    /// Standard error of the mean.
    public var standardError: Double { count > 0 ? (variance / Double(count)).squareRoot() : .nan }
}

/// Order statistics of a sample.
public enum Quantile {
    /// The p-quantile of ascending-sorted data by linear interpolation between order statistics
    /// (Hyndman & Fan 1996 type 7: R's default, numpy's `linear`, GSL's `quantile_from_sorted_data`).
    public static func ofSorted<C: RandomAccessCollection>(_ sorted: C, _ p: Double) -> Double
    where C.Element == Double, C.Index == Int {
        let n = sorted.count
        precondition(n > 0, "quantile of an empty sample")
        let h = Double(n - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, n - 1)
        let base = sorted.startIndex
        let a = sorted[base + lo], b = sorted[base + hi]
        return a + (h - Double(lo)) * (b - a)
    }
}

/// Mean and standard error helpers for intervals.
public enum Interval {
    /// Two-sided t interval: mean ± t_{1−α/2, n−1} · se.
    public static func t(mean: Double, standardError se: Double, count n: Int, level: Double = 0.95) -> (Double, Double) {
        if n < 2 || se == 0 { return (mean, mean) }
        let q = Distributions.tQuantile(0.5 + level / 2, degreesOfFreedom: Double(n - 1))
        return (mean - q * se, mean + q * se)
    }
}
