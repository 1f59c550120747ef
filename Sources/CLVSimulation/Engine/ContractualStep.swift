import Stochastic

/// Contractual (shifted-beta-geometric, Fader & Hardie 2007): optional Poisson purchases, then
/// renewal at the period's end with probability 1 − θ, by one uniform of the activity stream.
struct ContractualStep: LifetimeStep {
    let lambda: Double
    let leaving: Double
    let hasPurchases: Bool
    var table: PoissonTable

    @inline(__always)
    init(segment plan: SegmentPath, traits: CustomerTraits, budget: Double, scratch: UnsafeMutablePointer<Double>, fixedRates: Bool) {
        lambda = traits.purchaseRate
        leaving = traits.leaving
        hasPurchases = plan.hasPurchases
        table = PoissonTable(mean: fixedRates ? lambda : .nan, storage: scratch)
    }

    @inline(__always)
    mutating func activity(period t: Int, key: UInt64, modifiers m: PeriodModifiers, replayed: RecordedActivity?,
                           stream: KeyedStream, fixedRates: Bool) -> PeriodActivity {
        if let replayed { return PeriodActivity(purchases: Int(replayed.purchases), diesAfter: replayed.diesAfter) }
        stream.rekey(key)
        let purchases = poissonPurchases(hasPurchases: hasPurchases, rate: lambda * m.rate, stream: stream, table: &table, tableIsCurrent: fixedRates)
        return PeriodActivity(purchases: purchases, diesAfter: stream.uniform() < min(1, leaving * m.churn))
    }
}

/// Poisson purchases from the already keyed stream, with `table` rebuilt for a changed mean
/// (unless `tableIsCurrent`); none without a purchase stream.
@inline(__always)
func poissonPurchases(hasPurchases: Bool, rate: Double, stream: KeyedStream, table: inout PoissonTable, tableIsCurrent: Bool) -> Int {
    guard hasPurchases && rate > 0 else { return 0 }
    if !tableIsCurrent && !(rate == table.mean) { table = PoissonTable(mean: rate, storage: table.storage) }
    return stream.poisson(&table)
}
