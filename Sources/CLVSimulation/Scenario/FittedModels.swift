import CLVModels

/// The model files behind a `from_fit` or `from_customers` population. With
/// `parameter_uncertainty` (the default) each replication draws the models' parameters once from
/// the estimates' asymptotic normal on the log scale (the same draw in every variant), so the fit's
/// uncertainty joins the assumption interval (DESIGN.md §2).
public struct FittedModels: Sendable, Equatable, Codable {
    public var transaction: FittedModel
    public var spend: FittedModel?
    /// Fit period → horizon period: rates are multiplied by it.
    public var rateFactor: Double
    /// `parameter_uncertainty`.
    public var drawsParameters: Bool

    enum CodingKeys: String, CodingKey {
        case drawsParameters = "parameter_uncertainty"
        case transaction = "model"
        case spend = "spend_model"
        case rateFactor = "rate_factor"
    }

    public init(transaction: FittedModel, spend: FittedModel?, rateFactor: Double, drawsParameters: Bool) {
        self.transaction = transaction; self.spend = spend; self.rateFactor = rateFactor; self.drawsParameters = drawsParameters
    }
}
