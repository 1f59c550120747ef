import CLVModels
import Foundation

/// The range checks every simulated segment passes, however its population is written:
/// hand-written `segments`, `from_fit` model files, and the customer-data populations of
/// issue #15 (call ``problems(in:)`` on each segment before simulating). It checks what the
/// samplers will receive — rates per horizon period, after any rescaling — so the same numbers
/// get the same message on every path.
///
/// Why these bounds (issue #23, defects 3 and 5):
/// - Mean purchase and dropout rates r/α, s/β ≤ ``ScenarioLoader/maxRate`` per period, and mean
///   spend per purchase ≤ ``ScenarioLoader/maxAmount`` (p·γ/(q − 1) for Gamma-Gamma, finite only
///   for q > 1), as for fixed values: no simulated sum can overflow.
/// - Gamma rate α, β ≥ 5e-8 per period: GSL's Poisson sampler truncates μ·7/8 to a 32-bit
///   integer and loops without end for μ above ~4.9e9. With α ≥ 5e-8 the Gamma scale 1/α is at
///   most 2e7, so a customer's rate exceeds 1e9 (leaving ×4 for intervention multipliers) only
///   when a Gamma(r, 1) draw with r ≤ maxRate·α ≤ 5e-4 exceeds 50: probability < e^−50.
/// - Shapes (r, s, a, b, p, q) within [1e-8, 1e8] and rates at most 1e12: beyond them no data
///   set could have produced the value, and draws or their sums stop being representable
///   (p = 1e300 makes every spend draw overflow).
public enum PopulationValidator {
    public static let shapes: ClosedRange<Double> = 1e-8...1e8
    public static let gammaRates: ClosedRange<Double> = 5e-8...1e12
    public static let spendRates: ClosedRange<Double> = 1e-12...1e12
    public static let meanRates: ClosedRange<Double> = 0...ScenarioLoader.maxRate
    public static let meanSpends: ClosedRange<Double> = 0...ScenarioLoader.maxAmount

    /// What is impossible about this segment, one message per value, each naming the parameter
    /// (as the models name it) and its range; empty when the segment can be simulated.
    public static func problems(in segment: Segment) -> [String] {
        var found: [String] = []
        if let rate = segment.purchaseRate { found += problems(rate, "purchase rate", shape: "r", rate: "α") }
        switch segment.lifetime {
        case .bgnbd(let dropout): found += problems(dropout, "dropout probability after a purchase")
        case .paretonbd(let dropout): found += problems(dropout, "dropout rate", shape: "s", rate: "β")
        case .contractual(let churn): found += problems(churn, "churn probability")
        case .fixed: break
        }
        if let spend = segment.spend { found += problems(spend) }
        return found
    }

    static func problems(_ distribution: RateDistribution, _ what: String, shape: String, rate: String) -> [String] {
        switch distribution {
        case .fixed(let v):
            return outside(meanRates, v).map { ["the \(what) \(format(v)) per period is outside \($0)"] } ?? []
        case .gamma(let r, let alpha):
            let found = [check("the \(what)'s Gamma shape \(shape)", r, shapes),
                         check("the \(what)'s Gamma rate \(rate)", alpha, gammaRates, unit: " per period")].compactMap { $0 }
            guard found.isEmpty else { return found }
            return check("the mean \(what) \(shape)/\(rate)", r / alpha, meanRates, unit: " per period").map { [$0] } ?? []
        }
    }

    static func problems(_ distribution: ProbabilityDistribution, _ what: String) -> [String] {
        switch distribution {
        case .fixed(let v): return check("the \(what)", v, 0...1).map { [$0] } ?? []
        case .beta(let a, let b): return [check("the \(what)'s Beta a", a, shapes), check("the \(what)'s Beta b", b, shapes)].compactMap { $0 }
        }
    }

    static func problems(_ spend: SpendModel) -> [String] {
        switch spend {
        case .fixed(let v): return check("the spend per purchase", v, meanSpends).map { [$0] } ?? []
        case .gammaGamma(let p, let q, let gamma):
            var found = [check("the Gamma-Gamma spend shape p", p, shapes), check("the Gamma-Gamma spend rate γ", gamma, spendRates)]
            if !(q > 1 && q <= shapes.upperBound) {
                found.append("the Gamma-Gamma shape q = \(format(q)) is outside (1, \(format(shapes.upperBound))]: "
                             + "the mean spend p·γ/(q − 1) is infinite for q ≤ 1")
            }
            let real = found.compactMap { $0 }
            guard real.isEmpty else { return real }
            return check("the mean spend per purchase p·γ/(q − 1)", p * gamma / (q - 1), meanSpends).map { [$0] } ?? []
        }
    }

    /// "the X = v is outside [lo, hi]" or nil; NaN and ±∞ are always outside.
    static func check(_ what: String, _ value: Double, _ range: ClosedRange<Double>, unit: String = "") -> String? {
        outside(range, value).map { "\(what) = \(format(value))\(unit) is outside \($0)" }
    }

    static func outside(_ range: ClosedRange<Double>, _ value: Double) -> String? {
        value.isFinite && range.contains(value) ? nil : interval(range)
    }

    static func format(_ v: Double) -> String { String(format: "%g", v) }

    /// The role and range of a model file's parameter as a segment uses it (BG/NBD, Pareto/NBD,
    /// Gamma-Gamma names), so a bad value in a file gets the message a hand-written one gets.
    public static func modelParameter(_ name: String, of model: ModelKind) -> (label: String, range: String)? {
        let roles: [String: (String, String)] = [
            "r": ("the purchase rate's Gamma shape r", interval(shapes)),
            "alpha": ("the purchase rate's Gamma rate α", interval(gammaRates)),
            "s": ("the dropout rate's Gamma shape s", interval(shapes)),
            "beta": ("the dropout rate's Gamma rate β", interval(gammaRates)),
            "a": ("the dropout probability after a purchase's Beta a", interval(shapes)),
            "b": ("the dropout probability after a purchase's Beta b", interval(shapes)),
            "p": ("the Gamma-Gamma spend shape p", interval(shapes)),
            "q": ("the Gamma-Gamma shape q", "(1, \(format(shapes.upperBound))]"),
            "gamma": ("the Gamma-Gamma spend rate γ", interval(spendRates)),
        ]
        guard [.bgnbd, .paretonbd, .gammaGamma].contains(model) else { return nil }
        return roles[name].map { (label: $0.0, range: $0.1) }
    }

    static func interval(_ range: ClosedRange<Double>) -> String { "[\(format(range.lowerBound)), \(format(range.upperBound))]" }
}
