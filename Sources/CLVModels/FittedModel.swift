import Foundation

/// Why a model name or a model file cannot become a model.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No registered model has this name (``ModelRegistry``).
    case unknownModel(String, known: [String])
    /// The file holds a model of another family than the caller needs (`expected` lists that family).
    case unsuitableModel(found: ModelKind, expected: [ModelKind])
    case wrongModel(expected: ModelKind, found: ModelKind)
    case missingParameter(model: ModelKind, name: String)
    case invalidParameter(model: ModelKind, name: String, value: Double, requirement: String)
    case wrongParameterCount(model: ModelKind, expected: Int, found: Int)
    /// The file has no covariance, or not for every parameter: written before fits recorded it.
    case missingCovariance(model: ModelKind)
    /// The covariance cannot describe a normal distribution (the reason says why).
    case invalidCovariance(model: ModelKind, reason: String)

    public var description: String {
        switch self {
        case .unknownModel(let n, let known): return "unknown model '\(n)'; known models: \(known.joined(separator: ", "))"
        case .unsuitableModel(let f, let e):
            return "model file holds a '\(f.rawValue)' model, expected \(e.map(\.rawValue).joined(separator: " or "))"
        case .wrongModel(let e, let f): return "model file holds a '\(f.rawValue)' model, expected '\(e.rawValue)'"
        case .missingParameter(let m, let n): return "\(m.rawValue) model file lacks parameter '\(n)'"
        case .invalidParameter(let m, let n, let v, let req): return "\(m.rawValue) parameter '\(n)' = \(v) is invalid: \(req)"
        case .wrongParameterCount(let m, let e, let f): return "\(m.rawValue) needs \(e) parameters, got \(f)"
        case .missingCovariance(let m):
            return "\(m.rawValue) model file lacks the covariance of its estimates (needed to draw parameters from their uncertainty); "
                + "refit with clvlab fit to add the covariance"
        case .invalidCovariance(let m, let reason):
            return "\(m.rawValue) model file's covariance is unusable: \(reason); refit with clvlab fit to write it again"
        }
    }

    /// For `localizedDescription` (JSONDecoder passes this error through from ``ModelKind``'s decoding).
    public var errorDescription: String? { description }
}

/// A fitted model as written by `clvlab fit --format json` (DESIGN.md §7):
/// `{"model", "parameters", "standard_errors", "covariance", "log_likelihood", "customers", "period",
/// "converged", "data_fingerprint"}` with the papers' parameter names.
public struct FittedModel: Codable, Sendable, Hashable {
    public var model: ModelKind
    public var parameters: [String: Double]
    public var standardErrors: [String: Double]
    /// The asymptotic covariance of the estimates (``FitResult/covariance``: the inverse observed
    /// information, natural scale), keyed row and column by the papers' parameter names and
    /// symmetric; its diagonal is `standardErrors` squared. Nil in files written before it was
    /// recorded: they still load, but cannot give ``ParameterUncertainty``.
    public var covariance: [String: [String: Double]]?
    public var logLikelihood: Double
    public var customers: Int
    /// A ``PeriodUnit`` raw value ("day", "week", "month", …) or a free label from an sBG survivor
    /// file's header ("period", "year"); nil when the data had no calendar (sBG counts).
    public var period: String?
    public var converged: Bool
    public var dataFingerprint: String?

    enum CodingKeys: String, CodingKey {
        case model, parameters
        case standardErrors = "standard_errors"
        case covariance
        case logLikelihood = "log_likelihood"
        case customers, period, converged
        case dataFingerprint = "data_fingerprint"
    }

    public init(model: ModelKind, parameters: [String: Double], standardErrors: [String: Double] = [:],
                covariance: [String: [String: Double]]? = nil,
                logLikelihood: Double, customers: Int, period: String?, converged: Bool, dataFingerprint: String? = nil) {
        self.model = model; self.parameters = parameters; self.standardErrors = standardErrors; self.covariance = covariance
        self.logLikelihood = logLikelihood; self.customers = customers; self.period = period
        self.converged = converged; self.dataFingerprint = dataFingerprint
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(ModelKind.self, forKey: .model)
        parameters = try c.decode([String: Double].self, forKey: .parameters)
        standardErrors = try c.decodeIfPresent([String: Double].self, forKey: .standardErrors) ?? [:]
        covariance = try c.decodeIfPresent([String: [String: Double]].self, forKey: .covariance)
        logLikelihood = try c.decode(Double.self, forKey: .logLikelihood)
        customers = try c.decode(Int.self, forKey: .customers)
        period = try c.decodeIfPresent(String.self, forKey: .period)
        converged = try c.decode(Bool.self, forKey: .converged)
        dataFingerprint = try c.decodeIfPresent(String.self, forKey: .dataFingerprint)
    }

    /// Typed parameters of the stored model, e.g. `try file.parameters(as: BGNBD.self)`.
    /// Throws when the model kind differs, a parameter is missing, or a value is invalid.
    public func parameters<P: ModelParameters>(as: P.Type) throws(ModelFileError) -> P {
        guard model == P.kind else { throw .wrongModel(expected: P.kind, found: model) }
        var values: [Double] = []
        for name in P.parameterNames {
            guard let v = parameters[name] else { throw .missingParameter(model: model, name: name) }
            values.append(v)
        }
        return try P(values: values)
    }

    /// The stored model as its registered type (``ModelRegistry/load(_:)``).
    public func registeredModel() throws(ModelFileError) -> any RegisteredModel {
        try ModelRegistry.load(self)
    }

    /// The period label as a unit; nil for no label or a free one ("period" in an sBG survivor file).
    public var periodUnit: PeriodUnit? { period.flatMap(PeriodUnit.init(rawValue:)) }

    /// The model file of a fit: parameters, standard errors and covariance keyed by the papers' names.
    static func of(kind: ModelKind, names: [String], values: [Double], standardErrors: [Double], covariance: [[Double]],
                   logLikelihood: Double, customers: Int, period: String?, converged: Bool, dataFingerprint: String) -> FittedModel {
        let named = { (row: [Double]) in Dictionary(uniqueKeysWithValues: zip(names, row)) }
        return FittedModel(model: kind, parameters: named(values), standardErrors: named(standardErrors),
                           covariance: Dictionary(uniqueKeysWithValues: zip(names, covariance.map(named))),
                           logLikelihood: logLikelihood, customers: customers, period: period,
                           converged: converged, dataFingerprint: dataFingerprint)
    }
}

/// Check that every value is finite and > 0 (all four models' parameters are positive).
func requirePositive(_ kind: ModelKind, _ names: [String], _ values: [Double]) throws(ModelFileError) {
    guard values.count == names.count else { throw .wrongParameterCount(model: kind, expected: names.count, found: values.count) }
    for (n, v) in zip(names, values) where !(v.isFinite && v > 0) {
        throw .invalidParameter(model: kind, name: n, value: v, requirement: "must be finite and > 0")
    }
}
