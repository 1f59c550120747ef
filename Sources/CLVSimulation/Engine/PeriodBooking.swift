/// A customer's running account over the horizon: what the path carries from one period to the
/// next besides the lifetime step and the interventions' states.
struct CustomerLedger {
    var clv = 0.0
    /// Discounted campaign costs and discount subsidies caused by the customer.
    var campaignTotal = 0.0
    /// Undiscounted revenue (price paid and fees).
    var revenueTotal = 0.0
    /// First period whose cumulative discounted cash flow reaches the CAC; 0 if none yet.
    var payback: Int32 = 0
    var history = PurchaseHistory()

    /// A fresh account (t = 0), or the baseline's at the end of the period before a resumed path.
    @inline(__always)
    init(resuming state: PathState? = nil) {
        guard let state else { return }
        clv = state.clv
        revenueTotal = state.revenueTotal
        payback = state.payback
        history = PurchaseHistory(purchases: Int(state.purchasesSoFar), lastPurchase: Int(state.lastPurchase), spend: state.spendSoFar)
    }

    /// Books live period `t`: revenue, margin, discount subsidy, cost to serve, campaign costs
    /// and rewards, discounted by (1 + d)^−t at the period's end; adds them to the customer's
    /// account and to the period's row of totals (`row`: that period's metrics). Returns the
    /// revenue. The one booking of every path.
    ///
    /// With `acts` false (a constant in the specialised path without interventions, and in
    /// replayed periods) the intervention terms are their exact value there, +0: subtracting +0
    /// changes no double, and the campaign-cost and discount totals keep their +0.
    @inline(__always)
    mutating func bookLivePeriod(_ t: Int, purchases: Int, listSpend: Double, fee: Double, modifiers m: PeriodModifiers,
                                 acts: Bool, economics e: PeriodEconomics, row: UnsafeMutablePointer<Double>) -> Double {
        // A discount cuts the price of every purchase, including those that would have happened
        // anyway; the cost of goods does not fall, so the whole cut comes off the margin.
        let subsidy = acts ? listSpend * (1 - m.price) : 0
        let revenue = listSpend - subsidy + fee
        let margin = (listSpend + fee) * e.margin - subsidy
        let rewards = acts ? m.rewardRate * revenue : 0
        let campaign = acts ? m.campaign + rewards : 0
        let discount = e.discount[t - 1]
        let discounted = (margin - e.costToServe - campaign) * discount
        clv += discounted
        revenueTotal += revenue
        if payback == 0 && clv >= e.acquisitionCost { payback = Int32(t) }
        if purchases > 0 {
            history.purchases += purchases
            history.lastPurchase = t
            history.spend += revenue - fee
        }
        row[PeriodMetric.alive.rawValue] += 1
        row[PeriodMetric.purchases.rawValue] += Double(purchases)
        row[PeriodMetric.revenue.rawValue] += revenue
        row[PeriodMetric.margin.rawValue] += margin
        row[PeriodMetric.costs.rawValue] += e.costToServe
        row[PeriodMetric.discountedCashFlow.rawValue] += discounted
        if acts {
            campaignTotal += (campaign + subsidy) * discount
            row[PeriodMetric.campaignCosts.rawValue] += campaign
            row[PeriodMetric.discounts.rawValue] += subsidy
            row[PeriodMetric.rewards.rawValue] += rewards
        }
        return revenue
    }

    /// The state a resumed path starts from (see ``BaselineRecord``).
    @inline(__always)
    func state(budget: Double) -> PathState {
        PathState(clv: clv, revenueTotal: revenueTotal, budget: budget, spendSoFar: history.spend, payback: payback,
                  purchasesSoFar: Int32(history.purchases), lastPurchase: Int32(history.lastPurchase))
    }

    /// The customer's outcome, last live in period `lastLive`.
    @inline(__always)
    func outcome(alive: Bool, lastLive: Int) -> CustomerOutcome {
        CustomerOutcome(clv: clv, campaignCost: campaignTotal, revenue: revenueTotal, alive: alive, payback: payback,
                        purchases: Int32(history.purchases), lastPurchase: Int32(history.lastPurchase), lastLivePeriod: Int32(lastLive))
    }
}
