/// A scalar input that may be uncertain (DESIGN.md §5): a number, or a distribution drawn once
/// per replication and shared by every variant of that replication.
///
/// YAML: `0.30`, `{ pert: [0.25, 0.40, 0.55] }`, `{ triangular: [lo, mode, hi] }`,
/// `{ uniform: [lo, hi] }`, `{ normal: { mean: 0.3, sd: 0.05 } }`.
public enum UncertainValue: Sendable, Equatable, Codable {
    case fixed(Double)
    /// Beta-PERT with the usual λ = 4 (Vose 2008, §14.3): mean (min + 4·likely + max)/6.
    case pert(min: Double, likely: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case uniform(low: Double, high: Double)
    case normal(mean: Double, sd: Double)

    /// Whether the value varies between replications.
    public var isUncertain: Bool {
        if case .fixed = self { return false }
        return true
    }

    /// The value when uncertainty is switched off: the number, or the distribution's mean.
    public var central: Double {
        switch self {
        case .fixed(let v): return v
        case .pert(let a, let m, let b): return (a + 4 * m + b) / 6
        case .triangular(let a, let m, let b): return (a + m + b) / 3
        case .uniform(let a, let b): return (a + b) / 2
        case .normal(let mean, _): return mean
        }
    }

    /// Smallest and largest values it can take (±∞ for the normal).
    public var support: ClosedRange<Double> {
        switch self {
        case .fixed(let v): return v...v
        case .pert(let a, _, let b), .triangular(let a, _, let b), .uniform(let a, let b): return a...b
        case .normal: return -Double.infinity...Double.infinity
        }
    }

    /// The value at probability level `u` ∈ (0, 1) (inverse CDF), so that the same uniform
    /// gives the same quantile of an input in every variant and in sensitivity runs.
    /// `betaQuantile` and `normalQuantile` are passed in to keep this file free of GSL.
    public func value(at u: Double, betaQuantile: (Double, Double, Double) -> Double, normalQuantile: (Double) -> Double) -> Double {
        switch self {
        case .fixed(let v):
            return v
        case .pert(let a, let m, let b):
            if b == a { return a }
            let alpha = 1 + 4 * (m - a) / (b - a)
            let beta = 1 + 4 * (b - m) / (b - a)
            return a + (b - a) * betaQuantile(u, alpha, beta)
        case .triangular(let a, let c, let b):
            if b == a { return a }
            let fc = (c - a) / (b - a)
            return u < fc ? a + ((b - a) * (c - a) * u).squareRoot() : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .uniform(let a, let b):
            return a + (b - a) * u
        case .normal(let mean, let sd):
            return mean + sd * normalQuantile(u)
        }
    }
}
