import Foundation
import Stochastic

/// A non-contractual buy-till-you-die model: Poisson purchases at rate λ while alive, an
/// unobserved dropout, Gamma heterogeneity in λ (BG/NBD, Pareto/NBD; MBG/NBD would be one more).
///
/// Times are in the fit's period unit; (x, t_x, T) follow ``CustomerSummary``. Horizons are real
/// numbers of periods (`conditionalExpectedPurchases(2.5, …)` is 2.5 weeks for a weekly fit).
public protocol PurchaseModel: LifetimeProcess where Traits == PurchaseTraits {
    /// ln L(parameters | x, t_x, T) of one customer.
    func logLikelihood(frequency x: Int, recency tx: Double, age T: Double) -> Double
    /// Σ wᵢ ln Lᵢ over grouped data.
    func logLikelihood(_ data: FrequencyRecencyData) -> Double
    /// P(alive at T | x, t_x, T).
    func probabilityAlive(frequency x: Int, recency tx: Double, age T: Double) -> Double
    /// Unconditional E[X(t)]: expected repeat purchases in (0, t] of a customer first seen at 0.
    func expectedPurchases(in t: Double) -> Double
    /// E[Y(t) | x, t_x, T]: expected purchases in (T, T + t], for any real t ≥ 0.
    func conditionalExpectedPurchases(_ t: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double
    /// E[λ | alive, x, t_x, T]: the posterior mean purchase rate of the alive branch, (r + x)/(α + T)
    /// for Gamma(r, α) heterogeneity — the closed form ``drawTraits(given:using:)`` must reproduce.
    func conditionalPurchaseRate(frequency x: Int, recency tx: Double, age T: Double) -> Double
    /// Discounted expected residual transactions over the next `n` whole periods at the
    /// per-period rate `d`: Σₖ₌₁ⁿ (E[Y(k)] − E[Y(k−1)]) (1 + d)^−k, purchases of period k
    /// discounted at its end as every CLVLab cash flow (DESIGN.md §2).
    func discountedExpectedPurchases(periods n: Int, discountRate d: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double
    /// The alive branch of ``RegisteredModel/drawTraits(given:using:)`` — the same draws in the
    /// same order — or nil when the draw says the customer has left: what a simulation needs,
    /// since a customer who has left has no use for the dead branch's traits.
    func drawTraitsIfAlive(given history: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits?
}

extension PurchaseModel {
    public static var calibrationInput: CalibrationInput { .frequencyRecency }

    public func logLikelihood(_ data: CalibrationData) throws(FitError) -> Double {
        logLikelihood(try data.frequencyRecency())
    }

    /// The per-period sum of the requirement, computed from ``conditionalExpectedPurchases(_:frequency:recency:age:)``
    /// in one loop for every model (BG/NBD has no closed-form DERT; Pareto/NBD's closed form,
    /// ``ParetoNBD/discountedExpectedResidualTransactions(continuousDiscountRate:frequency:recency:age:)``,
    /// is the infinite-horizon, continuously discounted quantity and stays a separate method).
    /// n ≤ 0 gives 0.
    public func discountedExpectedPurchases(periods n: Int, discountRate d: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double {
        Self.discountedIncrements(periods: n, discountRate: d) { conditionalExpectedPurchases($0, frequency: x, recency: tx, age: T) }
    }

    /// Σₖ₌₁ⁿ (E(k) − E(k−1)) (1 + d)^−k for a cumulative expectation E with E(0) = 0: each period's
    /// expected purchases discounted at its end. n ≤ 0 gives 0.
    public static func discountedIncrements(periods n: Int, discountRate d: Double, _ cumulative: (Double) -> Double) -> Double {
        var total = 0.0, previous = 0.0
        for k in 1...max(n, 1) where n >= 1 {
            let e = cumulative(Double(k))
            total += (e - previous) * pow(1 + d, -Double(k))
            previous = e
        }
        return total
    }

    public static var scoreNames: [String] { ["p_alive", "expected_purchases", "discounted_expected_purchases"] }

    /// P(alive), E[Y(periods)] and the discounted expected purchases over `periods` (what
    /// `clvlab score` prints before spend).
    public func scores(for h: CustomerHistory, periods: Int, discountRate: Double) -> [ModelScore] {
        let x = h.frequency, tx = h.recency, T = h.age
        return [
            ModelScore("p_alive", probabilityAlive(frequency: x, recency: tx, age: T)),
            ModelScore("expected_purchases", conditionalExpectedPurchases(Double(periods), frequency: x, recency: tx, age: T)),
            ModelScore("discounted_expected_purchases",
                       discountedExpectedPurchases(periods: periods, discountRate: discountRate, frequency: x, recency: tx, age: T)),
        ]
    }
}
