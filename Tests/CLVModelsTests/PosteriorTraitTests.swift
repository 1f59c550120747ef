import Foundation
import Stochastic
import Testing
@testable import CLVModels

/// Trait draws against their closed forms. Tolerances are Monte Carlo standard errors: 5 SE
/// (binomial SE √(P(1−P)/N) for the alive share, the sample SE s/√n for means), so a correct
/// sampler fails one check in ~1.7 million; seeds are fixed, so the outcome is reproducible.
@Suite struct PosteriorTraitTests {
    static let draws = 100_000

    /// FHL (2005) CDNOW estimates, and the Pareto/NBD estimates of FHL's MATLAB note on the same data.
    static let bgnbd = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
    static let paretonbd = ParetoNBD(r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67)

    /// x = 0; a typical repeat buyer; a high-frequency one; a likely-dead one (many early
    /// purchases, none for 29 weeks: P(alive) ≈ 0.02 for the BG/NBD); a long-silent light buyer.
    static let histories = [
        CustomerHistory(frequency: 0, recency: 0, age: 38.86),
        CustomerHistory(frequency: 2, recency: 30.43, age: 38.86),
        CustomerHistory(frequency: 25, recency: 37.5, age: 38.5),
        CustomerHistory(frequency: 5, recency: 10, age: 39),
        CustomerHistory(frequency: 1, recency: 2, age: 70),
    ]

    /// One keyed stream per draw, as the engine keys one per customer.
    static func stream(_ s: KeyedStream, seed: UInt64, _ i: Int) -> KeyedStream {
        s.rekey(CustomerKey(seed: seed, replication: 0, customer: i).stream(period: 0, purpose: DrawPurpose(rawValue: 7)))
        return s
    }

    struct Summary {
        var n = 0, sum = 0.0, sumSquares = 0.0
        mutating func add(_ v: Double) { n += 1; sum += v; sumSquares += v * v }
        var mean: Double { sum / Double(n) }
        /// s/√n.
        var standardError: Double { (((sumSquares - sum * sum / Double(n)) / Double(n - 1)) / Double(n)).squareRoot() }
        func expectMean(_ expected: Double, _ label: String) {
            #expect(abs(mean - expected) <= 5 * standardError, "\(label): mean \(mean), expected \(expected), SE \(standardError)")
        }
    }

    /// Alive share vs P(alive), and mean λ of the alive draws vs (r + x)/(α + T).
    func checkPosterior<M: PurchaseModel>(_ m: M, seed: UInt64, extra: (CustomerHistory, PurchaseTraits) -> Void = { _, _ in }) {
        let s = KeyedStream()
        for (k, h) in Self.histories.enumerated() {
            let p = m.probabilityAlive(frequency: h.frequency, recency: h.recency, age: h.age)
            var lambda = Summary(), alive = 0
            for i in 0..<Self.draws {
                let t = m.drawTraits(given: h, using: Self.stream(s, seed: seed &+ UInt64(k), i))
                if t.alive { alive += 1; lambda.add(t.purchaseRate) }
                extra(h, t)
            }
            let share = Double(alive) / Double(Self.draws)
            let se = (p * (1 - p) / Double(Self.draws)).squareRoot()
            print("\(M.displayName) x \(h.frequency), t_x \(h.recency), T \(h.age): alive share \(share) vs P(alive) \(p); mean λ | alive \(lambda.mean) vs \(m.conditionalPurchaseRate(frequency: h.frequency, recency: h.recency, age: h.age)) (SE \(lambda.standardError))")
            #expect(abs(share - p) <= 5 * se, "\(M.displayName) \(h): alive share \(share), P(alive) \(p), SE \(se)")
            if alive > 1 {
                lambda.expectMean(m.conditionalPurchaseRate(frequency: h.frequency, recency: h.recency, age: h.age), "\(M.displayName) \(h) λ | alive")
            }
            #expect(alive > 100 || p < 0.01, "\(h): too few alive draws to test λ")
        }
    }

    /// Oracle: P(alive) (FHL 2008) and the conjugate Gamma(r + x, α + T) mean; also the other
    /// conjugate means — p | alive ~ Beta(a, b + x), λ | dead ~ Gamma(r + x, α + t_x).
    @Test func bgnbdPosteriorDrawsMatchClosedForms() {
        let m = Self.bgnbd
        var pAlive: [CustomerHistory: Summary] = [:], lambdaDead: [CustomerHistory: Summary] = [:]
        checkPosterior(m, seed: 11) { h, t in
            if t.alive { pAlive[h, default: Summary()].add(t.dropout) } else { lambdaDead[h, default: Summary()].add(t.purchaseRate) }
        }
        for h in Self.histories {
            let x = Double(h.frequency)
            if let s = pAlive[h], s.n > 1 { s.expectMean(m.a / (m.a + m.b + x), "\(h) p | alive") }
            if let s = lambdaDead[h], s.n > 1 { s.expectMean((m.r + x) / (m.alpha + h.recency), "\(h) λ | dead") }
        }
        #expect(lambdaDead[Self.histories[0]] == nil, "x = 0 is alive with probability 1 under the BG/NBD")
    }

    /// Oracle: P(alive) (note 009, §5.1) and the conjugate Gamma(r + x, α + T) mean; μ | alive ~
    /// Gamma(s, β + T). A dead customer's λ | τ ~ Gamma(r + x, α + τ) with τ ∈ (t_x, T), so its
    /// mean lies between (r + x)/(α + T) and (r + x)/(α + t_x).
    @Test func paretoNBDPosteriorDrawsMatchClosedForms() {
        let m = Self.paretonbd
        var muAlive: [CustomerHistory: Summary] = [:], lambdaDead: [CustomerHistory: Summary] = [:]
        checkPosterior(m, seed: 23) { h, t in
            if t.alive { muAlive[h, default: Summary()].add(t.dropout) } else { lambdaDead[h, default: Summary()].add(t.purchaseRate) }
        }
        for h in Self.histories {
            let x = Double(h.frequency)
            if let s = muAlive[h], s.n > 1 { s.expectMean(m.s / (m.beta + h.age), "\(h) μ | alive") }
            if let s = lambdaDead[h], s.n > 1 {
                #expect(s.mean >= (m.r + x) / (m.alpha + h.age) - 5 * s.standardError, "\(h) λ | dead")
                #expect(s.mean <= (m.r + x) / (m.alpha + h.recency) + 5 * s.standardError, "\(h) λ | dead")
            }
        }
    }

    /// The dead branch's death time is the inverse of its tail: quantiles stay inside (t_x, T),
    /// increase with v, and the median splits the tail mass in half.
    @Test func paretoDeathTimeInvertsItsTail() {
        let m = Self.paretonbd
        let x = 5.0, tx = 10.0, T = 39.0
        let taus = [0.001, 0.25, 0.5, 0.75, 0.999].map { m.deathTime(quantile: $0, frequency: x, recency: tx, age: T) }
        #expect(taus.allSatisfy { $0 > tx && $0 < T })
        #expect(zip(taus, taus.dropFirst()).allSatisfy { $0 < $1 })
        let g = { (t: Double) in exp(m.logA0Term(x, t)) }
        let f = (g(tx) - g(taus[2])) / (g(tx) - g(T))
        #expect(abs(f - 0.5) < 1e-12)
    }

    /// Oracle: the mixing distributions' means — λ ~ Gamma(r, α), p ~ Beta(a, b), μ ~ Gamma(s, β).
    @Test func newCustomerDrawsMatchMixingMeans() {
        let s = KeyedStream()
        var bgLambda = Summary(), bgP = Summary(), pnLambda = Summary(), pnMu = Summary()
        for i in 0..<Self.draws {
            let b = Self.bgnbd.drawTraits(using: Self.stream(s, seed: 31, i))
            #expect(b.alive)
            bgLambda.add(b.purchaseRate); bgP.add(b.dropout)
            let p = Self.paretonbd.drawTraits(using: Self.stream(s, seed: 37, i))
            pnLambda.add(p.purchaseRate); pnMu.add(p.dropout)
        }
        bgLambda.expectMean(Self.bgnbd.r / Self.bgnbd.alpha, "BG/NBD λ")
        bgP.expectMean(Self.bgnbd.a / (Self.bgnbd.a + Self.bgnbd.b), "BG/NBD p")
        pnLambda.expectMean(Self.paretonbd.r / Self.paretonbd.alpha, "Pareto/NBD λ")
        pnMu.expectMean(Self.paretonbd.s / Self.paretonbd.beta, "Pareto/NBD μ")
    }

    /// Oracle: conjugate means — Gamma-Gamma ν | x, z̄ ~ Gamma(px + q, γ + x z̄) (and E[p/ν] is
    /// the conditional expected spend when px + q > 1); sBG θ | n renewals ~ Beta(γ, δ + n).
    @Test func spendAndSubscriptionPosteriorsMatchConjugateMeans() {
        let gg = GammaGamma(p: 6.25, q: 3.74, gamma: 15.44)
        let sbg = ShiftedBetaGeometric(gamma: 0.704, delta: 1.182)
        let s = KeyedStream()
        for (k, h) in [CustomerHistory(frequency: 0, recency: 0, age: 3), CustomerHistory(frequency: 4, recency: 30, age: 38, monetaryValue: 35.5)].enumerated() {
            var nu = Summary(), spend = Summary(), theta = Summary()
            for i in 0..<Self.draws {
                let v = gg.drawTraits(given: h, using: Self.stream(s, seed: 41 &+ UInt64(k), i)).spendScale
                nu.add(v); spend.add(gg.p / v)
                theta.add(sbg.drawTraits(given: h, using: Self.stream(s, seed: 43 &+ UInt64(k), i)).churn)
            }
            let x = Double(h.frequency)
            nu.expectMean((gg.p * x + gg.q) / (gg.gamma + x * h.monetaryValue), "ν | \(h)")
            spend.expectMean(gg.conditionalExpectedSpend(frequency: h.frequency, monetaryValue: h.monetaryValue), "E[Z] | \(h)")
            theta.expectMean(sbg.gamma / (sbg.gamma + sbg.delta + Double(h.renewals)), "θ | \(h)")
        }
    }

    /// The alive branch alone (what the engine draws for a real customer) is the full draw's alive
    /// branch, the same numbers from the same key, and nil exactly where the full draw is dead; the
    /// stream is left where the full draw's alive branch leaves it.
    @Test func aliveBranchIsTheFullDrawsAliveBranch() {
        let (a, b) = (KeyedStream(), KeyedStream())
        func check<M: PurchaseModel>(_ m: M) {
            for (k, h) in Self.histories.enumerated() {
                for i in 0..<2_000 {
                    let full = m.drawTraits(given: h, using: Self.stream(a, seed: 11, i))
                    let alive = m.drawTraitsIfAlive(given: h, using: Self.stream(b, seed: 11, i))
                    #expect(full.alive ? alive == full : alive == nil, "history \(k), draw \(i)")
                    if full.alive { #expect(a.uniform() == b.uniform()) }
                }
            }
        }
        check(Self.bgnbd)
        check(Self.paretonbd)
    }
}
