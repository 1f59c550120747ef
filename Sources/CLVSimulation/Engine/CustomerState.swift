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

/// What the firm knew of a customer when the simulation started: a real customer's history up to
/// `observed_until` in horizon periods, the first purchase `age` periods before period 1 (all
/// zero for a customer acquired at t = 0).
struct PriorHistory {
    var purchases = 0
    /// t_x: the last repeat purchase, in periods after the first purchase.
    var recency = 0.0
    /// T at the start of period 1.
    var age = 0.0
    /// Total repeat spend (x · z̄).
    var spend = 0.0
}

/// What the history-based targeting rules need at a decision period.
struct CustomerContext {
    var segment: Int
    var prior = PriorHistory()
    var pAliveModel: PAliveScorer.Model?
    var valueScorer: ExpectedValueScorer?
    var key: CustomerKey
    /// Scoring pass of a top-k % rule: the intervention whose scores are recorded, and where.
    var scoring: (intervention: Int, slot: UnsafeMutablePointer<Double>)?

    init(segment: Int, pAliveModel: PAliveScorer.Model?, valueScorer: ExpectedValueScorer?, key: CustomerKey) {
        self.segment = segment; self.pAliveModel = pAliveModel; self.valueScorer = valueScorer; self.key = key
    }
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
    /// Per intervention j of the variant: bit 2j set when it targeted the customer, bit 2j + 1
    /// when the customer enrolled or responded (read from the schedule's state after the path).
    var reachFlags: UInt64 = 0
}
