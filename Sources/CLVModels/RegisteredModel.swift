import Stochastic

/// The one interface every model of CLVModels implements (DESIGN.md §1 "Models"), after
/// lifetimes' `BaseFitter` and PyMC-Marketing's `CLVModel`: named parameters (``ModelParameters``),
/// the data it is fitted to, the fit, the log-likelihood, per-customer scores, the draw of a new
/// customer's latent traits and the draw of an existing customer's traits given their history.
///
/// The families refine it with their predictions: ``PurchaseModel`` (BG/NBD, Pareto/NBD),
/// ``MonetaryValueModel`` (Gamma-Gamma), ``ContractualModel`` (sBG); ``LifetimeProcess`` is what
/// the purchase and contractual models share. ``ModelRegistry`` maps a model name to its type.
///
/// Setup code (fit, score, model files, scenario loaders, scorers' construction) works with
/// `any RegisteredModel` or a generic parameter; per-customer simulation loops keep concrete types.
public protocol RegisteredModel: ModelParameters {
    /// The latent traits one customer draws (``PurchaseTraits``, ``SpendTraits``, ``SubscriptionTraits``).
    associatedtype Traits: Sendable, Hashable

    /// The model's name in prose ("BG/NBD").
    static var displayName: String { get }
    /// The observations ``fit(_:)`` uses.
    static var calibrationInput: CalibrationInput { get }

    /// Maximum-likelihood fit with standard errors (``MaximumLikelihood``), from the default start.
    /// Throws ``FitError/missingData(_:)`` when `data` lacks the model's ``calibrationInput``.
    static func fit(_ data: CalibrationData) throws(FitError) -> FitResult<Self>

    /// ln L of the parameters over the part of `data` the model is fitted to.
    func logLikelihood(_ data: CalibrationData) throws(FitError) -> Double

    /// Names of the values ``scores(for:periods:discountRate:)`` returns, in its order (CSV columns).
    static var scoreNames: [String] { get }

    /// The model's per-customer scores over the next `periods` periods at the per-period discount
    /// rate `discountRate` (see ``PeriodUnit/periodRate(annual:)``).
    func scores(for history: CustomerHistory, periods: Int, discountRate: Double) -> [ModelScore]

    /// A new customer's traits, drawn from the mixing distributions. Reads `stream` in a fixed
    /// order (documented by each model) so that results are reproducible for a given key.
    func drawTraits(using stream: KeyedStream) -> Traits

    /// An existing customer's traits drawn from their posterior given `history` (conjugate
    /// updates; each model cites its derivation). Reads `stream` in a fixed order, whatever the branch.
    func drawTraits(given history: CustomerHistory, using stream: KeyedStream) -> Traits

    /// The same model with its time scale moved from periods of `source` to periods of `target`
    /// (rates × ``PeriodUnit/rateFactor(to:)``), or nil when the model has no exact conversion
    /// (the sBG's per-period churn between different units).
    func converted(from source: PeriodUnit, to target: PeriodUnit) -> Self?
}

/// One named per-customer score ("p_alive", "expected_purchases", …).
public struct ModelScore: Sendable, Hashable {
    public var name: String
    public var value: Double
    public init(_ name: String, _ value: Double) { self.name = name; self.value = value }
}

extension RegisteredModel {
    /// The model's name as model files spell it.
    public var kind: ModelKind { Self.kind }

    /// (name, value) pairs in the papers' order.
    public var namedParameters: [(name: String, value: Double)] {
        Array(zip(Self.parameterNames, values)).map { (name: $0.0, value: $0.1) }
    }

    /// ``fit(_:)`` with the result's parameter type erased, for callers holding `any RegisteredModel.Type`.
    public static func fitModel(_ data: CalibrationData) throws(FitError) -> ModelFit {
        ModelFit(try fit(data))
    }

    /// Typed parameters of a model file of this kind, erased (see ``FittedModel/parameters(as:)``).
    public static func load(_ file: FittedModel) throws(ModelFileError) -> any RegisteredModel {
        try file.parameters(as: Self.self)
    }
}
