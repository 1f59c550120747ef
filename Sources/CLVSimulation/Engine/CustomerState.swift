import Stochastic

/// Economics of one replication, as the hot loop needs them.
struct PeriodEconomics {
    var margin: Double
    var costToServe: Double
    /// CAC, for the payback period.
    var acquisitionCost: Double
    /// (1 + d)^−t for t = 1 … H, at index t − 1.
    var discount: UnsafeBufferPointer<Double>
    /// The customer-independent half of each period's activity-stream key, at index t − 1.
    var activityKeys: UnsafeBufferPointer<UInt64>
}

/// Per-customer state of each intervention of a variant; a worker's scratch, reset per customer.
struct InterventionState {
    enum Status: UInt8 { case undecided, notTargeted, declined, active }
    var status: Status = .undecided
    /// Period of the last response (retention) or of enrolment.
    var since: Int = 0
    /// Cumulative spend since enrolment (loyalty tiers).
    var spend: Double = 0
}

/// What the history-based targeting rules need at a decision period.
struct CustomerContext {
    var segment: Int
    var pAliveModel: PAliveScorer.Model?
    var valueScorer: ExpectedValueScorer?
    var key: CustomerKey
    /// Scoring pass of a top-k % rule: the intervention whose scores are recorded, and where.
    var scoring: (intervention: Int, slot: UnsafeMutablePointer<Double>)?
}

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

/// Adds one live customer-period to its row of period totals (`row` = that period's metrics),
/// all but the campaign-cost and discount columns, which only a path with interventions adds to.
@inline(__always)
func addLivePeriod(to row: UnsafeMutablePointer<Double>, purchases: Int, revenue: Double, margin: Double, costs: Double, discounted: Double) {
    row[PeriodMetric.alive.rawValue] += 1
    row[PeriodMetric.purchases.rawValue] += Double(purchases)
    row[PeriodMetric.revenue.rawValue] += revenue
    row[PeriodMetric.margin.rawValue] += margin
    row[PeriodMetric.costs.rawValue] += costs
    row[PeriodMetric.discountedCashFlow.rawValue] += discounted
}

/// What a customer's path carries from one period to the next (besides intervention states).
struct PathState {
    var clv = 0.0
    var revenueTotal = 0.0
    var budget = 0.0
    var spendSoFar = 0.0
    var payback: Int32 = 0
    var purchasesSoFar: Int32 = 0
    var lastPurchase: Int32 = 0
}

/// One customer's outcome in one variant.
struct CustomerOutcome {
    var clv: Double
    var campaignCost: Double
    /// Undiscounted revenue over the horizon (price paid and fees).
    var revenue: Double
    var alive: Bool
    /// First period whose cumulative discounted cash flow reaches the CAC; 0 if none.
    var payback: Int32
    /// Purchases over the horizon and the period of the last one (0: none).
    var purchases: Int32
    var lastPurchase: Int32
    /// The last period the customer was live in.
    var lastLivePeriod: Int32
}
