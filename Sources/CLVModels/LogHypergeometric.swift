import Foundation

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
/// Returns NaN outside that domain or if the series has not converged after `maxTerms` terms.
func logHypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maxTerms: Int = 20_000_000) -> Double {
    guard z >= 0, z < 1, a > 0, b > 0, c > 0 else { return .nan }
    if z == 0 { return 0 }
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
