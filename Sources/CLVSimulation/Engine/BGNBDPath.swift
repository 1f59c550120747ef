import Stochastic

/// `simulateCustomer` for a BG/NBD segment with purchases in a variant without interventions —
/// the common case — with the intervention terms taken out where they are exact identities
/// (multipliers of 1, a price factor of 1, zero subsidy, campaign and reward), so every value,
/// CLV and period total stays bit-identical:
/// `x * 1`, `x - (+0)` and `0 + 0 · revenue = +0` change nothing, and the campaign-cost and
/// discount totals, which would only ever receive +0 here, stay at their initial +0.
/// The Poisson CDF of the customer's fixed rate is cached (``PoissonTable``), 1/ν hoisted, and
/// the leaving draw decided without a logarithm when it clearly keeps the customer
/// (``GeometricSurvival``); all with the same draws.
@inline(__always)
func simulateBGNBDCustomer(
    plan: SegmentPlan, traits: CustomerTraits, key: CustomerKey, stream: KeyedStream,
    economics: PeriodEconomics, periods: Int, totals: UnsafeMutablePointer<Double>,
    record: BaselineRecord? = nil
) -> CustomerOutcome {
    let metrics = PeriodTotals.metricCount
    let leaving = traits.leaving
    let logStay = leaving > 0 && leaving < 1 ? KeyedStream.logOneMinus(leaving) : 0
    let spendScale = 1.0 / traits.spendScale
    let fee = plan.fee
    let costs = economics.costToServe
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: PoissonTable.capacity + GeometricSurvival.capacity) { storage in
        var table = PoissonTable(mean: traits.purchaseRate, storage: storage.baseAddress!)
        var survival = GeometricSurvival(p: leaving, logOneMinusP: logStay, storage: storage.baseAddress! + PoissonTable.capacity)
        var clv = 0.0
        var revenueTotal = 0.0
        var payback: Int32 = 0
        var purchasesSoFar = 0
        var lastPurchase = 0
        var spendSoFar = 0.0
        // As KeyedStream.poisson: inversion on the stream's first uniform for 0 < λ ≤ 30.
        let inverts = table.mean > 0 && table.mean <= 30
        for t in 1...periods {
            let periodKey = key.stream(periodKey: economics.activityKeys[t - 1])
            // Poisson opportunities; the customer leaves right after the K-th purchase. A period
            // without purchases draws nothing else, so its stream is only keyed when needed.
            var purchases: Int
            if inverts {
                purchases = table.quantile(KeyedStream.firstUniform(periodKey))
                if purchases > 0 { stream.rekeyAfterFirstUniform(periodKey) }
            } else {
                stream.rekey(periodKey)
                purchases = stream.poisson(&table)
            }
            var diesAfter = false
            var listSpend = 0.0
            if purchases > 0 {
                if logStay != 0 {
                    if let k = stream.geometric(atMost: purchases, &survival) { purchases = k; diesAfter = true }
                } else {
                    let k = stream.geometric(successProbability: min(1, leaving))
                    if k <= purchases { purchases = k; diesAfter = true }
                }
                listSpend = plan.spendIsGammaGamma
                    ? stream.gamma(shape: Double(purchases) * plan.spendShape, scale: spendScale)
                    : Double(purchases) * plan.spendFixed
                purchasesSoFar += purchases
                lastPurchase = t
            }
            let revenue = listSpend + fee
            let margin = (listSpend + fee) * economics.margin
            let discounted = (margin - costs) * economics.discount[t - 1]
            clv += discounted
            revenueTotal += revenue
            if payback == 0 && clv >= economics.acquisitionCost { payback = Int32(t) }
            if let record {
                // As the general path records the baseline for the variants that replay it.
                if purchases > 0 { spendSoFar += revenue - fee }
                record.record(period: t, purchases: purchases, diesAfter: diesAfter, listSpend: listSpend,
                              state: PathState(clv: clv, revenueTotal: revenueTotal, budget: traits.hazardBudget, spendSoFar: spendSoFar,
                                               payback: payback, purchasesSoFar: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase)))
            }
            addLivePeriod(to: totals + (t - 1) * metrics, purchases: purchases, revenue: revenue, margin: margin, costs: costs, discounted: discounted)
            if diesAfter {
                return CustomerOutcome(clv: clv, campaignCost: 0, revenue: revenueTotal, alive: false, payback: payback,
                                       purchases: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase), lastLivePeriod: Int32(t))
            }
        }
        return CustomerOutcome(clv: clv, campaignCost: 0, revenue: revenueTotal, alive: true, payback: payback,
                               purchases: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase), lastLivePeriod: Int32(periods))
    }
}
