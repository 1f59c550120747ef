import Stochastic

/// Economics of one replication, as the hot loop needs them.
struct PeriodEconomics {
    var margin: Double
    var costToServe: Double
    /// (1 + d)^−t for t = 1 … H, at index t − 1.
    var discount: UnsafeBufferPointer<Double>
}

/// Runs one customer through the horizon under one variant and adds the customer's cash flows
/// to the period totals.
///
/// Timing convention (documented in README "Model conventions"): the customer is acquired at
/// t = 0; a customer alive at the start of period t is *live* in t, makes that period's
/// purchases, pays that period's fee and costs that period's cost to serve; all of a period's
/// cash flows are booked at its end and discounted by (1 + d)^−t.
///
/// - Returns: the customer's gross CLV, and whether they are alive after the last period.
@inline(__always)
func simulateCustomer(
    plan: SegmentPlan, traits: CustomerTraits, key: CustomerKey, stream: KeyedStream,
    economics: PeriodEconomics, periods: Int, totals: UnsafeMutablePointer<Double>
) -> (clv: Double, alive: Bool) {
    let metrics = PeriodTotals.metricCount
    var clv = 0.0
    var budget = traits.hazardBudget
    let lambda = traits.purchaseRate
    let leaving = traits.leaving
    for t in 1...periods {
        var purchases = 0
        var diesAfter = false
        let needsStream = plan.hasPurchases || plan.lifetime == .contractual
        if needsStream { stream.rekey(key.stream(period: t, purpose: .activity)) }
        switch plan.lifetime {
        case .bgnbd:
            // Poisson opportunities; the customer leaves right after the K-th purchase,
            // K ~ Geometric(p) on {1, 2, …} (memoryless, so redrawn each period).
            purchases = lambda > 0 ? stream.poisson(mean: lambda) : 0
            if purchases > 0 {
                let k = stream.geometric(successProbability: leaving)
                if k <= purchases { purchases = k; diesAfter = true }
            }
        case .paretonbd:
            // Exponential lifetime: the hazard budget runs down by μ per period.
            var exposure = 1.0
            if budget <= leaving {
                exposure = leaving > 0 ? budget / leaving : 1
                diesAfter = true
            } else {
                budget -= leaving
            }
            purchases = lambda > 0 ? stream.poisson(mean: lambda * exposure) : 0
        case .contractual:
            if plan.hasPurchases { purchases = lambda > 0 ? stream.poisson(mean: lambda) : 0 }
            diesAfter = stream.uniform() < leaving
        case .fixed:
            if plan.hasPurchases { purchases = lambda > 0 ? stream.poisson(mean: lambda) : 0 }
            diesAfter = t >= plan.fixedPeriods
        }
        var spend = 0.0
        if purchases > 0 {
            spend = plan.spendIsGammaGamma
                ? stream.gamma(shape: Double(purchases) * plan.spendShape, rate: traits.spendScale)
                : Double(purchases) * plan.spendFixed
        }
        let revenue = spend + plan.fee
        let margin = revenue * economics.margin
        let costs = economics.costToServe
        let discounted = (margin - costs) * economics.discount[t - 1]
        clv += discounted
        let row = totals + (t - 1) * metrics
        row[PeriodMetric.alive.rawValue] += 1
        row[PeriodMetric.purchases.rawValue] += Double(purchases)
        row[PeriodMetric.revenue.rawValue] += revenue
        row[PeriodMetric.margin.rawValue] += margin
        row[PeriodMetric.costs.rawValue] += costs
        row[PeriodMetric.discountedCashFlow.rawValue] += discounted
        if diesAfter { return (clv, false) }
    }
    return (clv, true)
}
