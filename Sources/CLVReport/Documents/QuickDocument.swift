import Foundation

/// Inputs of `clvlab quick`; every field optional, each formula runs when its inputs are there.
public struct QuickInputs: Sendable, Codable {
    public var basket: Double?
    /// Purchases per year.
    public var frequency: Double?
    /// Years.
    public var lifetime: Double?
    public var margin: Double?
    public var marketingSpend: Double?
    public var newCustomers: Double?
    public var acquisitionCost: Double?
    public var marginPerPeriod: Double?
    public var costPerPeriod: Double?
    public var retention: Double?
    /// Discount rate per period.
    public var discountRate: Double?
    public var periods: Int?
    /// A fitted model file (`clvlab fit`): sbg or bgnbd, for P(active)_t.
    public var model: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case basket, frequency, lifetime, margin, retention, periods, model
        case marketingSpend = "marketing_spend", newCustomers = "new_customers", acquisitionCost = "acquisition_cost"
        case marginPerPeriod = "margin_per_period", costPerPeriod = "cost_per_period", discountRate = "discount_rate"
    }
}

/// One formula with its inputs and its answer.
public struct QuickAnswer: Sendable, Codable {
    public var formula: String
    public var inputs: String
    public var value: Double
    public var unit: String
    public var note: String?

    public init(formula: String, inputs: String, value: Double, unit: String, note: String? = nil) {
        self.formula = formula; self.inputs = inputs; self.value = value; self.unit = unit; self.note = note
    }
}
