/// The source of a customer's ``PeriodModifiers``, one period after another: the engine's path
/// (``simulatePath(_:_:customer:)``) is generic over it, so the path without interventions is
/// the general path specialised with ``NoInterventions``.
protocol PeriodSchedule {
    /// Whether any intervention can act. False only for ``NoInterventions``: a constant, so the
    /// optimiser removes the intervention terms (all exact zeros then) from the specialised path.
    static var acts: Bool { get }

    /// The modifiers of live period `t`, after this period's decisions (contacts, uptake).
    mutating func modifiers(at t: Int, history: PurchaseHistory) -> PeriodModifiers

    /// Spend `spend` (price paid, fees excluded) was booked in the period just modified.
    mutating func booked(spend: Double)

    /// The first period from which nothing acts on the customer any more (see
    /// ``InterventionSchedule/quietFrom``).
    var quietFrom: Int { get }

    /// The first period from `t` on at which a decision may be taken; `periods + 1` if none.
    func nextDecision(after t: Int, periods: Int) -> Int

    /// The baseline path this variant follows where nothing acts (nil: draw every period).
    var replay: BaselineReplay? { get }
}

/// A variant without interventions: every period's modifiers are the identity.
struct NoInterventions: PeriodSchedule {
    static var acts: Bool { false }

    @inline(__always)
    mutating func modifiers(at t: Int, history: PurchaseHistory) -> PeriodModifiers { .identity }

    @inline(__always)
    mutating func booked(spend: Double) {}

    var quietFrom: Int { 0 }

    @inline(__always)
    func nextDecision(after t: Int, periods: Int) -> Int { periods + 1 }

    var replay: BaselineReplay? { @inline(__always) get { nil } }
}

/// A customer's purchases so far, which the history-based targeting rules read.
struct PurchaseHistory {
    var purchases = 0
    /// Period of the last purchase (0: none).
    var lastPurchase = 0
    /// Spend at the price paid, fees excluded.
    var spend = 0.0
}
