import CLVModels
import Foundation

/// Expected residual value of a simulated customer at a decision period, scored as the firm
/// would with its segment's model: expected discounted purchases over the rest of the horizon
/// given the customer's frequency and recency (BG/NBD: Σₖ (E[Y(k)] − E[Y(k−1)])(1 + d)^−k,
/// Fader, Hardie & Lee 2005, eq. 10; Pareto/NBD likewise from its conditional expectation) ×
/// the Gamma-Gamma conditional expected spend given the customer's own mean spend
/// (Fader, Hardie & Lee 2005b) × margin. Used to target the top k % by expected value.
struct ExpectedValueScorer: @unchecked Sendable {  // immutable model values behind the existentials
    var model: PAliveScorer.Model
    var spend: SpendModel
    /// The Gamma-Gamma model of `spend`, when it is one.
    var segmentSpend: (any MonetaryValueModel)?
    var margin: Double
    /// Period discount rate.
    var discountRate: Double
    /// Last period of the horizon.
    var horizon: Int

    init?(segment: Segment, margin: Double, discountRate: Double, horizon: Int) {
        guard let model = PAliveScorer.Model(segment: segment), let spend = segment.spend else { return nil }
        self.model = model
        self.spend = spend
        self.segmentSpend = segment.monetaryValueModel
        self.margin = margin
        self.discountRate = discountRate
        self.horizon = horizon
    }

    /// Score at the start of period `t` from x repeat purchases, the last at t_x, at age T (in
    /// periods; see ``isTargeted(_:index:context:stream:t:purchases:lastPurchase:spend:)``) and
    /// their total spend.
    func score(t: Int, purchases x: Int, recency tx: Double, age T: Double, totalSpend: Double) -> Double {
        let remaining = horizon - t + 1
        guard remaining >= 1 else { return 0 }
        let purchases = model.purchases.discountedExpectedPurchases(periods: remaining, discountRate: discountRate,
                                                                    frequency: x, recency: tx, age: T)
        let perPurchase: Double
        switch spend {
        case .fixed(let v): perPurchase = v
        case .gammaGamma:
            let m = segmentSpend!
            perPurchase = x > 0 ? m.conditionalExpectedSpend(frequency: x, monetaryValue: totalSpend / Double(x)) : m.expectedSpend
        }
        return purchases * perPurchase * margin
    }
}
