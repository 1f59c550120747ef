import CLVModels
import Foundation

/// Expected residual value of a simulated customer at a decision period, scored as the firm
/// would with its segment's model: expected discounted purchases over the rest of the horizon
/// given the customer's frequency and recency (BG/NBD: Σₖ (E[Y(k)] − E[Y(k−1)])(1 + d)^−k,
/// Fader, Hardie & Lee 2005, eq. 10; Pareto/NBD likewise from its conditional expectation) ×
/// the Gamma-Gamma conditional expected spend given the customer's own mean spend
/// (Fader, Hardie & Lee 2005b) × margin. Used to target the top k % by expected value.
struct ExpectedValueScorer {
    var model: PAliveScorer.Model
    var spend: SpendModel
    var margin: Double
    /// Period discount rate.
    var discountRate: Double
    /// Last period of the horizon.
    var horizon: Int

    init?(segment: Segment, margin: Double, discountRate: Double, horizon: Int) {
        guard let model = PAliveScorer.Model(segment: segment), let spend = segment.spend else { return nil }
        self.model = model
        self.spend = spend
        self.margin = margin
        self.discountRate = discountRate
        self.horizon = horizon
    }

    /// Score at the start of period `t` from x purchases (the last in period `lastPurchase`) and
    /// their total spend.
    func score(t: Int, purchases x: Int, lastPurchase: Int, totalSpend: Double) -> Double {
        let remaining = horizon - t + 1
        guard remaining >= 1 else { return 0 }
        let T = Double(t - 1), tx = Double(lastPurchase)
        let purchases: Double
        switch model {
        case .bgnbd(let m):
            purchases = m.discountedExpectedPurchases(periods: remaining, discountRate: discountRate, frequency: x, recency: tx, age: T)
        case .paretonbd(let m):
            var total = 0.0, previous = 0.0
            for k in 1...remaining {
                let e = m.conditionalExpectedPurchases(Double(k), frequency: x, recency: tx, age: T)
                total += (e - previous) * pow(1 + discountRate, -Double(k))
                previous = e
            }
            purchases = total
        }
        let perPurchase: Double
        switch spend {
        case .fixed(let v): perPurchase = v
        case .gammaGamma(let p, let q, let g):
            perPurchase = x > 0
                ? GammaGamma(p: p, q: q, gamma: g).conditionalExpectedSpend(frequency: x, monetaryValue: totalSpend / Double(x))
                : p * g / (q - 1)
        }
        return purchases * perPurchase * margin
    }
}
