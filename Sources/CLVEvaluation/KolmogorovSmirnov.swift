import Foundation
import Stochastic

/// Two-sample Kolmogorov–Smirnov test of equal distributions.
public struct KolmogorovSmirnov: Codable, Sendable, Equatable {
    /// D = supₓ |F₁(x) − F₂(x)| of the two empirical CDFs.
    public var statistic: Double
    /// Asymptotic two-sided p-value Q_KS(√(n₁n₂/(n₁+n₂)) · D) from Kolmogorov's limiting
    /// distribution (Kolmogorov 1933, Smirnov 1948); scipy's `kstwobign.sf`.
    public var pValue: Double
    /// Always "asymptotic".
    public var method: String

    /// The test for samples `x` and `y` (any order; they need not be sorted).
    public init(_ x: [Double], _ y: [Double]) {
        self.init(sorted: RadixSort.sorted(x), sorted: RadixSort.sorted(y))
    }

    /// The test for samples already in ascending order (a run's kept values), without sorting again.
    /// - Complexity: O(n₁ + n₂).
    public init(sorted a: [Double], sorted b: [Double]) {
        var i = 0, j = 0, d = 0.0
        let n = Double(a.count), m = Double(b.count)
        while i < a.count && j < b.count {
            let v = Swift.min(a[i], b[j])
            while i < a.count && a[i] == v { i += 1 }
            while j < b.count && b[j] == v { j += 1 }
            d = Swift.max(d, Swift.abs(Double(i) / n - Double(j) / m))
        }
        statistic = a.isEmpty || b.isEmpty ? 0 : d
        let en = n * m / (n + m)
        pValue = a.isEmpty || b.isEmpty ? 1 : KolmogorovSmirnov.survival(en.squareRoot() * statistic)
        method = "asymptotic"
    }

    /// Q_KS(λ) = P(K > λ) for Kolmogorov's K = sup|Brownian bridge|:
    /// Q = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} for λ ≥ 1.18, and for smaller λ the complement of the
    /// Jacobi-theta form P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}, each converging in a
    /// few terms to double precision on its side of the split (Marsaglia, Tsang & Wang 2003).
    public static func survival(_ lambda: Double) -> Double {
        if lambda <= 0 { return 1 }
        if lambda < 1.18 {
            var s = 0.0
            for k in 1...20 {
                let odd = Double(2 * k - 1)
                s += exp(-odd * odd * Double.pi * Double.pi / (8 * lambda * lambda))
            }
            return Swift.min(1, Swift.max(0, 1 - (2 * Double.pi).squareRoot() / lambda * s))
        }
        var s = 0.0
        for k in 1...100 {
            let kk = Double(k)
            let term = exp(-2 * kk * kk * lambda * lambda)
            s += (k % 2 == 1 ? term : -term)
            if term < 1e-17 { break }
        }
        return Swift.min(1, Swift.max(0, 2 * s))
    }
}
