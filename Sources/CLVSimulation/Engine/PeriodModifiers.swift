/// What a customer's interventions do to one live period: the value every lifetime step and the
/// booking read, computed in one place (``InterventionSchedule/modifiers(at:history:)``).
///
/// Multipliers act on the purchase rate, on the leaving hazard (dropout p, rate μ, churn θ) and
/// on spend; `price` is the share of the list price paid (1 − discount depth); `campaign` is the
/// period's contact, membership and per-customer costs, and `rewardRate` the share of revenue
/// paid back as rewards.
struct PeriodModifiers {
    var rate = 1.0
    var churn = 1.0
    var spend = 1.0
    var price = 1.0
    var campaign = 0.0
    var rewardRate = 0.0

    /// No intervention acts: the constant the optimiser folds into the fast path.
    static var identity: PeriodModifiers {
        @inline(__always) get { PeriodModifiers() }
    }

    /// Whether the period's activity draws are those of a path without modifiers (so the
    /// baseline's recorded activity can be replayed).
    var leavesActivityUnchanged: Bool {
        @inline(__always) get { rate == 1 && churn == 1 && spend == 1 }
    }
}
