import Foundation

/// A small seeded generator for the benchmarks' synthetic data (SplitMix64; Steele, Lea & Flood
/// 2014). The data only need to be plausible and identical from run to run, so this stays
/// independent of CLVLab's keyed streams, which are not public API.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1): never 0, so logarithms are finite.
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Standard normal (Box–Muller, one of the pair).
    public mutating func normal() -> Double {
        sqrt(-2 * log(uniform())) * cos(2 * Double.pi * uniform())
    }

    /// Exponential with the given rate.
    public mutating func exponential(rate: Double) -> Double {
        -log(uniform()) / rate
    }

    /// Gamma(shape, rate) by Marsaglia & Tsang (2000), with the u^(1/k) boost for shape < 1.
    public mutating func gamma(shape k: Double, rate: Double) -> Double {
        if k < 1 { return gamma(shape: k + 1, rate: rate) * pow(uniform(), 1 / k) }
        let d = k - 1.0 / 3, c = 1 / sqrt(9 * d)
        while true {
            var x = 0.0, v = 0.0
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v / rate }
        }
    }

    /// Beta(a, b) as a ratio of gammas.
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, rate: 1), y = gamma(shape: b, rate: 1)
        return x / (x + y)
    }

    /// Poisson(mean) by inversion (small means only: the benchmarks' rates are a few per week).
    public mutating func poisson(_ mean: Double) -> Int {
        var k = 0, p = exp(-mean), cdf = p
        let u = uniform()
        while u > cdf && p > 0 { k += 1; p *= mean / Double(k); cdf += p }
        return k
    }
}
