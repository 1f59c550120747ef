import Foundation
import Stochastic

/// The beta-geometric/NBD model of Fader, Hardie & Lee (2005), "'Counting Your Customers' the
/// Easy Way: An Alternative to the Pareto/NBD Model", *Marketing Science* 24(2), 275–284.
///
/// Assumptions (§3 of the paper):
/// 1. While active, a customer's purchases follow a Poisson process with rate λ.
/// 2. λ ~ Gamma(shape r, rate α) across customers.
/// 3. After any purchase a customer becomes inactive with probability p (so the number of
///    purchases until dropout is shifted-geometric).
/// 4. p ~ Beta(a, b) across customers.
/// 5. λ and p vary independently.
///
/// Time is in the summary's period unit; x is the number of repeat purchases in (0, T], t_x the
/// time of the last one, T the time since the first purchase.
public struct BGNBD: ModelParameters {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public static let kind = ModelKind.bgnbd
    public static let parameterNames = ["r", "alpha", "a", "b"]
    public var values: [Double] { [r, alpha, a, b] }

    /// Unchecked memberwise initialiser (use ``init(values:)`` for validated input).
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r; self.alpha = alpha; self.a = a; self.b = b
    }

    public init(values: [Double]) throws(ModelFileError) {
        try requirePositive(Self.kind, Self.parameterNames, values)
        self.init(r: values[0], alpha: values[1], a: values[2], b: values[3])
    }

    // MARK: Likelihood

    /// ln L(r, α, a, b | x, t_x, T), equation (6) of the paper, in log space:
    ///
    ///     L = B(a, b+x)/B(a, b) · Γ(r+x) αʳ / Γ(r) · [ (α+T)^−(r+x) + 𝟙{x>0} a/(b+x−1) · (α+t_x)^−(r+x) ]
    ///
    /// The bracket is a log-sum-exp of its two terms, so it stays finite for x = 200, T = 500.
    public func logLikelihood(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        let common = lnGamma(r + xd) - lnGamma(r) + r * log(alpha) + Special.lnBeta(a, b + xd) - Special.lnBeta(a, b)
        let t1 = -(r + xd) * log(alpha + T)
        guard x > 0 else { return common + t1 }
        let t2 = log(a) - log(b + xd - 1) - (r + xd) * log(alpha + tx)
        return common + Special.logSumExp(t1, t2)
    }

    /// Σ wᵢ ln Lᵢ over grouped data. Terms in x alone, T alone and t_x alone are computed once
    /// per distinct value.
    public func logLikelihood(_ data: FrequencyRecencyData) -> Double {
        let lnAlpha = log(alpha), lnBab = Special.lnBeta(a, b), lgr = lnGamma(r), lna = log(a)
        let common = data.distinctFrequencies.map { x -> Double in
            let xd = Double(x)
            return lnGamma(r + xd) - lgr + r * lnAlpha + Special.lnBeta(a, b + xd) - lnBab
        }
        let dropTerm = data.distinctFrequencies.map { x in x > 0 ? lna - log(b + Double(x) - 1) : -Double.infinity }
        let lnT = data.distinctAges.map { log(alpha + $0) }
        let lnTx = data.distinctRecencies.map { log(alpha + $0) }
        // One exp and one log1p per group: on 10⁵ groups the sum is split into fixed chunks summed
        // on all cores and added in chunk order, so the value does not depend on the core count.
        return ParallelSum.ordered(count: data.groupCount) { range in
            var total = 0.0
            for i in range {
                let xi = Int(data.xIndex[i])
                let rx = r + Double(data.distinctFrequencies[xi])
                let t1 = -rx * lnT[Int(data.ageIndex[i])]
                let t2 = dropTerm[xi] - rx * lnTx[Int(data.recencyIndex[i])]
                let bracket = t2 == -.infinity ? t1 : (t1 >= t2 ? t1 + log1p(exp(t2 - t1)) : t2 + log1p(exp(t1 - t2)))
                total += data.weights[i] * (common[xi] + bracket)
            }
            return total
        }
    }

    // MARK: Fit

    /// Maximum-likelihood fit (log-parameters, Nelder–Mead then BFGS; standard errors from the
    /// inverse observed information). Default start r = α = a = b = 1.
    public static func fit(_ data: FrequencyRecencyData, start: BGNBD = BGNBD(r: 1, alpha: 1, a: 1, b: 1)) throws(FitError) -> FitResult<BGNBD> {
        try MaximumLikelihood.fit(BGNBD.self, start: start.values, customers: data.customers,
                                  weightTotal: Double(data.customers), fingerprint: data.fingerprint) { v in
            BGNBD(r: v[0], alpha: v[1], a: v[2], b: v[3]).logLikelihood(data)
        }
    }

    // MARK: Predictions

    /// P(alive | x, t_x, T) (Fader, Hardie & Lee 2008, "Computing P(alive) Using the BG/NBD
    /// Model"; the 𝟙{x>0} form follows from assumption 3):
    /// 1 / (1 + 𝟙{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}), computed as a logistic of a log-odds.
    public func probabilityAlive(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        guard x > 0 else { return 1 }
        let logOdds = log(a) - log(b + Double(x) - 1) + (r + Double(x)) * (log(alpha + T) - log(alpha + tx))
        return 1 / (1 + exp(logOdds))
    }

    /// Unconditional E[X(t)] for a customer first seen at time 0, equation (9):
    /// (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))].
    /// Valid for a < 1 too (the paper's CDNOW fit has a = 0.793); at a = 1 both factors vanish and
    /// the value is taken as the mean of a = 1 ± 1e-6 (the function is smooth in a, so the
    /// error is O(1e-12) relative) for |a − 1| < 1e-9. Needs a + b > 1.
    public func expectedPurchases(in t: Double) -> Double {
        if abs(a - 1) < 1e-9 {
            var lo = self, hi = self
            lo.a = 1 - 1e-6; hi.a = 1 + 1e-6
            return 0.5 * (lo.expectedPurchases(in: t) + hi.expectedPurchases(in: t))
        }
        let z = t / (alpha + t)
        let lnF = logHypergeometric2F1(r, b, a + b - 1, z)
        return (a + b - 1) / (a - 1) * (1 - exp(r * log(alpha / (alpha + t)) + lnF))
    }

    /// P(X(t) = x): the probability of x repeat purchases in (0, t] for a new customer, equation (8):
    ///
    ///     B(a, b+x)/B(a, b) · Γ(r+x)/(Γ(r) x!) · (α/(α+t))ʳ (t/(α+t))ˣ
    ///       + 𝟙{x>0} · B(a+1, b+x−1)/B(a, b) · [1 − (α/(α+t))ʳ Σⱼ₌₀ˣ⁻¹ Γ(r+j)/(Γ(r) j!) (t/(α+t))ʲ]
    ///
    /// The bracket is a negative-binomial upper tail, evaluated as the regularized incomplete beta
    /// I_{t/(α+t)}(x, r) so that it keeps its relative precision when it is tiny.
    public func probabilityOfPurchases(_ x: Int, in t: Double) -> Double {
        guard x >= 0 else { return 0 }
        let xd = Double(x)
        let lnBab = Special.lnBeta(a, b)
        let first = Special.lnBeta(a, b + xd) - lnBab + lnGamma(r + xd) - lnGamma(r) - lnGamma(xd + 1)
            + r * log(alpha / (alpha + t)) + (x > 0 ? xd * log(t / (alpha + t)) : 0)
        guard x > 0 else { return exp(first) }
        let tail = (try? Special.regularizedIncompleteBeta(xd, r, t / (alpha + t))) ?? .nan
        return exp(first) + exp(Special.lnBeta(a + 1, b + xd - 1) - lnBab) * tail
    }

    /// E[Y(t) | x, t_x, T]: expected purchases in the next t periods, equation (10):
    ///
    ///     (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
    ///     ─────────────────────────────────────────────────────────────────────────────────
    ///               1 + 𝟙{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}
    ///
    /// At a = 1 the removable singularity is bridged as in ``expectedPurchases(in:)``.
    public func conditionalExpectedPurchases(_ t: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double {
        guard t > 0 else { return 0 }
        if abs(a - 1) < 1e-9 {
            var lo = self, hi = self
            lo.a = 1 - 1e-6; hi.a = 1 + 1e-6
            return 0.5 * (lo.conditionalExpectedPurchases(t, frequency: x, recency: tx, age: T)
                          + hi.conditionalExpectedPurchases(t, frequency: x, recency: tx, age: T))
        }
        let xd = Double(x)
        let z = t / (alpha + T + t)
        let lnF = logHypergeometric2F1(r + xd, b + xd, a + b + xd - 1, z)
        let inner = -expm1((r + xd) * log((alpha + T) / (alpha + T + t)) + lnF)
        return (a + b + xd - 1) / (a - 1) * inner * probabilityAlive(frequency: x, recency: tx, age: T)
    }

    // Discounted expected purchases: the per-period sum of ``PurchaseModel`` (BG/NBD has no
    // closed-form DERT).
}

// MARK: Registered model

extension ModelKind {
    /// BG/NBD, Fader, Hardie & Lee (2005).
    public static let bgnbd = ModelKind(registering: "bgnbd")
}

extension BGNBD: PurchaseModel {
    public static let displayName = "BG/NBD"

    public static func fit(_ data: CalibrationData) throws(FitError) -> FitResult<BGNBD> {
        try fit(try data.frequencyRecency())
    }

    /// A new customer alive at t: ``TextbookCLV/bgnbdAlive(r:alpha:a:b:at:)``.
    public func probabilityAlive(at t: Double) -> Double {
        TextbookCLV.bgnbdAlive(r: r, alpha: alpha, a: a, b: b, at: t)
    }

    /// (r + x)/(α + T): λ's posterior is Gamma(r + x, α + T) in the alive branch (see ``drawTraits(given:using:)``).
    public func conditionalPurchaseRate(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        (r + Double(x)) / (alpha + T)
    }

    /// λ per target period = λ per source period × f: α/f; p is per purchase and does not change.
    public func converted(from source: PeriodUnit, to target: PeriodUnit) -> BGNBD? {
        BGNBD(r: r, alpha: alpha / source.rateFactor(to: target), a: a, b: b)
    }

    /// λ ~ Gamma(r, α), then p ~ Beta(a, b) (the engine's order).
    public func drawTraits(using stream: KeyedStream) -> PurchaseTraits {
        let lambda = stream.gamma(shape: r, rate: alpha)
        return PurchaseTraits(alive: true, purchaseRate: lambda, dropout: stream.beta(a, b))
    }

    /// The posterior of (alive, λ, p) given (x, t_x, T), under the paper's assumptions (§3).
    ///
    /// Given λ and p the likelihood is a sum of two branches (the paper's eq. 3, before the
    /// integration that gives eq. 6):
    ///
    ///     alive at T:                          (1−p)ˣ λˣ e^{−λT}
    ///     dropped at the x-th purchase (x>0):  p (1−p)^{x−1} λˣ e^{−λ t_x}
    ///
    /// Each branch times the Gamma(r, α) × Beta(a, b) prior is conjugate: the alive branch gives
    /// λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x); the dropped one λ ~ Gamma(r+x, α+t_x),
    /// p ~ Beta(a+1, b+x−1). Their marginal weights are the two terms of eq. 6, so the alive
    /// branch has weight exactly P(alive | x, t_x, T) (Fader, Hardie & Lee 2008, "Computing
    /// P(alive) Using the BG/NBD Model" — ``probabilityAlive(frequency:recency:age:)``).
    ///
    /// Reads `stream` in the order: one uniform u (alive iff u < P(alive), so a larger P(alive)
    /// never turns an alive draw dead), then λ (Gamma), then p (Beta) — three draws in both branches.
    public func drawTraits(given h: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits {
        if let alive = drawTraitsIfAlive(given: h, using: stream) { return alive }
        let x = Double(h.frequency)
        let lambda = stream.gamma(shape: r + x, rate: alpha + h.recency)
        return PurchaseTraits(alive: false, purchaseRate: lambda, dropout: stream.beta(a + 1, b + x - 1))
    }

    /// The alive branch of ``drawTraits(given:using:)``, the same draws in the same order; nil
    /// (after the one uniform) when the customer has dropped out.
    public func drawTraitsIfAlive(given h: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits? {
        guard stream.uniform() < probabilityAlive(frequency: h.frequency, recency: h.recency, age: h.age) else { return nil }
        let x = Double(h.frequency)
        let lambda = stream.gamma(shape: r + x, rate: alpha + h.age)
        return PurchaseTraits(alive: true, purchaseRate: lambda, dropout: stream.beta(a, b + x))
    }
}

@inline(__always) func lnGamma(_ x: Double) -> Double { Special.lnGamma(x) }
