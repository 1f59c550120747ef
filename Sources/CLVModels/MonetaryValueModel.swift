/// A model of the value of each purchase, independent of the transaction process (Gamma-Gamma).
public protocol MonetaryValueModel: RegisteredModel where Traits == SpendTraits {
    /// E[Z] for a new customer.
    var expectedSpend: Double { get }
    /// E[Z | x, z̄]; the population mean when x = 0.
    func conditionalExpectedSpend(frequency x: Int, monetaryValue m: Double) -> Double
}

extension MonetaryValueModel {
    public static var calibrationInput: CalibrationInput { .repeatSpend }

    public static var scoreNames: [String] { ["expected_spend"] }

    /// E[Z | x, z̄] (spend per purchase is the same at every horizon and undiscounted).
    public func scores(for h: CustomerHistory, periods: Int, discountRate: Double) -> [ModelScore] {
        [ModelScore("expected_spend", conditionalExpectedSpend(frequency: h.frequency, monetaryValue: h.monetaryValue))]
    }

    /// Spend per purchase has no time scale.
    public func converted(from source: PeriodUnit, to target: PeriodUnit) -> Self? { self }
}
