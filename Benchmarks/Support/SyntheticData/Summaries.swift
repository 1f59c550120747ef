/// Frequency x, recency t_x and age T per customer, in weeks — the columns of an RFM summary.
public struct SyntheticSummary: Sendable {
    public var frequency: [Int]
    public var recency: [Double]
    public var age: [Double]
    public var count: Int { frequency.count }
}

/// Summaries of CDNOW-like cohorts: customers acquired uniformly over the first 12 weeks
/// (84 days) and observed to week 39 (day 273), recorded at day resolution — times are whole days
/// divided by 7 and purchases on the same day count once, as in a summary built from a real log
/// (and as `clvlab summarize` builds it). Day resolution also gives the realistic number of
/// distinct (x, t_x, T) triples that the fits group by.
public enum SyntheticSummaries {
    public static let acquisitionDays = 84
    public static let observationDays = 273

    /// BG/NBD (Fader, Hardie & Lee 2005): λ ~ Gamma(r, α) purchases a week, Poisson purchases,
    /// and after each purchase the customer leaves with probability p ~ Beta(a, b).
    /// Defaults: the published CDNOW estimates.
    public static func bgnbd(customers n: Int, r: Double = 0.243, alpha: Double = 4.414, a: Double = 0.793, b: Double = 2.426,
                             seed: UInt64 = 7) -> SyntheticSummary {
        var rng = SplitMix64(seed: seed)
        var out = SyntheticSummary(frequency: [], recency: [], age: [])
        out.frequency.reserveCapacity(n); out.recency.reserveCapacity(n); out.age.reserveCapacity(n)
        for _ in 0..<n {
            let lambda = rng.gamma(shape: r, rate: alpha)
            let p = rng.beta(a, b)
            let days = observationDays - Int(rng.uniform() * Double(acquisitionDays))
            let T = Double(days) / 7
            var t = 0.0, x = 0, lastDay = 0
            while true {
                t += rng.exponential(rate: lambda)
                if t > T { break }
                let day = Int(t * 7)
                if day > lastDay && day <= days { x += 1; lastDay = day }
                if rng.uniform() < p { break }
            }
            out.frequency.append(x); out.recency.append(Double(lastDay) / 7); out.age.append(T)
        }
        return out
    }

    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): λ ~ Gamma(r, α) purchases a week while
    /// alive, an exponential lifetime with rate μ ~ Gamma(s, β). Defaults: the CDNOW estimates.
    public static func paretonbd(customers n: Int, r: Double = 0.553, alpha: Double = 10.578, s: Double = 0.606, beta: Double = 11.669,
                                 seed: UInt64 = 11) -> SyntheticSummary {
        var rng = SplitMix64(seed: seed)
        var out = SyntheticSummary(frequency: [], recency: [], age: [])
        out.frequency.reserveCapacity(n); out.recency.reserveCapacity(n); out.age.reserveCapacity(n)
        for _ in 0..<n {
            let lambda = rng.gamma(shape: r, rate: alpha)
            let mu = rng.gamma(shape: s, rate: beta)
            let days = observationDays - Int(rng.uniform() * Double(acquisitionDays))
            let T = Double(days) / 7
            let end = min(T, rng.exponential(rate: mu))
            var t = 0.0, x = 0, lastDay = 0
            while true {
                t += rng.exponential(rate: lambda)
                if t > end { break }
                let day = Int(t * 7)
                if day > lastDay && day <= days { x += 1; lastDay = day }
            }
            out.frequency.append(x); out.recency.append(Double(lastDay) / 7); out.age.append(T)
        }
        return out
    }
}
