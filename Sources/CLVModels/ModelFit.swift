/// A ``FitResult`` whose parameter type is known only at run time: what fitting through
/// ``ModelRegistry`` returns (`fit` and `clvlab fit` pick the model by name).
public struct ModelFit: Sendable {
    /// The estimates, as the registered model type (cast to a family, e.g. `as? any PurchaseModel`).
    public var model: any RegisteredModel
    /// In `parameterNames` order; see ``FitResult/standardErrors``.
    public var standardErrors: [Double]
    public var covariance: [[Double]]
    public var logLikelihood: Double
    public var customers: Int
    public var diagnostics: FitDiagnostics
    public var dataFingerprint: String

    public init<P: RegisteredModel>(_ r: FitResult<P>) {
        model = r.parameters; standardErrors = r.standardErrors; covariance = r.covariance
        logLikelihood = r.logLikelihood; customers = r.customers; diagnostics = r.diagnostics
        dataFingerprint = r.dataFingerprint
    }

    /// The model file of DESIGN.md §7, as ``FitResult/fittedModel(periodLabel:)`` writes it.
    public func fittedModel(periodLabel: String?) -> FittedModel {
        .of(kind: type(of: model).kind, names: type(of: model).parameterNames, values: model.values, standardErrors: standardErrors,
            covariance: covariance, logLikelihood: logLikelihood, customers: customers, period: periodLabel,
            converged: diagnostics.converged, dataFingerprint: dataFingerprint)
    }

    /// The model file with a period unit's label.
    public func fittedModel(period: PeriodUnit?) -> FittedModel {
        fittedModel(periodLabel: period?.rawValue)
    }
}
