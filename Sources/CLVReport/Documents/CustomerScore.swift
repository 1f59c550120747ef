import CLVModels

/// One customer's scores (`clvlab score`): the summary it was scored on and the model's answers.
public struct CustomerScore: Sendable {
    public var customer: CustomerSummary
    public var probabilityAlive: Double
    /// Expected purchases over the horizon.
    public var expectedPurchases: Double
    /// Conditional expected spend per purchase (Gamma-Gamma), when a spend model was given.
    public var expectedSpend: Double?
    /// Expected residual value (CLV attendu): discounted expected purchases × expected spend × margin.
    public var expectedValue: Double?

    public init(customer: CustomerSummary, probabilityAlive: Double, expectedPurchases: Double, expectedSpend: Double?, expectedValue: Double?) {
        self.customer = customer; self.probabilityAlive = probabilityAlive; self.expectedPurchases = expectedPurchases
        self.expectedSpend = expectedSpend; self.expectedValue = expectedValue
    }
}
