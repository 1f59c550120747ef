import Stochastic

/// BG/NBD (Fader, Hardie & Lee 2005) at period granularity: Poisson(λ) purchase opportunities;
/// the customer leaves right after the K-th purchase, K ~ Geometric(p) on {1, 2, …}
/// (memoryless, so redrawn each period).
struct BGNBDStep: LifetimeStep {
    let lambda: Double
    let leaving: Double
    var table: PoissonTable
    /// The probability `survival` and `logStay` were built for.
    var survivalP: Double
    /// ln(1 − p), 0 when p is 0 or 1 (then the plain geometric draw decides).
    var logStay: Double
    var survival: GeometricSurvival
    let survivalStorage: UnsafeMutablePointer<Double>

    @inline(__always)
    init(segment plan: SegmentPath, traits: CustomerTraits, budget: Double, scratch: UnsafeMutablePointer<Double>, fixedRates: Bool) {
        lambda = traits.purchaseRate
        leaving = traits.leaving
        survivalStorage = scratch + PoissonTable.capacity
        table = PoissonTable(mean: fixedRates ? lambda : .nan, storage: scratch)
        let p = min(1, leaving)
        survivalP = fixedRates ? p : .nan
        logStay = fixedRates && p > 0 && p < 1 ? KeyedStream.logOneMinus(p) : 0
        survival = GeometricSurvival(p: fixedRates ? p : 0.5, logOneMinusP: logStay, storage: survivalStorage)
    }

    @inline(__always)
    mutating func activity(period t: Int, key: UInt64, modifiers m: PeriodModifiers, replayed: RecordedActivity?,
                           stream: KeyedStream, fixedRates: Bool) -> PeriodActivity {
        if let replayed { return PeriodActivity(purchases: Int(replayed.purchases), diesAfter: replayed.diesAfter) }
        var purchases = firstPoissonDraw(mean: lambda * m.rate, key: key, stream: stream, table: &table, tableIsCurrent: fixedRates)
        var diesAfter = false
        if purchases > 0 {
            let p = min(1, leaving * m.churn)
            if !fixedRates && !(p == survivalP) {
                survivalP = p
                logStay = p > 0 && p < 1 ? KeyedStream.logOneMinus(p) : 0
                if logStay != 0 { survival = GeometricSurvival(p: p, logOneMinusP: logStay, storage: survivalStorage) }
            }
            if logStay != 0 {
                if let k = stream.geometric(atMost: purchases, &survival) { purchases = k; diesAfter = true }
            } else {
                let k = stream.geometric(successProbability: p)
                if k <= purchases { purchases = k; diesAfter = true }
            }
        }
        return PeriodActivity(purchases: purchases, diesAfter: diesAfter)
    }
}
