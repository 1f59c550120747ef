import Stochastic

/// A ratio of means with delta-method and Fieller intervals.
public struct RatioEstimate: Codable, Sendable, Equatable {
    /// a / b.
    public var estimate: Double
    /// Delta-method standard error of a / b.
    public var standardError: Double
    /// a/b ± z·se (method `delta`).
    public var delta: IntervalEstimate
    /// Fieller's interval (method `fieller`); `nil` when the confidence set is not a bounded
    /// interval, i.e. when the denominator is not significantly different from zero.
    public var fieller: IntervalEstimate?
}

/// Estimates (a, b) of two means with their sampling variances and covariance.
public struct MeanPairMoments: Sendable, Equatable {
    public var numerator: Double
    public var denominator: Double
    /// Var(a), Var(b), Cov(a, b) of the *estimates* (already divided by n).
    public var varianceNumerator: Double
    public var varianceDenominator: Double
    public var covariance: Double

    public init(numerator: Double, denominator: Double, varianceNumerator: Double, varianceDenominator: Double, covariance: Double) {
        self.numerator = numerator
        self.denominator = denominator
        self.varianceNumerator = varianceNumerator
        self.varianceDenominator = varianceDenominator
        self.covariance = covariance
    }

    /// Means of xᵢ and yᵢ measured on the same n units: Var = s²/n, Cov = sₓᵧ/n (two-pass).
    public init(x: [Double], y: [Double]) throws(EvaluationError) {
        guard x.count == y.count else { throw .invalidTable("ratio: numerator and denominator differ in size") }
        guard x.count >= 2 else { throw .insufficientData("a ratio interval needs at least 2 observations") }
        let n = Double(x.count)
        var sx = 0.0, sy = 0.0
        for i in x.indices { sx += x[i]; sy += y[i] }
        let mx = sx / n, my = sy / n
        var vxx = 0.0, vyy = 0.0, vxy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            vxx += dx * dx; vyy += dy * dy; vxy += dx * dy
        }
        let scale = 1 / ((n - 1) * n)
        self.init(numerator: mx, denominator: my, varianceNumerator: vxx * scale, varianceDenominator: vyy * scale, covariance: vxy * scale)
    }

    /// Difference of two independent groups' moments: (a₁ − a₂, b₁ − b₂), variances and
    /// covariances add.
    public static func - (lhs: MeanPairMoments, rhs: MeanPairMoments) -> MeanPairMoments {
        MeanPairMoments(
            numerator: lhs.numerator - rhs.numerator, denominator: lhs.denominator - rhs.denominator,
            varianceNumerator: lhs.varianceNumerator + rhs.varianceNumerator,
            varianceDenominator: lhs.varianceDenominator + rhs.varianceDenominator,
            covariance: lhs.covariance + rhs.covariance)
    }
}

/// Intervals for R = μ_a / μ_b (LTV/CAC, ROI).
///
/// - Delta method: Var(a/b) ≈ (Var a − 2R Cov(a,b) + R² Var b) / b², interval R ± z·se
///   (e.g. Casella & Berger 2002, §5.5.4).
/// - Fieller (1954): the set of R with (a − R b)² ≤ z² (Var a − 2R Cov + R² Var b), i.e. the
///   roots of (b² − z²V_b) R² − 2(ab − z²C) R + (a² − z²V_a) = 0. It is a bounded interval only
///   when b² > z² V_b (the denominator is significantly nonzero); otherwise `nil`.
///
/// Both use the normal critical value z = Φ⁻¹(1 − α/2): they are large-sample intervals, and
/// customer counts here are in the hundreds at least.
public enum RatioInterval {
    /// The ratio with both intervals; `nil` when the denominator estimate is 0.
    public static func of(_ m: MeanPairMoments, level: Double = 0.95) -> RatioEstimate? {
        let a = m.numerator, b = m.denominator
        guard b != 0, a.isFinite, b.isFinite else { return nil }
        let r = a / b
        let z = Distributions.normalQuantile(0.5 + level / 2)
        let v = Swift.max(0, m.varianceNumerator - 2 * r * m.covariance + r * r * m.varianceDenominator)
        let se = v.squareRoot() / Swift.abs(b)
        let delta = IntervalEstimate(estimate: r, lower: r - z * se, upper: r + z * se, level: level, method: .delta)

        var fieller: IntervalEstimate? = nil
        let z2 = z * z
        let qa = b * b - z2 * m.varianceDenominator
        let qb = a * b - z2 * m.covariance
        let qc = a * a - z2 * m.varianceNumerator
        if qa > 0 {
            let disc = Swift.max(0, qb * qb - qa * qc)
            let root = disc.squareRoot()
            if se == 0 {
                fieller = IntervalEstimate(estimate: r, lower: r, upper: r, level: level, method: .fieller)
            } else {
                fieller = IntervalEstimate(estimate: r, lower: (qb - root) / qa, upper: (qb + root) / qa, level: level, method: .fieller)
            }
        }
        return RatioEstimate(estimate: r, standardError: se, delta: delta, fieller: fieller)
    }
}

extension MeanPairMoments {
    /// Means of (x, y) from accumulated paired moments (a streaming run's): Var = m2/((n − 1)n),
    /// Cov = cₓᵧ/((n − 1)n), as ``init(x:y:)`` on the values. `nil` below two pairs.
    public init?(_ m: PairedMoments) {
        guard m.count >= 2 else { return nil }
        let scale = 1 / (Double(m.count - 1) * Double(m.count))
        self.init(numerator: m.meanX, denominator: m.meanY, varianceNumerator: m.m2X * scale,
                  varianceDenominator: m.m2Y * scale, covariance: m.cXY * scale)
    }

    /// Means of (x, y) when y is constant within each stratum (CAC within a replication): from
    /// each stratum's moments of x and its y. `nil` below two values.
    public init?(strata: [RunningMoments], constants y: [Double]) {
        let total = strata.reduce(into: RunningMoments()) { $0.merge($1) }
        guard total.count >= 2 else { return nil }
        let n = Double(total.count)
        let meanY = zip(strata, y).reduce(0) { $0 + Double($1.0.count) * $1.1 } / n
        var vyy = 0.0, vxy = 0.0
        for (m, c) in zip(strata, y) {
            vyy += Double(m.count) * (c - meanY) * (c - meanY)
            vxy += Double(m.count) * (m.mean - total.mean) * (c - meanY)
        }
        let scale = 1 / ((n - 1) * n)
        self.init(numerator: total.mean, denominator: meanY, varianceNumerator: total.m2 * scale,
                  varianceDenominator: vyy * scale, covariance: vxy * scale)
    }
}
