import Stochastic

/// Pareto/NBD (Schmittlein, Morrison & Colombo 1987) at period granularity: an exponential
/// lifetime of rate μ, drawn once as an Exp(1) budget of cumulative hazard that each period uses
/// up by μ; within the period of death, purchases are Poisson over the alive fraction only.
struct ParetoNBDStep: LifetimeStep {
    let lambda: Double
    let leaving: Double
    private(set) var budget: Double
    var table: PoissonTable

    /// The budget left depends on every earlier period's hazard.
    static var leavingHasMemory: Bool { true }

    @inline(__always)
    init(segment plan: SegmentPath, traits: CustomerTraits, budget: Double, scratch: UnsafeMutablePointer<Double>, fixedRates: Bool) {
        lambda = traits.purchaseRate
        leaving = traits.leaving
        self.budget = budget
        // The mean changes in the period of death (the alive fraction), so the table stays lazy.
        table = PoissonTable(mean: .nan, storage: scratch)
    }

    @inline(__always)
    mutating func activity(period t: Int, key: UInt64, modifiers m: PeriodModifiers, replayed: RecordedActivity?,
                           stream: KeyedStream, fixedRates: Bool) -> PeriodActivity {
        let mu = leaving * m.churn
        var exposure = 1.0
        var diesAfter = false
        if budget <= mu {
            exposure = mu > 0 ? budget / mu : 1
            diesAfter = true
        } else {
            budget -= mu
        }
        let rate = lambda * m.rate
        let purchases = replayed.map { Int($0.purchases) }
            ?? (rate > 0 ? firstPoissonDraw(mean: rate * exposure, key: key, stream: stream, table: &table) : 0)
        return PeriodActivity(purchases: purchases, diesAfter: diesAfter)
    }

    @inline(__always)
    mutating func survivedReplayedPeriod() { budget -= leaving }
}
