import Stochastic

/// A t-based interval for a mean or a difference of means, with its test of "no difference".
public struct TTest: Codable, Sendable, Equatable {
    /// The mean (or difference) with its interval; the method is `t`, `paired-t` or `welch`.
    public var interval: IntervalEstimate
    public var standardError: Double
    /// n − 1, or the Welch–Satterthwaite value for `welch`.
    public var degreesOfFreedom: Double
    /// t = estimate / se; `nil` when se = 0 (every observation equal).
    public var statistic: Double?
    /// Two-sided p-value of H₀: true value 0. With se = 0 it is 1 when the estimate is exactly 0
    /// and 0 otherwise (a constant nonzero shift is certain).
    public var pValue: Double
    /// Number of replication strata whose within-stratum variances gave the standard error
    /// (see ``MeanInterval/stratified(_:strata:level:method:)``); `nil` for an unstratified interval.
    public var strata: Int? = nil

    public var estimate: Double { interval.estimate }
}

/// Student and Welch intervals for means.
///
/// - One sample: x̄ ± t_{1−α/2, n−1} · s/√n (Student 1908).
/// - Paired: the one-sample interval of dᵢ = xᵢ − yᵢ. The estimate is mean(d), so identical
///   variants give exactly 0 with zero width.
/// - Welch (1947): (x̄ − ȳ) ± t_{1−α/2, ν} · √(s²ₓ/nₓ + s²ᵧ/nᵧ) with the Welch–Satterthwaite
///   degrees of freedom ν = (s²ₓ/nₓ + s²ᵧ/nᵧ)² / [(s²ₓ/nₓ)²/(nₓ−1) + (s²ᵧ/nᵧ)²/(nᵧ−1)].
public enum MeanInterval {
    /// One-sample t interval of the mean.
    public static func oneSample(_ x: [Double], level: Double = 0.95, method: IntervalMethod = .t) throws(EvaluationError) -> TTest {
        var m = RunningMoments()
        for v in x { m.add(v) }
        return try oneSample(m, level: level, method: method)
    }

    /// One-sample t interval from accumulated moments.
    public static func oneSample(_ m: RunningMoments, level: Double = 0.95, method: IntervalMethod = .t) throws(EvaluationError) -> TTest {
        guard m.count >= 2 else { throw .insufficientData("a t interval needs at least 2 observations, got \(m.count)") }
        let se = m.standardError
        let df = Double(m.count - 1)
        return make(estimate: m.mean, se: se, df: df, level: level, method: method)
    }

    /// Paired t interval of mean(x − y), element by element.
    public static func paired(_ x: [Double], _ y: [Double], level: Double = 0.95) throws(EvaluationError) -> TTest {
        guard x.count == y.count else { throw .invalidTable("paired samples differ in size (\(x.count) and \(y.count))") }
        var m = RunningMoments()
        for i in x.indices { m.add(x[i] - y[i]) }
        return try oneSample(m, level: level, method: .pairedT)
    }

    /// Welch interval of mean(x) − mean(y) for independent samples.
    public static func welch(_ x: [Double], _ y: [Double], level: Double = 0.95) throws(EvaluationError) -> TTest {
        var mx = RunningMoments(), my = RunningMoments()
        for v in x { mx.add(v) }
        for v in y { my.add(v) }
        return try welch(mx, my, level: level)
    }

    /// Welch interval from accumulated moments.
    public static func welch(_ mx: RunningMoments, _ my: RunningMoments, level: Double = 0.95) throws(EvaluationError) -> TTest {
        guard mx.count >= 2, my.count >= 2 else {
            throw .insufficientData("a Welch interval needs at least 2 observations per group, got \(mx.count) and \(my.count)")
        }
        let vx = mx.variance / Double(mx.count), vy = my.variance / Double(my.count)
        let se = (vx + vy).squareRoot()
        let denominator = vx * vx / Double(mx.count - 1) + vy * vy / Double(my.count - 1)
        // Both variances zero: ν is 0/0; fall back to the pooled n − 2 (the interval has zero width anyway).
        let df = denominator > 0 ? (vx + vy) * (vx + vy) / denominator : Double(mx.count + my.count - 2)
        return make(estimate: mx.mean - my.mean, se: se, df: df, level: level, method: .welch)
    }

    /// Monte Carlo interval of a mean over replications that may differ in their inputs
    /// (DESIGN.md §5): the variance is taken *within* each replication r only,
    /// Var(x̄) = Σ_r (n_r/N)² s_r²/n_r = Σ_r n_r s_r² / N², with N − R degrees of freedom
    /// (stratified sampling, Cochran 1977, §5.3–5.4). The between-replication spread caused by
    /// uncertain inputs belongs to the assumption interval, not here. With identical inputs in
    /// every replication it agrees with the plain t interval up to the df.
    /// - Parameters:
    ///   - values: one value per customer-replication (e.g. paired differences).
    ///   - strata: the replication label of each value.
    ///   - method: `t` or `paired-t`, the name of the unstratified counterpart.
    public static func stratified(_ values: [Double], strata: [Int], level: Double = 0.95, method: IntervalMethod = .t) throws(EvaluationError) -> TTest {
        guard values.count == strata.count else { throw .invalidTable("values and replication labels differ in size") }
        var moments: [Int: RunningMoments] = [:]
        for i in values.indices { moments[strata[i], default: RunningMoments()].add(values[i]) }
        if moments.count < 2 {
            return try oneSample(values, level: level, method: method)
        }
        // Merge in label order so the result does not depend on dictionary order.
        let labels = moments.keys.sorted()
        return try stratified(moments: labels.map { moments[$0]! }, labels: labels, level: level, method: method)
    }

    /// The stratified interval from each replication's moments (in replication order), e.g. those
    /// a streaming run keeps instead of the values. One stratum gives the plain interval.
    public static func stratified(moments: [RunningMoments], level: Double = 0.95, method: IntervalMethod = .t) throws(EvaluationError) -> TTest {
        try stratified(moments: moments, labels: Array(moments.indices), level: level, method: method)
    }

    static func stratified(moments: [RunningMoments], labels: [Int], level: Double, method: IntervalMethod) throws(EvaluationError) -> TTest {
        if moments.count == 1 { return try oneSample(moments[0], level: level, method: method) }
        var total = RunningMoments()
        var sumNS2 = 0.0   // Σ_r n_r s_r²
        for (label, m) in zip(labels, moments) {
            guard m.count >= 2 else {
                throw .insufficientData("replication \(label) has \(m.count) observation; a stratified interval needs at least 2 per replication")
            }
            total.merge(m)
            sumNS2 += Double(m.count) * m.variance
        }
        let n = Double(total.count)
        let se = (sumNS2 / (n * n)).squareRoot()
        var result = make(estimate: total.mean, se: se, df: Double(total.count - moments.count), level: level, method: method)
        result.strata = moments.count
        return result
    }

    static func make(estimate: Double, se: Double, df: Double, level: Double, method: IntervalMethod) -> TTest {
        if se == 0 {
            let iv = IntervalEstimate(estimate: estimate, lower: estimate, upper: estimate, level: level, method: method)
            return TTest(interval: iv, standardError: 0, degreesOfFreedom: df, statistic: nil, pValue: estimate == 0 ? 1 : 0)
        }
        let q = Distributions.tQuantile(0.5 + level / 2, degreesOfFreedom: df)
        let t = estimate / se
        let p = 2 * Distributions.tCDF(-Swift.abs(t), degreesOfFreedom: df)
        let iv = IntervalEstimate(estimate: estimate, lower: estimate - q * se, upper: estimate + q * se, level: level, method: method)
        return TTest(interval: iv, standardError: se, degreesOfFreedom: df, statistic: t, pValue: p)
    }
}
