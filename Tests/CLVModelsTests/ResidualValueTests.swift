import Foundation
import Testing
@testable import CLVModels

@Suite struct ResidualValueTests {
    /// Oracle: the series Σ_{k≥0} E[(1−θ)^{k+1} | θ ~ Beta(γ, δ+n)] (1+d)^−k summed term by term
    /// (each term (δ+n+k)/(γ+δ+n+k) times the previous, over 1+d) until it is below 1e-18 of the
    /// sum. Relative 1e-12: two summations of the same positive series in different orders.
    @Test func sbgDERLMatchesItsSeries() {
        let m = ShiftedBetaGeometric(gamma: 0.704, delta: 1.182)
        for n in [0, 1, 5, 20] {
            for d in [0.01, 0.1, 0.5] {
                var term = 1.0, sum = 0.0, k = 0.0
                repeat {
                    term *= (m.delta + Double(n) + k) / (m.gamma + m.delta + Double(n) + k) / (k == 0 ? 1 : 1 + d)
                    sum += term
                    k += 1
                } while term > sum * 1e-18
                #expect(relativeError(m.discountedExpectedResidualLifetime(discountRate: d, renewals: n), sum) < 1e-12, "n \(n), d \(d)")
            }
        }
    }

    /// Oracle: Pareto/NBD's closed-form DERT (FHL 2005b, eq. 2) at δ = ln(1 + d). Each purchase in
    /// period k happens at a time in (k−1, k], discounted there by e^{−δt} ∈ [(1+d)^−k, (1+d)^−(k−1)],
    /// so the per-period sum S of ``PurchaseModel`` satisfies S ≤ DERT ≤ (1 + d)·S. With d = 5 %
    /// over 1,000 periods the truncated tail is below (1.05)^−1000 ≈ 1e-21 of the sum.
    @Test func paretoPerPeriodSumBracketsTheClosedFormDERT() throws {
        let m = ParetoNBD(r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67)
        let d = 0.05
        for (x, tx, T) in [(0, 0.0, 38.86), (2, 30.43, 38.86), (10, 38.0, 39.0)] {
            let sum = m.discountedExpectedPurchases(periods: 1_000, discountRate: d, frequency: x, recency: tx, age: T)
            let dert = try m.discountedExpectedResidualTransactions(continuousDiscountRate: log1p(d), frequency: x, recency: tx, age: T)
            #expect(sum <= dert * (1 + 1e-12) && dert <= (1 + d) * sum * (1 + 1e-12), "x \(x): sum \(sum), DERT \(dert)")
        }
    }
}
