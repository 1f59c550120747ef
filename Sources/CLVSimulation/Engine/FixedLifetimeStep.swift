import Stochastic

/// A deterministic lifetime of L periods (the textbook formula), with optional Poisson
/// purchases; the stream is only keyed when there are purchases to draw.
struct FixedLifetimeStep: LifetimeStep {
    let lambda: Double
    let periods: Int
    let hasPurchases: Bool
    var table: PoissonTable

    @inline(__always)
    init(segment plan: SegmentPath, traits: CustomerTraits, budget: Double, scratch: UnsafeMutablePointer<Double>, fixedRates: Bool) {
        lambda = traits.purchaseRate
        periods = plan.fixedPeriods
        hasPurchases = plan.hasPurchases
        table = PoissonTable(mean: fixedRates ? lambda : .nan, storage: scratch)
    }

    @inline(__always)
    mutating func activity(period t: Int, key: UInt64, modifiers m: PeriodModifiers, replayed: RecordedActivity?,
                           stream: KeyedStream, fixedRates: Bool) -> PeriodActivity {
        if let replayed { return PeriodActivity(purchases: Int(replayed.purchases), diesAfter: replayed.diesAfter) }
        if hasPurchases { stream.rekey(key) }
        let purchases = poissonPurchases(hasPurchases: hasPurchases, rate: lambda * m.rate, stream: stream, table: &table, tableIsCurrent: fixedRates)
        return PeriodActivity(purchases: purchases, diesAfter: t >= periods)
    }
}
