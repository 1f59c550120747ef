import Foundation

/// Round numbers for axes (Heckbert 1990, "Nice numbers for graph labels").
enum NiceNumbers {
    /// The nearest of 1, 2, 2.5, 5 × 10^k at or above x.
    static func round(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = floor(log10(x))
        let f = x / pow(10, exponent)
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
        return nice * pow(10, exponent)
    }

    /// About `count` round tick values covering [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let step = round((hi - lo) / Double(max(count, 1)))
        let first = (lo / step).rounded(.up) * step
        var out: [Double] = []
        var t = first
        while t <= hi + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// A tick label without spurious digits.
    static func label(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e9 { return String(Int64(v)) }
        let s = String(format: "%.3g", v)
        return s
    }

    /// A tick label for money over a base: 320k, 1.25M, -40k (below 10,000 as ``label(_:)``).
    static func compact(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return label(v / 1e9) + "G" }
        if a >= 1e6 { return label(v / 1e6) + "M" }
        if a >= 1e4 { return label(v / 1e3) + "k" }
        return label(v)
    }
}
