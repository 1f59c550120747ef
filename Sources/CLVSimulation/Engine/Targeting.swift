import Stochastic

/// Whether a live customer is targeted at decision period `t`: every given rule must hold.
@inline(__always)
func isTargeted(_ iv: CompiledIntervention, index: Int, context: CustomerContext, stream: KeyedStream, t: Int,
                purchases: Int, lastPurchase: Int, spend: Double) -> Bool {
    guard iv.segmentMask & (1 << UInt64(context.segment)) != 0 else { return false }
    if iv.recencyAtLeast > 0 && (t - 1) - lastPurchase < iv.recencyAtLeast { return false }
    if iv.pAliveBelow >= 0, let model = context.pAliveModel {
        let p = PAliveScorer.pAlive(model, x: Double(purchases), tx: Double(lastPurchase), T: Double(t - 1))
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
        let value = scorer.score(t: t, purchases: purchases, lastPurchase: lastPurchase, totalSpend: spend)
        if let scoring = context.scoring, scoring.intervention == index {
            scoring.slot.pointee = value
            return false
        }
        if !(value >= iv.valueThreshold) { return false }
    }
    return true
}
