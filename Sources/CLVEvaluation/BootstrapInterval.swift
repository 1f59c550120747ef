import Stochastic

/// Interval constructions from a bootstrap distribution.
///
/// Both take the replicates θ*₁…θ*_B of a statistic whose estimate on the data is θ̂ and read
/// their quantiles by linear interpolation (type 7, as `numpy.percentile` and scipy do).
public enum BootstrapInterval {
    /// Percentile interval [θ*_(α/2), θ*_(1−α/2)] (Efron & Tibshirani 1993, §13.3).
    public static func percentile(estimate: Double, replicates: [Double], level: Double = 0.95) -> IntervalEstimate {
        let sorted = replicates.sorted()
        let alpha = (1 - level) / 2
        return IntervalEstimate(
            estimate: estimate, lower: Quantile.ofSorted(sorted, alpha), upper: Quantile.ofSorted(sorted, 1 - alpha),
            level: level, method: .bootstrapPercentile)
    }

    /// Bias-corrected and accelerated interval (Efron 1987; Efron & Tibshirani 1993, §14.3).
    ///
    /// - Bias correction ẑ₀ = Φ⁻¹(#{θ* < θ̂}/B + #{θ* = θ̂}/(2B)) (ties count half, as scipy).
    /// - Acceleration from the jackknife of each sample s with n_s leave-one-out values θ₍ᵢ₎:
    ///   Uᵢ = (n_s − 1)(θ̄₍·₎ − θ₍ᵢ₎), â = Σ_s Σᵢ U³/n_s³ / (6 [Σ_s Σᵢ U²/n_s²]^{3/2})
    ///   (Efron & Tibshirani 1993, eq. 14.15, summed over independent samples as scipy does).
    /// - Endpoints at the quantiles α₁ = Φ(ẑ₀ + (ẑ₀ + z_{α/2}) / (1 − â(ẑ₀ + z_{α/2}))) and α₂ likewise
    ///   with z_{1−α/2}.
    ///
    /// Returns a zero-width interval when every replicate equals θ̂ (nothing varies), and `nil`
    /// when all replicates lie on one side of θ̂ (ẑ₀ infinite: BCa is undefined there).
    /// - Parameter jackknife: the leave-one-out estimates, one array per independent sample (one
    ///   array of leave-one-pair-out values for paired data).
    public static func bca(estimate: Double, replicates: [Double], jackknife: [[Double]], level: Double = 0.95) -> IntervalEstimate? {
        let b = Double(replicates.count)
        guard b > 0 else { return nil }
        if replicates.allSatisfy({ $0 == estimate }) {
            return IntervalEstimate(estimate: estimate, lower: estimate, upper: estimate, level: level, method: .bootstrapBCa)
        }
        var below = 0, ties = 0
        for r in replicates {
            if r < estimate { below += 1 } else if r == estimate { ties += 1 }
        }
        let share = (Double(below) + Double(ties) / 2) / b
        guard share > 0, share < 1 else { return nil }
        let z0 = Distributions.normalQuantile(share)
        let a = acceleration(jackknife)

        let zLow = Distributions.normalQuantile((1 - level) / 2)
        func adjusted(_ z: Double) -> Double {
            let num = z0 + z
            return Distributions.normalCDF(z0 + num / (1 - a * num))
        }
        let sorted = replicates.sorted()
        return IntervalEstimate(
            estimate: estimate, lower: Quantile.ofSorted(sorted, adjusted(zLow)), upper: Quantile.ofSorted(sorted, adjusted(-zLow)),
            level: level, method: .bootstrapBCa)
    }

    /// The BCa acceleration â from jackknife values (see ``bca(estimate:replicates:jackknife:level:)``);
    /// 0 when the jackknife values do not vary.
    public static func acceleration(_ jackknife: [[Double]]) -> Double {
        var num = 0.0, den = 0.0
        for sample in jackknife where !sample.isEmpty {
            let n = Double(sample.count)
            let mean = sample.reduce(0, +) / n
            var s3 = 0.0, s2 = 0.0
            for v in sample {
                let u = (n - 1) * (mean - v)
                s2 += u * u
                s3 += u * u * u
            }
            num += s3 / (n * n * n)
            den += s2 / (n * n)
        }
        guard den > 0 else { return 0 }
        return num / (6 * den * den.squareRoot())
    }
}
