/// A customer's latent traits, drawn once (DESIGN.md §2): from the mixing distributions for a
/// new customer, or from their posterior given the customer's history for an existing one.
/// One small value type per model family; the engine's hot loop copies the fields it needs.

/// Traits of a non-contractual transaction model (BG/NBD, Pareto/NBD).
public struct PurchaseTraits: Sendable, Hashable {
    /// Whether the customer is alive at the end of the observed history (always true for a new customer).
    public var alive: Bool
    /// λ: purchases per period while alive.
    public var purchaseRate: Double
    /// How the customer leaves, in the model's own terms: BG/NBD p (probability of dropping out
    /// after each purchase), Pareto/NBD μ (dropout hazard per period).
    public var dropout: Double

    public init(alive: Bool, purchaseRate: Double, dropout: Double) {
        self.alive = alive; self.purchaseRate = purchaseRate; self.dropout = dropout
    }
}

/// Traits of the Gamma-Gamma spend model.
public struct SpendTraits: Sendable, Hashable {
    /// ν: each purchase is Gamma(shape p, rate ν), so E[z | ν] = p/ν.
    public var spendScale: Double

    public init(spendScale: Double) { self.spendScale = spendScale }
}

/// Traits of a contractual (subscription) model.
public struct SubscriptionTraits: Sendable, Hashable {
    /// Whether the subscriber is active (a history given to the sBG is that of an active one).
    public var alive: Bool
    /// θ: probability of not renewing at each period end.
    public var churn: Double

    public init(alive: Bool, churn: Double) { self.alive = alive; self.churn = churn }
}
