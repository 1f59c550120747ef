import CLVModels

/// One customer's scores (`clvlab score`): the summary it was scored on and the model's answers.
public struct CustomerScore: Sendable {
    public var customer: CustomerSummary
    public var probabilityAlive: Double
    /// Expected purchases over the horizon (any real number of periods).
    public var expectedPurchases: Double
    /// Σₖ (E[Y(k)] − E[Y(k−1)]) (1 + d)^−k over the horizon's whole periods, d the per-period rate.
    public var discountedExpectedPurchases: Double
    /// Pareto/NBD's discounted expected residual transactions over an unlimited horizon, at the
    /// continuously compounded rate ln(1 + d) (Fader, Hardie & Lee 2005c); nil for other models.
    public var dert: Double?
    /// Conditional expected spend per purchase (Gamma-Gamma), when a spend model was given.
    public var expectedSpend: Double?
    /// Expected residual value (CLV attendu): discounted expected purchases × expected spend × margin.
    public var expectedValue: Double?
    /// The value the customer has brought (CLV réel); nil when scored from a summary without it.
    public var realisedValue: Double?
    /// With `--intervals`: 95 % intervals from the estimates' uncertainty.
    public var intervals: ScoreIntervals?

    public init(customer: CustomerSummary, probabilityAlive: Double, expectedPurchases: Double, discountedExpectedPurchases: Double = 0,
                dert: Double? = nil, expectedSpend: Double?, expectedValue: Double?, realisedValue: Double? = nil) {
        self.customer = customer; self.probabilityAlive = probabilityAlive; self.expectedPurchases = expectedPurchases
        self.discountedExpectedPurchases = discountedExpectedPurchases; self.dert = dert
        self.expectedSpend = expectedSpend; self.expectedValue = expectedValue; self.realisedValue = realisedValue
    }
}

/// 2.5 and 97.5 % percentiles of a customer's scores over draws of the models' parameters from
/// the estimates' asymptotic normal (``ParameterUncertainty``): how far the fit's own uncertainty
/// moves them. The customer's own future randomness is not in them.
public struct ScoreIntervals: Sendable {
    public var probabilityAlive: (low: Double, high: Double)
    public var expectedPurchases: (low: Double, high: Double)
    public var expectedValue: (low: Double, high: Double)?

    public init(probabilityAlive: (low: Double, high: Double), expectedPurchases: (low: Double, high: Double), expectedValue: (low: Double, high: Double)?) {
        self.probabilityAlive = probabilityAlive; self.expectedPurchases = expectedPurchases; self.expectedValue = expectedValue
    }
}
