import Foundation
import Stochastic

/// Runs one customer through the horizon under one variant and adds the cash flows to the
/// period totals (`[period][metric]`).
///
/// Timing convention (README "Model conventions"): the customer is acquired at t = 0; a
/// customer alive at the start of period t is *live* in t, makes that period's purchases, pays
/// that period's fee and costs that period's cost to serve; cash flows are booked at the
/// period's end and discounted by (1 + d)^−t. Interventions decide targeting at the start of a
/// period (from history through t − 1) and act in that period.
///
/// Draw order within a period: intervention decisions (each from its own keyed stream), then
/// the activity stream: Poisson purchases, leaving, spend. A variant that changes a rate uses the
/// same uniforms, so outcomes move monotonically (common random numbers).
@inline(__always)
func simulateCustomer(
    plan: SegmentPlan, traits: CustomerTraits, context: CustomerContext, stream: KeyedStream,
    economics: PeriodEconomics, periods: Int, totals: UnsafeMutablePointer<Double>,
    interventions: UnsafeBufferPointer<CompiledIntervention>, tiers: UnsafeBufferPointer<CompiledTier>,
    state: UnsafeMutablePointer<InterventionState>, samplerScratch: UnsafeMutablePointer<Double>,
    record: BaselineRecord? = nil, replay: BaselineRecord? = nil, replayThrough: Int = 0, first: Int = 1
) -> CustomerOutcome {
    if interventions.count == 0 && plan.lifetime == .bgnbd && plan.hasPurchases && replay == nil && first == 1 {
        return simulateBGNBDCustomer(plan: plan, traits: traits, key: context.key, stream: stream,
                                     economics: economics, periods: periods, totals: totals, record: record)
    }
    let metrics = PeriodTotals.metricCount
    // From period `first` > 1 the path continues from the baseline's state at the end of
    // first − 1 (nothing could differ before): the caller copies the earlier period rows.
    let resumed = first > 1 ? replay!.states[first - 2] : PathState(budget: traits.hazardBudget)
    var clv = resumed.clv
    var campaignTotal = 0.0
    var revenueTotal = resumed.revenueTotal
    var payback = resumed.payback
    var budget = resumed.budget
    let lambda = traits.purchaseRate
    let leaving = traits.leaving
    // The samplers' tables for the current multiplied mean and leaving probability (as in
    // simulateBGNBDCustomer: same draws), rebuilt when a multiplier changes them: a replayed
    // customer may never need them, a treated one mostly keeps the same multipliers.
    // `samplerScratch` holds PoissonTable.capacity + GeometricSurvival.capacity doubles.
    var poissonTable = PoissonTable(mean: .nan, storage: samplerScratch)
    var survivalP = Double.nan, logStay = 0.0
    var survival = GeometricSurvival(p: 0.5, logOneMinusP: 0, storage: samplerScratch + PoissonTable.capacity)
    let hasInterventions = interventions.count > 0
    var purchasesSoFar = Int(resumed.purchasesSoFar)
    var lastPurchase = Int(resumed.lastPurchase)
    var spendSoFar = resumed.spendSoFar
    if hasInterventions { for j in 0..<interventions.count { state[j] = InterventionState() } }
    // A period's activity draws depend only on the customer, the period and the multipliers
    // (common random numbers), so the baseline's recorded activity is replayed in any period
    // with multipliers of 1 in which the baseline customer was live (t ≤ `replayThrough`), even
    // after an effect has moved this path off the baseline's. Except for Pareto/NBD, whose
    // leaving also depends on the hazard budget left: once a churn effect has changed it, that
    // customer draws afresh for good.
    var replayable = replay != nil
    // The first period from which every intervention that has enrolled the customer is over:
    // no effect, price cut or per-period cost (0 while none has; never, for effects that fade
    // with a half-life).
    var quietFrom = 0
    let costs = economics.costToServe

    var t = first
    while t <= periods {
        if replayable && t >= quietFrom && t <= replayThrough {
            // Nothing acts on this customer before its next decision period, so until then each
            // period is the baseline's: its rows get the baseline's values as the loop below
            // would compute them (multipliers, price factor 1 and zero subsidy, campaign and
            // reward are exact identities: `x * 1`, `x - (+0)`, `+0 + 0 · revenue = +0`), and
            // the +0 campaign and discount terms, which leave a sum of non-negative terms
            // unchanged, are not added. The state is carried as the loop below carries it (the
            // CLV and payback may differ from the baseline's after a contact's cost).
            let stop = nextDecision(after: t, periods: periods, interventions: interventions, state: state)
            if stop > t {
                let activity = replay!.activity
                while t < stop {
                    let recorded = activity[t - 1]
                    let revenue = recorded.listSpend + plan.fee
                    let margin = revenue * economics.margin
                    let discounted = (margin - costs) * economics.discount[t - 1]
                    clv += discounted
                    revenueTotal += revenue
                    if payback == 0 && clv >= economics.acquisitionCost { payback = Int32(t) }
                    if recorded.purchases > 0 { purchasesSoFar += Int(recorded.purchases); lastPurchase = t; spendSoFar += revenue - plan.fee }
                    addLivePeriod(to: totals + (t - 1) * metrics, purchases: Int(recorded.purchases), revenue: revenue, margin: margin,
                                  costs: costs, discounted: discounted)
                    if recorded.diesAfter {
                        return CustomerOutcome(clv: clv, campaignCost: campaignTotal, revenue: revenueTotal, alive: false, payback: payback,
                                               purchases: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase), lastLivePeriod: Int32(t))
                    }
                    // Pareto/NBD: a period the customer survives uses up μ of the hazard budget.
                    if plan.lifetime == .paretonbd { budget -= leaving }
                    t += 1
                }
                if t > periods { break }
            }
        }

        var rateM = 1.0, churnM = 1.0, spendM = 1.0, price = 1.0
        var campaign = 0.0
        var rewardRate = 0.0
        if hasInterventions {
            for j in 0..<interventions.count {
                let iv = interventions[j]
                // Decisions at the start period (and at each retention re-contact).
                let contact = t == iv.start
                    || (iv.kind == .retention && iv.every > 0 && t > iv.start && t <= iv.end && (t - iv.start) % iv.every == 0)
                if contact && state[j].status != .notTargeted {
                    if state[j].status == .undecided {
                        let targeted = isTargeted(iv, index: j, context: context, stream: stream, t: t,
                                                  purchases: purchasesSoFar, lastPurchase: lastPurchase, spend: spendSoFar)
                        if !targeted { state[j].status = .notTargeted }
                    }
                    if state[j].status != .notTargeted {
                        campaign += iv.perContact
                        // One uptake draw per customer, intervention name and decision period.
                        stream.rekey(context.key, period: t, purpose: DrawPurpose(rawValue: DrawPurpose.uptakeBase ^ iv.nameKey))
                        if stream.uniform() < iv.uptake {
                            state[j].status = .active
                            state[j].since = t
                            quietFrom = max(quietFrom, iv.halfLife > 0 ? Int.max : iv.end + 1 + (iv.kind == .discount ? iv.dipPeriods : 0))
                        } else if state[j].status != .active {
                            state[j].status = .declined
                        }
                    }
                }
                guard state[j].status == .active else { continue }
                let inWindow = t <= iv.end
                // Strength of the effects: 1 in the window, fading after it with the half-life;
                // a retention response fades from the contact.
                var w: Double
                if iv.kind == .retention && iv.halfLife > 0 {
                    w = pow(0.5, Double(t - state[j].since) / iv.halfLife)
                } else if inWindow {
                    w = 1
                } else {
                    w = iv.halfLife > 0 ? pow(0.5, Double(t - iv.end) / iv.halfLife) : 0
                }
                if iv.kind == .retention && !inWindow && iv.halfLife == 0 { w = 0 }
                var r = iv.rate, c = iv.churn, s = iv.spend
                switch iv.kind {
                case .loyalty:
                    var reward = iv.rewardRate
                    if iv.tierCount > 0 {
                        // Highest tier reached by cumulative spend since enrolment.
                        for k in stride(from: iv.tierStart + iv.tierCount - 1, through: iv.tierStart, by: -1)
                        where state[j].spend >= tiers[k].minSpend {
                            r = tiers[k].rate; c = tiers[k].churn; s = tiers[k].spend; reward = tiers[k].rewardRate
                            break
                        }
                    }
                    if inWindow {
                        campaign += iv.perMember
                        rewardRate += reward
                    }
                case .discount:
                    if inWindow { price *= iv.priceFactor }
                    if !inWindow && t <= iv.end + iv.dipPeriods { rateM *= iv.dipRate }
                case .personalisation:
                    if inWindow { campaign += iv.perCustomerPerPeriod }
                case .retention:
                    break
                }
                rateM *= 1 + (r - 1) * w
                churnM *= 1 + (c - 1) * w
                spendM *= 1 + (s - 1) * w
            }
        }

        // Activity: purchases and leaving, from the period's activity stream.
        var purchases = 0
        var diesAfter = false
        if plan.lifetime == .paretonbd && churnM != 1 { replayable = false }
        let replaying = replayable && t <= replayThrough && rateM == 1 && churnM == 1 && spendM == 1
        let replayed = replaying ? replay!.activity[t - 1] : RecordedActivity()
        let periodKey = context.key.stream(periodKey: economics.activityKeys[t - 1])
        // BG/NBD and Pareto/NBD draw the purchases first, by inversion on the stream's first
        // uniform (KeyedStream.poisson for means ≤ 30); a period without purchases draws nothing
        // else from the stream, so it is only keyed in full when needed.
        if !replaying && (plan.lifetime == .contractual || (plan.lifetime == .fixed && plan.hasPurchases)) { stream.rekey(periodKey) }
        let rate = lambda * rateM
        switch plan.lifetime {
        case .bgnbd where replaying:
            purchases = Int(replayed.purchases)
            diesAfter = replayed.diesAfter
        case .bgnbd:
            // Poisson opportunities; the customer leaves right after the K-th purchase,
            // K ~ Geometric(p) on {1, 2, …} (memoryless, so redrawn each period).
            purchases = firstPoissonDraw(mean: rate, key: periodKey, stream: stream, table: &poissonTable)
            if purchases > 0 {
                let p = min(1, leaving * churnM)
                if !(p == survivalP) {
                    survivalP = p
                    logStay = p > 0 && p < 1 ? KeyedStream.logOneMinus(p) : 0
                    if logStay != 0 { survival = GeometricSurvival(p: p, logOneMinusP: logStay, storage: samplerScratch + PoissonTable.capacity) }
                }
                if logStay != 0 {
                    if let k = stream.geometric(atMost: purchases, &survival) { purchases = k; diesAfter = true }
                } else {
                    let k = stream.geometric(successProbability: p)
                    if k <= purchases { purchases = k; diesAfter = true }
                }
            }
        case .paretonbd:
            // Exponential lifetime: the Exp(1) hazard budget runs down by μ per period.
            let mu = leaving * churnM
            var exposure = 1.0
            if budget <= mu {
                exposure = mu > 0 ? budget / mu : 1
                diesAfter = true
            } else {
                budget -= mu
            }
            purchases = replaying ? Int(replayed.purchases)
                : rate > 0 ? firstPoissonDraw(mean: rate * exposure, key: periodKey, stream: stream, table: &poissonTable) : 0
        case .contractual where replaying, .fixed where replaying:
            purchases = Int(replayed.purchases)
            diesAfter = replayed.diesAfter
        case .contractual:
            if plan.hasPurchases && rate > 0 {
                if !(rate == poissonTable.mean) { poissonTable = PoissonTable(mean: rate, storage: samplerScratch) }
                purchases = stream.poisson(&poissonTable)
            }
            diesAfter = stream.uniform() < min(1, leaving * churnM)
        case .fixed:
            if plan.hasPurchases && rate > 0 {
                if !(rate == poissonTable.mean) { poissonTable = PoissonTable(mean: rate, storage: samplerScratch) }
                purchases = stream.poisson(&poissonTable)
            }
            diesAfter = t >= plan.fixedPeriods
        }
        var listSpend = 0.0
        if purchases > 0 {
            listSpend = replaying ? replayed.listSpend
                : plan.spendIsGammaGamma
                ? stream.gamma(shape: Double(purchases) * plan.spendShape, rate: traits.spendScale)
                : Double(purchases) * plan.spendFixed
            listSpend *= spendM
        }
        // A discount cuts the price of every purchase, including those that would have happened
        // anyway; the cost of goods does not fall, so the whole cut comes off the margin.
        let subsidy = listSpend * (1 - price)
        let revenue = listSpend - subsidy + plan.fee
        let margin = (listSpend + plan.fee) * economics.margin - subsidy
        campaign += rewardRate * revenue
        let discount = economics.discount[t - 1]
        let discounted = (margin - costs - campaign) * discount
        clv += discounted
        revenueTotal += revenue
        if payback == 0 && clv >= economics.acquisitionCost { payback = Int32(t) }
        campaignTotal += (campaign + subsidy) * discount
        if hasInterventions {
            for j in 0..<interventions.count where state[j].status == .active { state[j].spend += revenue - plan.fee }
        }
        if purchases > 0 { purchasesSoFar += purchases; lastPurchase = t; spendSoFar += revenue - plan.fee }
        if let record {
            // The baseline (multipliers 1, so listSpend is the list-price spend).
            record.record(period: t, purchases: purchases, diesAfter: diesAfter, listSpend: listSpend,
                          state: PathState(clv: clv, revenueTotal: revenueTotal, budget: budget, spendSoFar: spendSoFar, payback: payback,
                                           purchasesSoFar: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase)))
        }

        let row = totals + (t - 1) * metrics
        addLivePeriod(to: row, purchases: purchases, revenue: revenue, margin: margin, costs: costs, discounted: discounted)
        row[PeriodMetric.campaignCosts.rawValue] += campaign
        row[PeriodMetric.discounts.rawValue] += subsidy
        if diesAfter { return CustomerOutcome(clv: clv, campaignCost: campaignTotal, revenue: revenueTotal, alive: false, payback: payback,
                                                     purchases: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase), lastLivePeriod: Int32(t)) }
        t += 1
    }
    return CustomerOutcome(clv: clv, campaignCost: campaignTotal, revenue: revenueTotal, alive: true, payback: payback,
                           purchases: Int32(purchasesSoFar), lastPurchase: Int32(lastPurchase), lastLivePeriod: Int32(periods))
}

/// A Poisson draw with mean `mean` from the stream `key`, as `rekey(key)` then
/// `poisson(mean:)` gives it, but keying the stream in full only when there are purchases (which
/// draw more from it): for means ≤ 30 the draw is the inversion of the stream's first uniform.
/// `table` (rebuilt in its own storage when the mean changes) caches the CDF across periods.
@inline(__always)
func firstPoissonDraw(mean: Double, key: UInt64, stream: KeyedStream, table: inout PoissonTable) -> Int {
    guard mean > 0 else { return 0 }
    guard mean <= 30 else {
        stream.rekey(key)
        return stream.poisson(mean: mean)
    }
    if !(mean == table.mean) { table = PoissonTable(mean: mean, storage: table.storage) }
    let purchases = table.quantile(KeyedStream.firstUniform(key))
    if purchases > 0 { stream.rekeyAfterFirstUniform(key) }
    return purchases
}

/// The first period from `t` on at which an intervention not yet ruled out makes a decision
/// (its start, or a retention re-contact); `periods + 1` if none.
@inline(__always)
func nextDecision(after t: Int, periods: Int, interventions: UnsafeBufferPointer<CompiledIntervention>,
                  state: UnsafeMutablePointer<InterventionState>) -> Int {
    var next = periods + 1
    for j in 0..<interventions.count where state[j].status != .notTargeted {
        let iv = interventions[j]
        if t <= iv.start {
            next = min(next, iv.start)
        } else if iv.kind == .retention && iv.every > 0 && t <= iv.end {
            let contact = iv.start + (t - iv.start + iv.every - 1) / iv.every * iv.every
            if contact <= iv.end { next = min(next, contact) }
        }
    }
    return next
}
