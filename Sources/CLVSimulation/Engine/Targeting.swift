import Stochastic

/// Whether a live customer is targeted at decision period `t`: every given rule must hold.
///
/// The rules read the customer's history as the firm knows it at the start of period `t`: the
/// simulated purchases of periods 1 … t − 1 (the last in period `lastPurchase`) after a real
/// customer's history up to `observed_until` (``PriorHistory``; none for a synthetic customer,
/// whose acquisition is at time 0). x, t_x and T are the models' frequency, recency and age.
@inline(__always)
func isTargeted(_ iv: CompiledIntervention, index: Int, context: CustomerContext, stream: KeyedStream, t: Int,
                purchases: Int, lastPurchase: Int, spend: Double) -> Bool {
    guard iv.segmentMask & (1 << UInt64(context.segment)) != 0 else { return false }
    let prior = context.prior
    let x = prior.purchases + purchases
    let T = prior.age + Double(t - 1)
    let tx = purchases > 0 ? prior.age + Double(lastPurchase) : prior.recency
    if iv.recencyAtLeast > 0 && T - tx < Double(iv.recencyAtLeast) { return false }
    if x < iv.frequencyAtLeast { return false }
    if iv.tenureAtLeast >= 0 && T < iv.tenureAtLeast { return false }
    if iv.pAliveBelow >= 0, let model = context.pAliveModel {
        let p = PAliveScorer.pAlive(model, x: Double(x), tx: tx, T: T)
        if !(p < iv.pAliveBelow) { return false }
    }
    if iv.share < 1 {
        // Holdout: one keyed draw per customer and intervention name.
        stream.rekey(context.key, period: 0, purpose: DrawPurpose(rawValue: DrawPurpose.shareBase ^ iv.nameKey))
        if !(stream.uniform() < iv.share) { return false }
    }
    if iv.topPercent > 0, let scorer = context.valueScorer {
        // Top k % of expected residual value: the threshold comes from a scoring pass over the
        // same customers (see SimulationEngine); in that pass the score is only recorded.
        let value = scorer.score(t: t, purchases: x, recency: tx, age: T, totalSpend: prior.spend + spend)
        if let scoring = context.scoring, scoring.intervention == index {
            scoring.slot.pointee = value
            return false
        }
        if !(value >= iv.valueThreshold) { return false }
    }
    return true
}
