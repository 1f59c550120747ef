import Foundation
import Stochastic

/// The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), "Counting Your Customers:
/// Who Are They and What Will They Do Next?", *Management Science* 33(1), 1–24.
///
/// Assumptions:
/// 1. While active, purchases follow a Poisson process with rate λ.
/// 2. An unobserved lifetime τ ~ Exponential(μ) (continuous-time dropout).
/// 3. λ ~ Gamma(shape r, rate α); μ ~ Gamma(shape s, rate β), independent across customers.
///
/// The likelihood is implemented as in Fader, Hardie & Lee (2005), "A Note on Implementing the
/// Pareto/NBD Model in MATLAB", whose expressions are derived in Fader & Hardie (2005), "A Note on
/// Deriving the Pareto/NBD Model and Related Expressions" (brucehardie.com note 009; equation
/// numbers below are that note's, as cited by lifetimes), with ₂F₁ summed in log space by
/// `logHypergeometric2F1` (GSL's ₂F₁ fails near z → 1 because c − a − b = −s ≤ 0 here).
public struct ParetoNBD: ModelParameters {
    public var r: Double
    public var alpha: Double
    public var s: Double
    public var beta: Double

    public static let kind = ModelKind.paretonbd
    public static let parameterNames = ["r", "alpha", "s", "beta"]
    public var values: [Double] { [r, alpha, s, beta] }

    public init(r: Double, alpha: Double, s: Double, beta: Double) {
        self.r = r; self.alpha = alpha; self.s = s; self.beta = beta
    }

    public init(values: [Double]) throws(ModelFileError) {
        try requirePositive(Self.kind, Self.parameterNames, values)
        self.init(r: values[0], alpha: values[1], s: values[2], beta: values[3])
    }

    /// ln[₂F₁(r+s+x, c₂; r+s+x+1; |α−β|/(m+t)) / (m+t)^{r+s+x}], one of the two terms of A₀.
    @inline(__always)
    func logA0Term(_ x: Double, _ t: Double) -> Double {
        let m = max(alpha, beta), d = abs(alpha - beta)
        let rsx = r + s + x
        let c2 = alpha >= beta ? s + 1 : r + x
        return logHypergeometric2F1(rsx, c2, rsx + 1, d / (m + t)) - rsx * log(m + t)
    }

    /// ln(exp(l1) − exp(l2)) for l1 ≥ l2; −∞ when equal.
    @inline(__always)
    static func logDifference(_ l1: Double, _ l2: Double) -> Double {
        let diff = l2 - l1
        if diff >= 0 { return -.infinity }
        return l1 + (diff > -M_LN2 ? log(-expm1(diff)) : log1p(-exp(diff)))
    }

    /// ln A₀ of note 009 (eq. 19 for α ≥ β, eq. 20 for α < β):
    ///
    ///     A₀ = ₂F₁(r+s+x, c₂; r+s+x+1; |α−β|/(m+t_x)) / (m+t_x)^{r+s+x}
    ///        − ₂F₁(r+s+x, c₂; r+s+x+1; |α−β|/(m+T))   / (m+T)^{r+s+x}
    ///
    /// with m = max(α, β), c₂ = s+1 if α ≥ β else r+x. Both terms are positive and the first is
    /// the larger, so ln A₀ = ln(first) + ln(1 − exp(ln second − ln first)); −∞ when t_x = T.
    func logA0(_ x: Double, _ tx: Double, _ T: Double) -> Double {
        Self.logDifference(logA0Term(x, tx), logA0Term(x, T))
    }

    /// ln L(r, α, s, β | x, t_x, T) (note 009, eq. 18):
    ///
    ///     L = Γ(r+x) αʳ βˢ / Γ(r) · [ 1/((α+T)^{r+x} (β+T)ˢ) + s/(r+s+x) · A₀ ]
    public func logLikelihood(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        let a1 = lnGamma(r + xd) - lnGamma(r) + r * log(alpha) + s * log(beta)
        return a1 + bracket(xd, tx, T)
    }

    /// ln of the bracket in ``logLikelihood(frequency:recency:age:)``.
    func bracket(_ x: Double, _ tx: Double, _ T: Double) -> Double {
        let t1 = -(r + x) * log(alpha + T) - s * log(beta + T)
        let t2 = log(s) - log(r + s + x) + logA0(x, tx, T)
        return Special.logSumExp(t1, t2)
    }

    /// Σ wᵢ ln Lᵢ over grouped data. The ₂F₁ terms are computed once per distinct (x, t_x) and
    /// (x, T) pair, the rest once per distinct x or T.
    public func logLikelihood(_ data: FrequencyRecencyData) -> Double {
        let head = r * log(alpha) + s * log(beta) - lnGamma(r)
        let xs = data.distinctFrequencies.map(Double.init)
        let common = xs.map { lnGamma(r + $0) + head }
        let lnS = log(s)
        let weightOfA0 = xs.map { lnS - log(r + s + $0) }
        let lnAlphaT = data.distinctAges.map { log(alpha + $0) }
        let lnBetaT = data.distinctAges.map { s * log(beta + $0) }
        let termAge = data.xAgePairs.map { logA0Term(xs[Int($0.x)], data.distinctAges[Int($0.other)]) }
        let termRecency = data.xRecencyPairs.map { logA0Term(xs[Int($0.x)], data.distinctRecencies[Int($0.other)]) }
        var total = 0.0
        for i in 0..<data.groupCount {
            let xi = Int(data.xIndex[i]), ti = Int(data.ageIndex[i])
            let t1 = -(r + xs[xi]) * lnAlphaT[ti] - lnBetaT[ti]
            let logA0 = Self.logDifference(termRecency[Int(data.groupXRecency[i])], termAge[Int(data.groupXAge[i])])
            total += data.weights[i] * (common[xi] + Special.logSumExp(t1, weightOfA0[xi] + logA0))
        }
        return total
    }

    /// Maximum-likelihood fit. Default start r = α = s = β = 1. Stops (``FitError/boundaryOptimum(_:)``)
    /// as soon as the optimiser's best point is on a boundary ``boundaryReason(longestAge:)`` names.
    public static func fit(_ data: FrequencyRecencyData, start: ParetoNBD = ParetoNBD(r: 1, alpha: 1, s: 1, beta: 1)) throws(FitError) -> FitResult<ParetoNBD> {
        guard data.distinctFrequencies.contains(where: { $0 > 0 }) else {
            throw .boundaryOptimum("no customer has a repeat purchase, so the Pareto/NBD purchase rate r/α cannot be told apart from 0 "
                                   + "(nor the dropout rate s/β from ∞); fit data with repeat purchases")
        }
        let longestAge = data.distinctAges.max() ?? 0
        return try MaximumLikelihood.fit(ParetoNBD.self, start: start.values, customers: data.customers,
                                         weightTotal: Double(data.customers), fingerprint: data.fingerprint,
                                         boundary: { v in ParetoNBD(r: v[0], alpha: v[1], s: v[2], beta: v[3]).boundaryReason(longestAge: longestAge) }) { v in
            ParetoNBD(r: v[0], alpha: v[1], s: v[2], beta: v[3]).logLikelihood(data)
        }
    }

    /// Below this many expected events per customer over the longest history, a rate is
    /// indistinguishable from 0 in any realistic log (one customer in 10,000).
    static let undetectableEvents = 1e-4

    /// Why these parameters are at the edge of the model, in model terms, or nil. The mean rates
    /// r/α (purchases) and s/β (dropout) are what the data identify; when one of them times the
    /// longest history T is below ``undetectableEvents`` (or the dropout rate above its inverse,
    /// everyone gone at once), the likelihood is flat or still rising there and the optimiser would
    /// walk on for ever, summing ever longer ₂F₁ series.
    func boundaryReason(longestAge T: Double) -> String? {
        let purchases = r / alpha * T, dropouts = s / beta * T
        let figures = String(format: "r = %.3g, α = %.3g, s = %.3g, β = %.3g", r, alpha, s, beta)
        if dropouts < Self.undetectableEvents {
            return "no dropout detectable: the Pareto/NBD optimum is at the boundary s/β → 0 (\(figures); "
                + String(format: "%.2g", dropouts) + " expected dropouts per customer over the longest history, T = "
                + String(format: "%g", T) + "); the data look like purchases without dropout: consider the NBD (no dropout) or BG/NBD"
        }
        if purchases < Self.undetectableEvents {
            return "no repeat purchases detectable: the Pareto/NBD optimum is at the boundary r/α → 0 (\(figures))"
        }
        if dropouts > 1 / Self.undetectableEvents {
            return "every customer drops out at once: the Pareto/NBD optimum is at the boundary s/β → ∞ (\(figures))"
        }
        return nil
    }

    // MARK: Predictions

    /// P(alive | x, t_x, T) (note 009, §5.1, eqs. 36–37):
    /// 1 / (1 + s/(r+s+x) · (α+T)^{r+x} (β+T)ˢ · A₀).
    public func probabilityAlive(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        let logOdds = log(s) - log(r + s + xd) + (r + xd) * log(alpha + T) + s * log(beta + T) + logA0(xd, tx, T)
        return logOdds == -.infinity ? 1 : 1 / (1 + exp(logOdds))
    }

    /// Unconditional E[X(t)] (note 009, eq. 27): rβ/(α(s−1)) · [1 − (β/(β+t))^{s−1}]
    /// (s = 1 by its limit rβ/α · ln(1 + t/β)).
    public func expectedPurchases(in t: Double) -> Double {
        if abs(s - 1) < 1e-10 { return r * beta / alpha * log1p(t / beta) }
        return r * beta / (alpha * (s - 1)) * -expm1((s - 1) * log(beta / (beta + t)))
    }

    /// E[Y(t) | x, t_x, T] (note 009, eq. 41):
    /// (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive).
    public func conditionalExpectedPurchases(_ t: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        let lead: Double
        if abs(s - 1) < 1e-10 {
            lead = (r + xd) * (beta + T) / (alpha + T) * log1p(t / (beta + T))
        } else {
            lead = (r + xd) * (beta + T) / ((alpha + T) * (s - 1)) * -expm1((s - 1) * log((beta + T) / (beta + T + t)))
        }
        return lead * probabilityAlive(frequency: x, recency: tx, age: T)
    }

    /// Discounted expected residual transactions, Fader, Hardie & Lee (2005), "RFM and CLV: Using
    /// Iso-Value Curves for Customer Base Analysis", *JMR* 42(4), eq. 2:
    ///
    ///     DERT(δ) = αʳ βˢ δ^{s−1} Γ(r+x+1) Ψ(s, s; δ(β+T)) / (Γ(r) (α+T)^{r+x+1} L(r, α, s, β | x, t_x, T))
    ///
    /// with δ the continuously compounded discount rate per period (δ = ln(1 + d) for a
    /// per-period rate d) and Ψ Tricomi's confluent hypergeometric function U. Multiply by the
    /// expected margin per purchase for the expected residual value.
    public func discountedExpectedResidualTransactions(continuousDiscountRate delta: Double, frequency x: Int, recency tx: Double, age T: Double) throws(FitError) -> Double {
        guard delta > 0 else { throw .invalidData("DERT needs a positive discount rate, got \(delta)") }
        let xd = Double(x)
        let lnU: Double
        do { lnU = try Special.logConfluentU(s, s, delta * (beta + T)) } catch { throw .numerical(error.description) }
        let v = r * log(alpha) + s * log(beta) + (s - 1) * log(delta) + lnGamma(r + xd + 1) + lnU
            - lnGamma(r) - (r + xd + 1) * log(alpha + T) - logLikelihood(frequency: x, recency: tx, age: T)
        return exp(v)
    }
}

// MARK: Registered model

extension ModelKind {
    /// Pareto/NBD, Schmittlein, Morrison & Colombo (1987).
    public static let paretonbd = ModelKind(registering: "paretonbd")
}

extension ParetoNBD: PurchaseModel {
    public static let displayName = "Pareto/NBD"

    public static func fit(_ data: CalibrationData) throws(FitError) -> FitResult<ParetoNBD> {
        try fit(try data.frequencyRecency())
    }

    /// A new customer alive at t: (β/(β+t))ˢ (``TextbookCLV/paretoAlive(s:beta:at:)``).
    public func probabilityAlive(at t: Double) -> Double {
        TextbookCLV.paretoAlive(s: s, beta: beta, at: t)
    }

    /// (r + x)/(α + T): λ's posterior is Gamma(r + x, α + T) in the alive branch.
    public func conditionalPurchaseRate(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        (r + Double(x)) / (alpha + T)
    }

    /// λ and μ are both rates per period: α/f and β/f.
    public func converted(from source: PeriodUnit, to target: PeriodUnit) -> ParetoNBD? {
        let f = source.rateFactor(to: target)
        return ParetoNBD(r: r, alpha: alpha / f, s: s, beta: beta / f)
    }

    /// λ ~ Gamma(r, α), then μ ~ Gamma(s, β) (the engine's order).
    public func drawTraits(using stream: KeyedStream) -> PurchaseTraits {
        let lambda = stream.gamma(shape: r, rate: alpha)
        return PurchaseTraits(alive: true, purchaseRate: lambda, dropout: stream.gamma(shape: s, rate: beta))
    }

    /// The posterior of (alive, λ, μ) given (x, t_x, T) (the derivation of note 009, eq. 18).
    ///
    /// Given λ and μ (lifetime τ ~ Exp(μ)), the likelihood has two parts:
    ///
    ///     alive at T (τ > T):      λˣ e^{−λT} · e^{−μT}
    ///     died at τ ∈ (t_x, T]:    λˣ e^{−λτ} · μ e^{−μτ}
    ///
    /// The alive part times the Gamma(r, α) × Gamma(s, β) prior is conjugate — λ ~ Gamma(r+x, α+T),
    /// μ ~ Gamma(s, β+T) — and its marginal weight is the first term of eq. 18's bracket, so the
    /// branch has weight exactly P(alive | x, t_x, T) (§5.1, ``probabilityAlive(frequency:recency:age:)``).
    /// In the dead part, τ has density ∝ (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} on (t_x, T), whose upper
    /// tail from t is the A₀ term of eqs. 19–20 at t (``logA0Term(_:_:)``), so τ is drawn by
    /// inverting that tail; then λ ~ Gamma(r+x, α+τ), μ ~ Gamma(s+1, β+τ).
    ///
    /// Reads `stream` in the order: u (alive iff u < P(alive)), v (τ's quantile, drawn in both
    /// branches so the draw count does not depend on the branch), λ (Gamma), μ (Gamma).
    public func drawTraits(given h: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits {
        let x = Double(h.frequency)
        let alive = stream.uniform() < probabilityAlive(frequency: h.frequency, recency: h.recency, age: h.age)
        let v = stream.uniform()
        if alive { return aliveTraits(given: h, using: stream) }
        let tau = deathTime(quantile: v, frequency: x, recency: h.recency, age: h.age)
        let lambda = stream.gamma(shape: r + x, rate: alpha + tau)
        return PurchaseTraits(alive: false, purchaseRate: lambda, dropout: stream.gamma(shape: s + 1, rate: beta + tau))
    }

    /// The alive branch of ``drawTraits(given:using:)``, the same draws in the same order; nil
    /// (after u and v) when the customer has died — without the death time's 60 bisection steps,
    /// which a simulation that only needs to know the customer is gone would waste.
    public func drawTraitsIfAlive(given h: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits? {
        let alive = stream.uniform() < probabilityAlive(frequency: h.frequency, recency: h.recency, age: h.age)
        _ = stream.uniform()
        return alive ? aliveTraits(given: h, using: stream) : nil
    }

    /// λ ~ Gamma(r + x, α + T), μ ~ Gamma(s, β + T).
    private func aliveTraits(given h: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits {
        let lambda = stream.gamma(shape: r + Double(h.frequency), rate: alpha + h.age)
        return PurchaseTraits(alive: true, purchaseRate: lambda, dropout: stream.gamma(shape: s, rate: beta + h.age))
    }

    /// The `v`-quantile of the death time τ ∈ (t_x, T) of a customer known to have died, whose
    /// density is ∝ (α+τ)^{−(r+x)} (β+τ)^{−(s+1)}. With G(t) = ``logA0Term(_:_:)`` the log upper
    /// tail, F(τ) = (e^{G(t_x)} − e^{G(τ)}) / (e^{G(t_x)} − e^{G(T)}), so τ solves
    /// G(τ) = G(t_x) + ln(1 − v(1 − e^{G(T) − G(t_x)})); G decreases, and 60 bisection steps pin
    /// τ to (T − t_x)·2⁻⁶⁰, below a double's resolution.
    ///
    /// - Complexity: 62 evaluations of ₂F₁; used only for dead draws.
    func deathTime(quantile v: Double, frequency x: Double, recency tx: Double, age T: Double) -> Double {
        let gLow = logA0Term(x, tx), gHigh = logA0Term(x, T)
        let target = gLow + log1p(-v * -expm1(gHigh - gLow))
        var lo = tx, hi = T
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if logA0Term(x, mid) > target { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
