import Foundation
import Stochastic

/// ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, by direct summation of the Gauss series
/// in a rescaled accumulator.
///
/// With positive a, b, c and z every term of Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ is positive, so the sum has
/// no cancellation and is accurate to a few ulps per term; the accumulator is rescaled by 2⁻⁵⁰⁰
/// whenever it grows past 2⁵⁰⁰, so results far beyond the double range (e.g. the Pareto/NBD
/// term with x = 200) keep a finite logarithm. GSL's own 2F1 (Stochastic.Special.hypergeometric2F1) fails (or loses
/// precision) near z → 1 when c − a − b ≤ 0, which is exactly the Pareto/NBD case
/// (c − a − b = −s); the series itself only needs more terms there (ratio → z), so up to
/// `maxTerms` terms are summed, after first applying Euler's transformation
/// ₂F₁(a,b;c;z) = (1 − z)^{c−a−b} ₂F₁(c−a, c−b; c; z) (Abramowitz & Stegun 15.3.3) when it keeps
/// all parameters positive and makes the terms smaller.
///
/// Cost: about (a + b + 40)/(1 − z) terms in the worst case (terms peak near n ≈ a·z/(1 − z) and
/// then decay like zⁿ), so z = 1 − 1e-5 costs a few million terms (milliseconds). In the
/// Pareto/NBD likelihood z = |α − β|/(max(α, β) + t_x) approaches 1 only when min(α, β) → 0 and
/// t_x → 0; after Euler's transformation its parameters are (1, r + x), so ≈ 40/(1 − z) terms.
///
/// Bounded (issue #23): the series is summed for at most `seriesTerms` terms (≈ 0.1 ms); when it
/// has not converged by then (z → 1, as when a Pareto/NBD or BG/NBD optimum drifts to the
/// boundary min(α, β) → 0), the value comes from Euler's integral representation instead
/// (``logHypergeometric2F1Integral(_:_:_:_:)``, A&S 15.3.1), which costs at most ~1,500 integrand
/// evaluations whatever z. Only when that representation does not apply (c ≤ min(a, b)) does
/// the series go on, up to `maxTerms`.
///
/// Returns NaN outside that domain or if the series has not converged after `maxTerms` terms.
func logHypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double, seriesTerms: Int = 30_000, maxTerms: Int = 20_000_000) -> Double {
    guard z >= 0, z < 1, a > 0, b > 0, c > 0 else { return .nan }
    if z == 0 { return 0 }
    let series = logHypergeometric2F1Series(a, b, c, z, maxTerms: c > min(a, b) ? seriesTerms : maxTerms)
    if !series.isNaN || c <= min(a, b) { return series }
    return logHypergeometric2F1Integral(a, b, c, z)
}

/// The positive Gauss series (with Euler's transformation when it helps), at most `maxTerms` terms.
func logHypergeometric2F1Series(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maxTerms: Int) -> Double {
    var a = a, b = b
    var prefactor = 0.0
    // Euler: the transformed series has parameters (c−a, c−b); use it when both stay positive and
    // their product is smaller (terms grow like n^{a+b−c−1} zⁿ, so smaller a+b converges faster).
    let ea = c - a, eb = c - b
    if ea > 0, eb > 0, ea + eb < a + b {
        prefactor = (c - a - b) * log1p(-z)
        a = ea; b = eb
    }
    let bigExponent = 500.0
    let big = pow(2.0, bigExponent), scaleDown = pow(2.0, -bigExponent)
    var logScale = 0.0
    var term = 1.0, sum = 1.0
    var n = 0.0
    while n < Double(maxTerms) {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        sum += term
        n += 1
        if sum > big { sum *= scaleDown; term *= scaleDown; logScale += bigExponent * M_LN2 }
        // Stop when the geometric bound on the tail, term·ρ/(1 − ρ) with ρ the larger of the
        // next term ratio and its limit z (ratios move monotonically towards z), is below 1e-17
        // of the sum.
        let rho = max((a + n) * (b + n) / ((c + n) * (n + 1)) * z, z)
        if rho < 1 && term * rho / (1 - rho) < sum * 1e-17 { return prefactor + logScale + log(sum) }
    }
    return .nan
}

/// ln ₂F₁(a, b; c; z) for c > min(a, b) > 0 and 0 ≤ z < 1 from Euler's integral
/// (Abramowitz & Stegun 15.3.1), with p the parameter below c and q the other:
///
///     ₂F₁(a, b; c; z) = Γ(c) / (Γ(p) Γ(c − p)) ∫₀¹ u^{p−1} (1 − u)^{c−p−1} (1 − z u)^{−q} du.
///
/// In the Pareto/NBD case (c = a + 1, p = a) the prefactor is a and the (1 − u) factor is 1. The
/// integrand may be singular at both ends (p < 1, c − p < 1) and peaks at u = 1 on the scale
/// h₀ = (1 − z)/z; so [0, ½] and [½, 1] are each cut into dyadic pieces towards their end
/// ([h/2, h] for h = ½, ¼, …), each integrated by 12-point Gauss–Legendre. A piece's nearest
/// singularity lies at least one piece width away (the end at 0, or u = 1/z), so the rule's error
/// is about (3 + √8)^−24 ≈ 4e-19 relative per piece. The descent stops at h ≤ 1e-9 (times h₀ at
/// the u = 1 end), where the rest of the integrand is f(0)(1 + f′(0)/f(0)·v + O(v²)) and the last
/// piece is added in closed form to O(h²) = 1e-18; or earlier, when the pieces fall below 1e-18 of
/// the sum. At most ~30 + 30 + log₂(1/h₀) ≤ 115 pieces; everything in log space, so values far
/// beyond the double range keep a finite logarithm.
/// - Complexity: O(log(1/(1 − z))) evaluations, at most about 1,400.
func logHypergeometric2F1Integral(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
    guard z >= 0, z < 1, a > 0, b > 0, c > min(a, b) else { return .nan }
    if z == 0 { return 0 }
    let p = c > a ? a : b, q = c > a ? b : a
    let e0 = p - 1, e1 = c - p - 1            // exponents of u and of 1 − u
    // −ln B(p, c − p) by GSL's lnbeta, not lnΓ(c) − lnΓ(p) − lnΓ(c − p): at p = 200 the three
    // lnΓ are ~870 each and their 1e-15 relative errors would leave ~1e-13 in the result.
    let prefactor = -Special.lnBeta(p, c - p)
    let l1z = log1p(-z)
    // ln integrand at u = t (left half) or u = 1 − t (right half), computed from t to keep digits.
    @inline(__always) func logLeft(_ u: Double) -> Double { e0 * log(u) + e1 * log1p(-u) - q * log1p(-z * u) }
    @inline(__always) func logRight(_ v: Double) -> Double { e1 * log(v) + e0 * log1p(-v) - q * log(1 - z + z * v) }

    var total = -Double.infinity
    func add(_ l: Double) { total = logAdd(total, l) }
    func piece(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> Double {
        let mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo)
        var values = [Double](repeating: 0, count: GaussLegendre12.nodes.count)
        var top = -Double.infinity
        for (k, x) in GaussLegendre12.nodes.enumerated() { values[k] = f(mid + half * x); top = max(top, values[k]) }
        guard top.isFinite else { return top }
        var sum = 0.0
        for (k, w) in GaussLegendre12.weights.enumerated() { sum += w * exp(values[k] - top) }
        return top + log(sum * half)
    }

    // Right half first (u → 1 holds the peak), then the left half.
    let h0 = (1 - z) / z
    var h = 0.5, negligible = false
    while h > 1e-9 * min(1, h0) {
        let l = piece(h / 2, h, logRight)
        add(l)
        h /= 2
        if l < total - 41.4 && h < h0 { negligible = true; break }   // e^−41.4 ≈ 1e-18
    }
    // ∫₀ʰ v^{e1} F(v) dv with F(v) = (1 − v)^{e0} (1 − z + z v)^{−q} ≈ F(0)(1 + F₁ v).
    if !negligible { add(closedFormEnd(h, e1, -q * l1z, -e0 - q * z / (1 - z))) }
    h = 0.5; negligible = false
    while h > 1e-9 {
        let l = piece(h / 2, h, logLeft)
        add(l)
        h /= 2
        if l < total - 41.4 { negligible = true; break }
    }
    // ∫₀ʰ u^{e0} G(u) du with G(u) = (1 − u)^{e1} (1 − z u)^{−q} ≈ 1 + (q z − e1) u.
    if !negligible { add(closedFormEnd(h, e0, 0, q * z - e1)) }
    return prefactor + total
}

/// ln ∫₀ʰ t^e · e^{lf0} (1 + f1·t) dt = lf0 + ln(h^{e+1}/(e+1) + f1 h^{e+2}/(e+2)), for e > −1 and
/// |f1| h small (the caller's h makes the neglected O(h²) term ≤ 1e-18).
@inline(__always) private func closedFormEnd(_ h: Double, _ e: Double, _ lf0: Double, _ f1: Double) -> Double {
    let lead = (e + 1) * log(h) - log(e + 1)
    return lf0 + lead + log1p(max(-0.5, f1 * h * (e + 1) / (e + 2)))
}

@inline(__always) private func logAdd(_ x: Double, _ y: Double) -> Double {
    if x == -.infinity { return y }
    if y == -.infinity { return x }
    let m = max(x, y)
    return m + log1p(exp(-abs(x - y)))
}

/// Nodes and weights of 12-point Gauss–Legendre on [−1, 1], computed once by Newton's method on
/// P₁₂ (the recurrence (n+1)Pₙ₊₁ = (2n+1)x Pₙ − n Pₙ₋₁), converged to a few ulps.
enum GaussLegendre12 {
    static let rule: (nodes: [Double], weights: [Double]) = {
        let n = 12
        var nodes = [Double](), weights = [Double]()
        for i in 1...n {
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for k in 2...n { let p2 = (Double(2 * k - 1) * x * p1 - Double(k - 1) * p0) / Double(k); p0 = p1; p1 = p2 }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let dx = p1 / derivative
                x -= dx
                if abs(dx) < 1e-16 { break }
            }
            nodes.append(x)
            weights.append(2 / ((1 - x * x) * derivative * derivative))
        }
        return (nodes, weights)
    }()
    static var nodes: [Double] { rule.nodes }
    static var weights: [Double] { rule.weights }
}
