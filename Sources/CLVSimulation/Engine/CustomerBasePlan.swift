import CLVModels
import Stochastic

/// A real base (``CustomerBase``) as the engine draws it: each customer's traits from their
/// posterior given their history (Fader, Hardie & Lee 2005 §3 for BG/NBD; Schmittlein,
/// Morrison & Colombo 1987 and Fader, Hardie & Lee 2005c for Pareto/NBD; Fader, Hardie &
/// Lee 2005b for Gamma-Gamma — the derivations are in the models' `drawTraits(given:using:)`),
/// with each replication's models (the estimates, or a draw from their uncertainty).
struct CustomerBasePlan: @unchecked Sendable {  // read-only arrays shared by the workers
    let base: CustomerBase
    /// [replication]: the transaction model in horizon periods.
    let purchases: [PosteriorModel]
    /// [replication]: the Gamma-Gamma model, when spend is one.
    let spend: [GammaGamma?]
    let drawsHazardBudget: Bool

    /// Customer `i`'s traits in replication `r`, from the trait stream (rekeyed by the caller):
    /// the purchase model's posterior (alive with probability P(alive)), then ν's, then the
    /// Pareto/NBD lifetime budget. A customer drawn as gone stops there: nothing reads their traits.
    @inline(__always)
    func drawTraits(customer i: Int, replication r: Int, stream: KeyedStream) -> CustomerTraits {
        let h = base.history(i)
        var t = CustomerTraits()
        guard let p = purchases[r].drawTraitsIfAlive(given: h, using: stream) else {
            t.alive = false
            return t
        }
        t.purchaseRate = p.purchaseRate
        t.leaving = p.dropout
        if let g = spend[r] { t.spendScale = g.drawTraits(given: h, using: stream).spendScale }
        if drawsHazardBudget { t.hazardBudget = stream.exponential(rate: 1) }
        return t
    }

    /// What the firm knew of customer `i` at the start (targeting reads it).
    @inline(__always)
    func prior(_ i: Int) -> PriorHistory {
        let x = Int(base.frequency[i])
        return PriorHistory(purchases: x, recency: base.recency[i], age: base.age[i], spend: Double(x) * base.monetaryValue[i])
    }
}
