/// What one period's activity stream gave a customer in the baseline variant: replayed by other
/// variants while nothing has changed that customer's rates (common random numbers make the
/// draws the same), instead of drawing them again.
struct RecordedActivity {
    var purchases: Int32 = 0
    var diesAfter = false
    /// Spend at list price before any spend multiplier.
    var listSpend = 0.0
}

/// The current customer's path in the baseline variant (a worker's scratch): written by the
/// baseline, read by the variants that replay it.
struct BaselineRecord {
    /// Each period's activity, at index t − 1.
    var activity: UnsafeMutablePointer<RecordedActivity>
    /// The state at the end of period t, at index t − 1, kept only where `keepsState[t − 1]`:
    /// the periods just before a variant's first intervention, from which that variant resumes.
    var states: UnsafeMutablePointer<PathState>
    var keepsState: UnsafePointer<Bool>

    /// Records period t of the baseline path; the state is only built where a variant resumes.
    @inline(__always)
    func record(period t: Int, purchases: Int, diesAfter: Bool, listSpend: Double, state: @autoclosure () -> PathState) {
        activity[t - 1] = RecordedActivity(purchases: Int32(purchases), diesAfter: diesAfter, listSpend: listSpend)
        if keepsState[t - 1] { states[t - 1] = state() }
    }
}

/// A variant's view of the baseline's path of the current customer.
struct BaselineReplay {
    var record: BaselineRecord
    /// The baseline customer's last live period: activity is recorded up to it.
    var through: Int
    /// The variant's first period that can differ from the baseline (its first intervention).
    var first: Int

    /// Books the baseline's recorded periods `t ..< stop` as they are (no intervention acts in
    /// them) and advances `t`; true when the customer leaves, `t` then being their last period.
    /// The CLV and payback may differ from the baseline's after a contact's cost, so the account
    /// is carried, not copied.
    @inline(__always)
    func book<Lifetime: LifetimeStep>(_ t: inout Int, until stop: Int, ledger: inout CustomerLedger, lifetime: inout Lifetime,
                                      fee: Double, economics: PeriodEconomics, rows: UnsafeMutablePointer<Double>) -> Bool {
        while t < stop {
            let recorded = record.activity[t - 1]
            _ = ledger.bookLivePeriod(t, purchases: Int(recorded.purchases), listSpend: recorded.listSpend, fee: fee, modifiers: .identity,
                                      acts: false, economics: economics, row: rows + (t - 1) * PeriodTotals.metricCount)
            if recorded.diesAfter { return true }
            lifetime.survivedReplayedPeriod()
            t += 1
        }
        return false
    }
}
