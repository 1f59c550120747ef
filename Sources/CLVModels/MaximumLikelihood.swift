import Stochastic

/// Why a fit failed.
public enum FitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No customers (or no usable observations) to fit.
    case emptyData
    /// Observations outside the model's domain (the message names the first offender).
    case invalidData(String)
    /// The log-likelihood is not finite at the starting point.
    case nonFiniteLikelihood
    /// The optimiser stopped with a gradient still larger than the tolerance.
    case didNotConverge(iterations: Int, gradientNorm: Double)
    /// The observed information (negative Hessian of the log-likelihood) is not positive
    /// definite at the optimum: not a proper maximum, or parameters not identified.
    case hessianNotPositiveDefinite
    /// A GSL routine failed.
    case numerical(String)
    /// The data lacks the observations the model is fitted to (the message says which).
    case missingData(String)
    /// The likelihood keeps rising towards the edge of the parameter space; the message says
    /// which parameter runs where, in model terms.
    case boundaryOptimum(String)
    /// The optimiser used up its evaluation budget without converging.
    case evaluationLimit(Int)

    public var description: String {
        switch self {
        case .emptyData: return "no data to fit"
        case .invalidData(let m): return "invalid data: \(m)"
        case .nonFiniteLikelihood: return "the log-likelihood is not finite at the starting values"
        case .didNotConverge(let it, let g): return "the fit did not converge after \(it) iterations (gradient norm \(g))"
        case .hessianNotPositiveDefinite: return "the Hessian at the optimum is not positive definite; standard errors are undefined"
        case .numerical(let m): return "numerical failure: \(m)"
        case .missingData(let m): return m
        case .boundaryOptimum(let m): return "no usable optimum: \(m)"
        case .evaluationLimit(let n): return "the fit did not converge within \(n) likelihood evaluations (the limit); the data may not identify the model's parameters"
        }
    }
}

/// How a fit went.
public struct FitDiagnostics: Sendable, Hashable, Codable {
    public var nelderMeadIterations: Int
    public var bfgsIterations: Int
    /// max |∂(−ℓ/N)/∂ log θᵢ| at the returned point: the per-customer log-likelihood gradient on
    /// the log-parameter scale.
    public var gradientNorm: Double
    /// gradientNorm ≤ ``MaximumLikelihood/gradientTolerance``.
    public var converged: Bool
}

/// The parameters of one model, in the papers' order and names.
public protocol ModelParameters: Sendable, Hashable, Codable {
    static var kind: ModelKind { get }
    static var parameterNames: [String] { get }
    /// Values in `parameterNames` order.
    var values: [Double] { get }
    /// Build from values in `parameterNames` order; throws when a value is outside the domain.
    init(values: [Double]) throws(ModelFileError)
}

/// A maximum-likelihood fit with its uncertainty.
public struct FitResult<Parameters: ModelParameters>: Sendable {
    public var parameters: Parameters
    /// Standard errors in `Parameters.parameterNames` order: square roots of the diagonal of the
    /// inverse observed information, computed on the log scale and mapped by the delta method
    /// (equal to the natural-scale inverse information at the maximum).
    public var standardErrors: [Double]
    /// Inverse observed information (asymptotic covariance of the estimates).
    public var covariance: [[Double]]
    public var logLikelihood: Double
    public var customers: Int
    public var diagnostics: FitDiagnostics
    public var dataFingerprint: String

    /// The standard error of a parameter by name.
    public func standardError(_ name: String) -> Double? {
        Parameters.parameterNames.firstIndex(of: name).map { standardErrors[$0] }
    }

    /// The model file of DESIGN.md §7.
    public func fittedModel(period: PeriodUnit?) -> FittedModel {
        fittedModel(periodLabel: period?.rawValue)
    }

    /// The model file with a free period label (e.g. "year" for an sBG survivor series).
    public func fittedModel(periodLabel: String?) -> FittedModel {
        .of(kind: Parameters.kind, names: Parameters.parameterNames, values: parameters.values, standardErrors: standardErrors,
            covariance: covariance, logLikelihood: logLikelihood, customers: customers, period: periodLabel,
            converged: diagnostics.converged, dataFingerprint: dataFingerprint)
    }
}

/// Maximum likelihood on log-parameters: Nelder–Mead from the start, then BFGS from the simplex's
/// best point, then the observed information on the natural scale.
public enum MaximumLikelihood {
    /// Tolerance on max |∂(−ℓ/N)/∂ log θ|. The objective is per customer (ℓ/N ≈ −1…−10), whose
    /// central-difference gradient carries rounding noise ~ 1e-16·|ℓ/N|/6e-6 ≈ 1e-10; at 1e-6 the
    /// remaining error in log θ is ~1e-6 / (curvature ≈ 0.01…1) — far below any printed digit.
    public static let gradientTolerance = 1e-6

    /// Likelihood evaluations allowed per fit (Nelder–Mead, BFGS and its finite differences). A
    /// well-posed fit of ≤ 5 parameters needs ~500–1,500; past the limit the fit stops and says so,
    /// so no data can make a fit run for minutes (issue #23.2).
    public static let maxEvaluations = 6_000

    /// Parameters the generic boundary check treats as having run away: on the log scale the
    /// optimiser can walk to 0 or ∞ without end when the optimum is on the boundary.
    static let runawayBounds = (low: 1e-12, high: 1e12)

    /// Maximise `logLikelihood` (a function of the natural-scale parameters, all positive).
    /// - Parameters:
    ///   - start: positive starting values.
    ///   - weightTotal: N, used to scale the objective to one customer.
    ///   - boundary: the model's own test (natural-scale parameters → what runs where, or nil),
    ///     applied to every point that improves on the best so far.
    ///   - evaluationBudget: likelihood evaluations allowed before the search stops.
    static func fit<P: ModelParameters>(
        _: P.Type, start: [Double], customers: Int, weightTotal: Double, fingerprint: String,
        boundary: (([Double]) -> String?)? = nil, evaluationBudget: Int = maxEvaluations,
        logLikelihood: @escaping ([Double]) -> Double
    ) throws(FitError) -> FitResult<P> {
        guard weightTotal > 0 else { throw .emptyData }
        let watch = BoundaryWatch(names: P.parameterNames, budget: evaluationBudget, boundary: boundary)
        let objective: ([Double]) -> Double = { theta in
            // Once stopped, every point is "infinitely bad": GSL's minimisers then only shrink and
            // finish within microseconds, and the stop is reported below.
            guard watch.finished || watch.stopped == nil else { return .infinity }
            let natural = theta.map { _exp($0) }
            let v = -logLikelihood(natural) / weightTotal
            watch.observe(natural, v)
            return v.isFinite ? v : .infinity
        }
        let theta0 = start.map { _log($0) }
        guard objective(theta0).isFinite else { throw .nonFiniteLikelihood }
        let nm: Minimum, polished: Minimum
        do {
            nm = try Minimizer.nelderMead(start: theta0, step: 0.5, sizeTolerance: 1e-6, maxIterations: 5_000, objective)
            if let stop = watch.stopped { throw stop }
            polished = try Minimizer.bfgs(start: nm.point, gradientTolerance: gradientTolerance / 10, maxIterations: 500, objective)
            if let stop = watch.stopped { throw stop }
        } catch let stop as FitError { throw stop } catch { throw .numerical("\(error)") }
        let best = polished.value <= nm.value ? polished.point : nm.point
        watch.finished = true   // the closing gradient is a measurement, not a search
        let g = Derivatives.gradient(of: objective, at: best)
        let gnorm = g.map { Swift.abs($0) }.max() ?? 0
        let diagnostics = FitDiagnostics(nelderMeadIterations: nm.iterations, bfgsIterations: polished.iterations,
                                         gradientNorm: gnorm, converged: gnorm <= gradientTolerance)
        guard diagnostics.converged else {
            throw .didNotConverge(iterations: nm.iterations + polished.iterations, gradientNorm: gnorm)
        }
        let estimate = best.map { _exp($0) }
        let parameters: P
        do { parameters = try P(values: estimate) } catch { throw .invalidData("estimate outside the domain: \(error)") }
        // Observed information −∂²ℓ/∂φ∂φᵀ on the log scale φ = ln θ by central differences (steps in
        // φ never leave the domain, unlike natural-scale steps near θ = 0), inverted, then mapped to
        // the natural scale by the delta method: Cov(θ) = D Cov(φ) D with D = diag(θ). At a maximum
        // (zero gradient) this equals the inverse of the natural-scale observed information.
        let negLL: ([Double]) -> Double = { phi in -logLikelihood(phi.map { _exp($0) }) }
        let info = Derivatives.hessian(of: negLL, at: best)
        guard info.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw .hessianNotPositiveDefinite }
        let covLog: [[Double]]
        do { covLog = try LinearAlgebra.inversePositiveDefinite(info) } catch { throw .hessianNotPositiveDefinite }
        // Each pair is computed once (lower triangle) and mirrored: (θᵢ·c)·θⱼ and (θⱼ·c)·θᵢ can differ
        // in the last bit, and the model file promises a symmetric matrix.
        let cov = (0..<estimate.count).map { i in
            (0..<estimate.count).map { j in estimate[max(i, j)] * covLog[max(i, j)][min(i, j)] * estimate[min(i, j)] }
        }
        let se = (0..<estimate.count).map { cov[$0][$0].squareRoot() }
        return FitResult(parameters: parameters, standardErrors: se, covariance: cov,
                         logLikelihood: logLikelihood(estimate), customers: customers,
                         diagnostics: diagnostics, dataFingerprint: fingerprint)
    }
}

/// Counts likelihood evaluations and watches the best point for a run to the boundary; the first
/// reason to stop is kept (the objective is called from GSL's C callbacks, which cannot throw).
private final class BoundaryWatch {
    let names: [String], budget: Int, boundary: (([Double]) -> String?)?
    var evaluations = 0, best = Double.infinity
    var stopped: FitError?
    var finished = false

    init(names: [String], budget: Int, boundary: (([Double]) -> String?)?) {
        self.names = names; self.budget = budget; self.boundary = boundary
    }

    func observe(_ natural: [Double], _ value: Double) {
        if finished { return }
        evaluations += 1
        if evaluations >= budget { stopped = .evaluationLimit(budget); return }
        guard value.isFinite, value < best else { return }
        best = value
        if let reason = boundary?(natural) { stopped = .boundaryOptimum(reason); return }
        let (low, high) = MaximumLikelihood.runawayBounds
        if let i = natural.firstIndex(where: { !($0 > low && $0 < high) }) {
            let g = { (v: Double) in String(format: "%g", v) }
            stopped = .boundaryOptimum("the likelihood keeps rising as \(names[i]) runs to \(natural[i] <= low ? "0" : "∞") "
                                       + "(\(names[i]) = \(g(natural[i])), outside [\(g(low)), \(g(high))]): the data do not identify the model's parameters")
        }
    }
}

@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }

import Foundation
