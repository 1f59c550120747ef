import Stochastic

/// What one customer's path in one variant reads: the customer, its draws and where its
/// period sums go.
struct PathInputs {
    /// The segment's constants the path reads (not its trait distributions).
    var segment: SegmentPath
    var traits: CustomerTraits
    var key: CustomerKey
    var stream: KeyedStream
    var economics: PeriodEconomics
    var periods: Int
    /// The `[period][metric]` totals of the customer's variant and segment in this chunk.
    var rows: UnsafeMutablePointer<Double>
    /// Where the baseline variant records its path for the variants that replay it.
    var record: BaselineRecord?
}

/// Runs one customer through the horizon under one variant and adds its cash flows to the
/// period totals: each live period, the schedule's modifiers, the lifetime step's activity,
/// spend, and the one booking (``CustomerLedger/bookLivePeriod(_:purchases:listSpend:fee:modifiers:acts:economics:row:)``).
///
/// Timing convention (README "Model conventions"): the customer is acquired at t = 0; a
/// customer alive at the start of period t is *live* in t, makes that period's purchases, pays
/// that period's fee and costs that period's cost to serve; cash flows are booked at the
/// period's end and discounted by (1 + d)^−t. Interventions decide targeting at the start of a
/// period (from history through t − 1) and act in that period.
///
/// The path without interventions is this function specialised with ``NoInterventions``: its
/// modifiers are the constant identity, `Schedule.acts` is false, and its replay is nil, so the
/// optimiser folds the intervention terms and the replay away — equal results by construction.
///
/// With the schedule's replay, a period's activity draws depend only on the customer, the period and the
/// modifiers (common random numbers), so the baseline's recorded activity is replayed in any
/// period with multipliers of 1 in which the baseline customer was live, even after an effect
/// has moved this path off the baseline's — except when leaving has memory (Pareto/NBD's hazard
/// budget): once a churn effect has changed it, that customer draws afresh for good.
@inline(__always)
func simulatePath<Lifetime: LifetimeStep, Schedule: PeriodSchedule>(
    _: Lifetime.Type, schedule: inout Schedule, customer c: PathInputs
) -> CustomerOutcome {
    // The samplers' tables, on the stack: `PoissonTable.capacity + GeometricSurvival.capacity` doubles.
    withUnsafeTemporaryAllocation(of: Double.self, capacity: PoissonTable.capacity + GeometricSurvival.capacity) { scratch in
        simulatePath(Lifetime.self, schedule: &schedule, customer: c, scratch: scratch.baseAddress!)
    }
}

@inline(__always)
private func simulatePath<Lifetime: LifetimeStep, Schedule: PeriodSchedule>(
    _: Lifetime.Type, schedule: inout Schedule, customer c: PathInputs, scratch: UnsafeMutablePointer<Double>
) -> CustomerOutcome {
    let replay = schedule.replay
    let first = replay?.first ?? 1
    // From period `first` > 1 the path continues from the baseline's state at the end of
    // first − 1 (nothing could differ before): the caller copies the earlier period rows.
    let resumed = first > 1 ? replay!.record.states[first - 2] : nil
    var ledger = CustomerLedger(resuming: resumed)
    let fixedRates = !Schedule.acts
    var lifetime = Lifetime(segment: c.segment, traits: c.traits, budget: resumed?.budget ?? c.traits.hazardBudget,
                            scratch: scratch, fixedRates: fixedRates)
    let spend = SpendDraw(segment: c.segment, traits: c.traits)
    let fee = c.segment.fee
    var replayable = replay != nil
    var t = first
    while t <= c.periods {
        if replayable, let replay, t >= schedule.quietFrom, t <= replay.through {
            // Nothing acts on this customer before its next decision period: until then each
            // period is the baseline's.
            let stop = schedule.nextDecision(after: t, periods: c.periods)
            if stop > t {
                if replay.book(&t, until: stop, ledger: &ledger, lifetime: &lifetime, fee: fee, economics: c.economics, rows: c.rows) {
                    return ledger.outcome(alive: false, lastLive: t)
                }
                if t > c.periods { break }
            }
        }
        let m = schedule.modifiers(at: t, history: ledger.history)
        if Lifetime.leavingHasMemory && m.churn != 1 { replayable = false }
        let replayed = replayable && t <= replay!.through && m.leavesActivityUnchanged ? replay!.record.activity[t - 1] : nil
        let key = c.key.stream(periodKey: c.economics.activityKeys[t - 1])
        let activity = lifetime.activity(period: t, key: key, modifiers: m, replayed: replayed, stream: c.stream, fixedRates: fixedRates)
        var listSpend = 0.0
        if activity.purchases > 0 {
            listSpend = (replayed?.listSpend ?? spend.listSpend(purchases: activity.purchases, stream: c.stream)) * m.spend
        }
        let revenue = ledger.bookLivePeriod(t, purchases: activity.purchases, listSpend: listSpend, fee: fee, modifiers: m,
                                            acts: Schedule.acts, economics: c.economics, row: c.rows + (t - 1) * PeriodTotals.metricCount)
        schedule.booked(spend: revenue - fee)
        // The baseline (multipliers 1, so listSpend is the list-price spend).
        c.record?.record(period: t, purchases: activity.purchases, diesAfter: activity.diesAfter, listSpend: listSpend,
                         state: ledger.state(budget: lifetime.budget))
        if activity.diesAfter { return ledger.outcome(alive: false, lastLive: t) }
        t += 1
    }
    return ledger.outcome(alive: true, lastLive: c.periods)
}
