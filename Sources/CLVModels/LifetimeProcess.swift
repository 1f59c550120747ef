/// What the transaction and contractual models share: a customer's lifetime, so the probability
/// that a customer is still alive — the P(active)ₜ of the textbook retention formula
/// (``TextbookCLV/discountedRetention(periods:marginPerPeriod:costPerPeriod:discountRate:acquisitionCost:active:)``)
/// and of the formula bridge's heterogeneity step.
public protocol LifetimeProcess: RegisteredModel {
    /// P(a customer acquired at time 0 is still alive at time t), in the model's periods,
    /// averaged over the mixing distributions.
    func probabilityAlive(at t: Double) -> Double
}
