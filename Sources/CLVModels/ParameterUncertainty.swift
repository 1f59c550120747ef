import Foundation
import Stochastic

/// The asymptotic normal distribution of a fit's estimates on the log scale:
/// log θ ~ N(log θ̂, D⁻¹ Σ D⁻¹) with D = diag(θ̂) (delta method), Σ the file's covariance.
///
/// Why the log scale: every model's parameters are positive, and a normal on the natural scale
/// puts mass below zero when a standard error is a sizeable share of its estimate (CDNOW's BG/NBD
/// b: 0.71 on 2.43; Gamma-Gamma's γ: 4.16 on 15.44), while exp of a normal never leaves the
/// domain. It is also the scale the fit measures its information on: ``MaximumLikelihood``
/// inverts −∂²ℓ/∂(log θ)² and writes Σ = D Cov(log θ̂) D by the delta method, so D⁻¹ Σ D⁻¹ gives
/// back the log-scale covariance the fit computed (to rounding), not a second approximation.
///
/// Reference: the delta method, e.g. Casella & Berger (2002), *Statistical Inference*, §5.5.4;
/// asymptotic normality of maximum-likelihood estimates, ibid. §10.1.
public struct ParameterUncertainty: Sendable {
    /// The model file the draws start from.
    public let file: FittedModel
    /// Parameter names in the model's order (``ModelParameters/parameterNames``); draws follow it.
    public let names: [String]
    /// log θ̂ in `names` order.
    public let logEstimates: [Double]
    /// The covariance of log θ̂, D⁻¹ Σ D⁻¹, in `names` order.
    public let logCovariance: [[Double]]
    /// Lower-triangular L with L Lᵀ = `logCovariance`.
    let factor: [[Double]]

    /// Reads the estimates and covariance of a model file. Throws when a parameter is missing or
    /// invalid (as loading the model does), ``ModelFileError/missingCovariance(model:)`` when the
    /// file has no covariance or lacks an entry, and ``ModelFileError/invalidCovariance(model:reason:)``
    /// when the log-scale matrix is not finite, not symmetric or not positive definite.
    public init(_ file: FittedModel) throws(ModelFileError) {
        let model = try ModelRegistry.load(file)   // names in order; estimates present, finite and > 0
        let names = type(of: model).parameterNames, estimates = model.values
        let sigma = try Self.covariance(file, names)
        let logCovariance = (0..<names.count).map { i in (0..<names.count).map { j in sigma[i][j] / (estimates[i] * estimates[j]) } }
        self.file = file
        self.names = names
        self.logEstimates = estimates.map { Foundation.log($0) }
        self.logCovariance = logCovariance
        self.factor = try Self.factor(logCovariance, file.model)
    }

    /// One draw: θ = exp(log θ̂ + L z), L the Cholesky factor, z standard normals read from `stream` in parameter order.
    /// Reads exactly `names.count` normals, so a caller can key one stream per replication.
    public func draw(using stream: KeyedStream) -> [Double] {
        let z = names.map { _ in stream.normal(mean: 0, sd: 1) }
        return (0..<names.count).map { i in
            Foundation.exp(logEstimates[i] + (0...i).reduce(0) { $0 + factor[i][$1] * z[$1] })
        }
    }

    /// The model file with its parameters replaced by one draw (everything else kept).
    public func drawFile(using stream: KeyedStream) -> FittedModel {
        var drawn = file
        drawn.parameters = Dictionary(uniqueKeysWithValues: zip(names, draw(using: stream)))
        return drawn
    }

    /// Σ from the file in `names` order; every row and column must be there, finite. A matrix
    /// symmetric but for rounding passes: entries that differ by more than 10⁻⁹ of √|ΣᵢᵢΣⱼⱼ| —
    /// more than nine significant digits of a hand-copied or edited file could explain — do not.
    static func covariance(_ file: FittedModel, _ names: [String]) throws(ModelFileError) -> [[Double]] {
        guard let rows = file.covariance else { throw .missingCovariance(model: file.model) }
        var sigma: [[Double]] = []
        for a in names {
            var row: [Double] = []
            for b in names {
                guard let v = rows[a]?[b] else { throw .missingCovariance(model: file.model) }
                row.append(v)
            }
            sigma.append(row)
        }
        guard sigma.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw .invalidCovariance(model: file.model, reason: "an entry is not finite")
        }
        for i in names.indices {
            for j in 0..<i where abs(sigma[i][j] - sigma[j][i]) > 1e-9 * abs(sigma[i][i] * sigma[j][j]).squareRoot() {
                throw .invalidCovariance(model: file.model, reason: "it is not symmetric (\(names[i]), \(names[j]))")
            }
        }
        return sigma
    }

    /// The Cholesky factor of the log-scale covariance, or the reason there is none.
    static func factor(_ logCovariance: [[Double]], _ model: ModelKind) throws(ModelFileError) -> [[Double]] {
        guard logCovariance.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw .invalidCovariance(model: model, reason: "an entry on the log scale is not finite")
        }
        do { return try LinearAlgebra.cholesky(logCovariance) } catch {
            throw .invalidCovariance(model: model, reason: "it is not positive definite on the log scale")
        }
    }
}
