/// How an interval was computed. The raw value is the name reports print and `summary.json`
/// carries, so a reader always knows which method produced a number (DESIGN.md §7).
public enum IntervalMethod: String, Codable, Sendable, CaseIterable {
    /// One-sample Student t: x̄ ± t_{1−α/2, n−1}·s/√n.
    case t = "t"
    /// t interval of the per-customer paired differences (same customers, common random numbers).
    case pairedT = "paired-t"
    /// Welch (1947) unequal-variance interval with Welch–Satterthwaite degrees of freedom.
    case welch = "welch"
    /// First-order Taylor (delta-method) interval with a normal critical value.
    case delta = "delta"
    /// Fieller (1954) interval for a ratio of means.
    case fieller = "fieller"
    /// Bootstrap percentile interval (Efron & Tibshirani 1993, §13.3).
    case bootstrapPercentile = "bootstrap-percentile"
    /// Bias-corrected and accelerated bootstrap interval (Efron 1987).
    case bootstrapBCa = "bootstrap-bca"
    /// 2.5–97.5 % spread of per-replication results across uncertain inputs (DESIGN.md §5): an
    /// assumption interval, not a Monte Carlo (sampling) interval.
    case assumptionPercentile = "assumption-percentile"
}

/// A point estimate with a two-sided interval, its level and the method that made it.
///
/// Encoded as `{"estimate": x, "ci": [lo, hi], "level": 0.95, "method": "paired-t"}` and, when
/// the level is 0.95, also `"ci95": [lo, hi]`, the key the summary.json contract uses.
/// Values are always finite; a quantity that cannot be bounded is reported as `nil` by the
/// caller rather than as an infinite interval (JSON has no infinity).
public struct IntervalEstimate: Sendable, Equatable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    /// Nominal two-sided coverage, e.g. 0.95.
    public var level: Double
    public var method: IntervalMethod

    public init(estimate: Double, lower: Double, upper: Double, level: Double, method: IntervalMethod) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.level = level
        self.method = method
    }

    /// upper − lower.
    public var width: Double { upper - lower }

    /// Whether `x` lies in the closed interval.
    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }

    /// Whether the whole interval lies strictly on one side of zero.
    public var excludesZero: Bool { lower > 0 || upper < 0 }
}

extension IntervalEstimate: Codable {
    private enum CodingKeys: String, CodingKey { case estimate, ci, ci95, level, method }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        estimate = try c.decode(Double.self, forKey: .estimate)
        let bounds = try c.decode([Double].self, forKey: .ci)
        guard bounds.count == 2 else {
            throw DecodingError.dataCorruptedError(forKey: .ci, in: c, debugDescription: "expected [lower, upper]")
        }
        lower = bounds[0]
        upper = bounds[1]
        level = try c.decode(Double.self, forKey: .level)
        method = try c.decode(IntervalMethod.self, forKey: .method)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(estimate, forKey: .estimate)
        try c.encode([lower, upper], forKey: .ci)
        if level == 0.95 { try c.encode([lower, upper], forKey: .ci95) }
        try c.encode(level, forKey: .level)
        try c.encode(method, forKey: .method)
    }
}
