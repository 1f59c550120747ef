import Foundation
import Stochastic

/// The shifted-beta-geometric (sBG) model of contractual retention: Fader & Hardie (2007),
/// "How to Project Customer Retention", *Journal of Interactive Marketing* 21(1), 76–90.
///
/// Assumptions (§3 of the paper):
/// 1. At the end of each period an active customer renews with probability 1 − θ (churns with θ),
///    so the lifetime T in periods is shifted-geometric: P(T = t | θ) = θ(1 − θ)^{t−1}.
/// 2. θ ~ Beta(γ, δ) across customers.
///
/// Then P(T = t) = B(γ+1, δ+t−1)/B(γ, δ), S(t) = B(γ, δ+t)/B(γ, δ), and the retention rate
/// r_t = S(t)/S(t−1) = (δ+t−1)/(γ+δ+t−1) rises with t (sorting, not loyalty). Computed with the
/// paper's recursions P(T=1) = γ/(γ+δ), P(T=t) = (δ+t−2)/(γ+δ+t−1)·P(T=t−1) — here in log space.
public struct ShiftedBetaGeometric: ModelParameters {
    public var gamma: Double
    public var delta: Double

    public static let kind = ModelKind.sbg
    public static let parameterNames = ["gamma", "delta"]
    public var values: [Double] { [gamma, delta] }

    public init(gamma: Double, delta: Double) { self.gamma = gamma; self.delta = delta }

    public init(values: [Double]) throws(ModelFileError) {
        try requirePositive(Self.kind, Self.parameterNames, values)
        self.init(gamma: values[0], delta: values[1])
    }

    /// ln P(T = t), t ≥ 1: ln B(γ+1, δ+t−1) − ln B(γ, δ).
    public func logChurnProbability(at t: Int) -> Double {
        Special.lnBeta(gamma + 1, delta + Double(t) - 1) - Special.lnBeta(gamma, delta)
    }

    /// ln S(t), t ≥ 0: ln B(γ, δ+t) − ln B(γ, δ).
    public func logSurvival(_ t: Int) -> Double {
        t <= 0 ? 0 : Special.lnBeta(gamma, delta + Double(t)) - Special.lnBeta(gamma, delta)
    }

    /// S(t): the share of a cohort still active after t periods.
    public func survival(_ t: Int) -> Double { exp(logSurvival(t)) }

    /// r_t = (δ+t−1)/(γ+δ+t−1), the retention rate from period t−1 to t (t ≥ 1).
    public func retentionRate(_ t: Int) -> Double { (delta + Double(t) - 1) / (gamma + delta + Double(t) - 1) }

    /// P(j more renewals | n made) = Πᵢ₌₁ʲ r_{n+i} for j = 1 … `count`: an active subscriber's
    /// θ | n ~ Beta(γ, δ + n), and the product of the cohort's retention rates is E[(1 − θ)ʲ].
    public func renewalProbabilities(after n: Int, count: Int) -> [Double] {
        var p = 1.0
        return (0..<max(count, 0)).map { i in p *= retentionRate(n + i + 1); return p }
    }

    /// Expected survivors of a cohort of `initial` customers after 0…`periods` periods.
    public func projectSurvivors(initial: Double, through periods: Int) -> [Double] {
        (0...max(periods, 0)).map { initial * survival($0) }
    }

    /// Log-likelihood of a survivor series n₀ ≥ n₁ ≥ … ≥ n_k (active customers after 0…k periods),
    /// the paper's appendix eq. (B3):
    /// Σₜ₌₁ᵏ (nₜ₋₁ − nₜ) ln P(T = t) + n_k ln S(k) — those lost in period t churned at t, the
    /// n_k still active are right-censored.
    public func logLikelihood(survivors n: [Double]) -> Double {
        var ll = 0.0
        for t in 1..<n.count where n[t - 1] - n[t] > 0 { ll += (n[t - 1] - n[t]) * logChurnProbability(at: t) }
        if let last = n.last, last > 0 { ll += last * logSurvival(n.count - 1) }
        return ll
    }

    /// Log-likelihood of individual tenures: a customer who churned after `t` periods contributes
    /// ln P(T = t); one still active after `t` periods (censored) contributes ln S(t).
    public func logLikelihood(tenures: [Int], censored: [Bool]) -> Double {
        var ll = 0.0
        for i in 0..<tenures.count { ll += censored[i] ? logSurvival(tenures[i]) : logChurnProbability(at: tenures[i]) }
        return ll
    }

    /// Fit to a survivor series (n₀ first; at least two entries, non-increasing, n₀ > 0).
    public static func fit(survivors n: [Double], start: ShiftedBetaGeometric = ShiftedBetaGeometric(gamma: 1, delta: 1)) throws(FitError) -> FitResult<ShiftedBetaGeometric> {
        guard n.count >= 2, let n0 = n.first, n0 > 0 else { throw .emptyData }
        for t in 1..<n.count where !(n[t] >= 0 && n[t] <= n[t - 1]) {
            throw .invalidData("survivors must be non-increasing and ≥ 0 (period \(t): \(n[t]) after \(n[t - 1]))")
        }
        var h = Fingerprint()
        for v in n { h.add(v.bitPattern) }
        return try MaximumLikelihood.fit(ShiftedBetaGeometric.self, start: start.values, customers: Int(n0.rounded()),
                                         weightTotal: n0, fingerprint: h.hex) { v in
            ShiftedBetaGeometric(gamma: v[0], delta: v[1]).logLikelihood(survivors: n)
        }
    }

    /// Fit to individual tenures with right-censoring (`censored[i]` = still active after
    /// `tenures[i]` periods). Churned tenures must be ≥ 1; censored ones ≥ 0.
    public static func fit(tenures: [Int], censored: [Bool], start: ShiftedBetaGeometric = ShiftedBetaGeometric(gamma: 1, delta: 1)) throws(FitError) -> FitResult<ShiftedBetaGeometric> {
        guard tenures.count == censored.count else { throw .invalidData("tenures and censoring flags have different lengths") }
        guard !tenures.isEmpty else { throw .emptyData }
        var h = Fingerprint()
        for i in 0..<tenures.count {
            guard tenures[i] >= (censored[i] ? 0 : 1) else { throw .invalidData("customer \(i): tenure \(tenures[i])") }
            h.add(UInt64(tenures[i])); h.add(censored[i] ? 1 : 0)
        }
        return try MaximumLikelihood.fit(ShiftedBetaGeometric.self, start: start.values, customers: tenures.count,
                                         weightTotal: Double(tenures.count), fingerprint: h.hex) { v in
            ShiftedBetaGeometric(gamma: v[0], delta: v[1]).logLikelihood(tenures: tenures, censored: censored)
        }
    }
}

// MARK: Registered model

extension ModelKind {
    /// Shifted-beta-geometric, Fader & Hardie (2007).
    public static let sbg = ModelKind(registering: "sbg")
}

extension ShiftedBetaGeometric: ContractualModel {
    public static let displayName = "sBG"

    /// Fit to the survivor series or the tenures of `data.retention`.
    public static func fit(_ data: CalibrationData) throws(FitError) -> FitResult<ShiftedBetaGeometric> {
        switch data.retention {
        case .survivors(let n)?: return try fit(survivors: n)
        case .tenures(let t, let censored)?: return try fit(tenures: t, censored: censored)
        case nil: throw .missingData("sbg needs survivor counts or tenures")
        }
    }

    public func logLikelihood(_ data: CalibrationData) throws(FitError) -> Double {
        switch data.retention {
        case .survivors(let n)?: return logLikelihood(survivors: n)
        case .tenures(let t, let censored)?: return logLikelihood(tenures: t, censored: censored)
        case nil: throw .missingData("sbg needs survivor counts or tenures")
        }
    }

    /// S(⌊t⌋): a subscriber acquired at 0 is active at t if they made every renewal up to t.
    public func probabilityAlive(at t: Double) -> Double {
        t < 1 ? 1 : survival(Int(t.rounded(.down)))
    }

    /// Discounted expected residual lifetime of Fader & Hardie (2010), "Customer-Base Valuation
    /// in a Contractual Setting: The Perils of Ignoring Heterogeneity", *Marketing Science* 29(1),
    /// 85–93, for a subscriber who has made n = `renewals` renewals and is about to decide on the next:
    ///
    ///     DERL(d | γ, δ, n) = Σ_{k≥0} P(k+1 more renewals) (1+d)^−k
    ///                       = (δ+n)/(γ+δ+n) · ₂F₁(1, δ+n+1; γ+δ+n+1; 1/(1+d))
    ///
    /// (θ | n renewals ~ Beta(γ, δ+n), and E[(1−θ)^{k+1}] = (δ+n)_{k+1}/(γ+δ+n)_{k+1}; the paper
    /// writes it for "n − 1 renewals"). The first renewal is counted undiscounted, as the paper
    /// does; for CLVLab's period-end cash flows (DESIGN.md §2) divide by 1 + d. Needs d > 0.
    public func discountedExpectedResidualLifetime(discountRate d: Double, renewals: Int) -> Double {
        let n = Double(max(renewals, 0))
        guard d > 0 else { return .nan }
        return (delta + n) / (gamma + delta + n) * exp(logHypergeometric2F1(1, delta + n + 1, gamma + delta + n + 1, 1 / (1 + d)))
    }

    /// Churn per period has no exact conversion between period lengths: only the identity.
    public func converted(from source: PeriodUnit, to target: PeriodUnit) -> ShiftedBetaGeometric? {
        source == target ? self : nil
    }

    /// θ ~ Beta(γ, δ). One draw.
    public func drawTraits(using stream: KeyedStream) -> SubscriptionTraits {
        SubscriptionTraits(alive: true, churn: stream.beta(gamma, delta))
    }

    /// θ | active after n renewals ~ Beta(γ, δ + n): each renewal contributes 1 − θ to the
    /// Beta(γ, δ) prior (Fader & Hardie 2007, §3; the retention rate r_{n+1} = (δ+n)/(γ+δ+n) is
    /// its mean of 1 − θ). n = ``CustomerHistory/renewals``. One draw.
    public func drawTraits(given h: CustomerHistory, using stream: KeyedStream) -> SubscriptionTraits {
        SubscriptionTraits(alive: true, churn: stream.beta(gamma, delta + Double(h.renewals)))
    }
}
