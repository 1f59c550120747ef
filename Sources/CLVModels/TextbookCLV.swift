import Foundation
import Stochastic

/// The back-of-the-envelope formulas practitioners use, stated exactly so a simulation can be
/// checked against them.
///
/// Worked example: a subscriber paying 50 a month (panier moyen 50 × fréquence 12 a year)
/// for 3 years (durée) is worth 50 × 12 × 3 = 1800 before margin and discounting.
public enum TextbookCLV {
    /// Panier moyen × fréquence × durée × marge: average basket × purchases per year × years × margin.
    public static func simple(basket: Double, frequency: Double, lifetime: Double, margin: Double = 1) -> Double {
        basket * frequency * lifetime * margin
    }

    /// CAC = sales and marketing spend / new customers acquired.
    public static func acquisitionCost(spend: Double, newCustomers: Double) -> Double {
        spend / newCustomers
    }

    /// Periods of margin needed to earn the acquisition cost back (undiscounted, for a customer
    /// who stays): CAC / (margin per period − cost per period).
    public static func paybackPeriods(acquisitionCost: Double, marginPerPeriod: Double, costPerPeriod: Double = 0) -> Double {
        let net = marginPerPeriod - costPerPeriod
        return net > 0 ? acquisitionCost / net : .infinity
    }

    /// The discounted retention formula (Gupta & Lehmann 2003; Berger & Nasr 1998):
    /// CLV = Σ_{t=1}^{T} P(active)_t · (ρ − c) · (1 + d)^−t − AC, with cash flows at period ends
    /// and P(active)_1 = 1 (the customer is active in the period after acquisition).
    public static func discountedRetention(
        periods: Int, marginPerPeriod rho: Double, costPerPeriod c: Double = 0, discountRate d: Double,
        acquisitionCost: Double = 0, active: (Int) -> Double
    ) -> Double {
        var sum = 0.0
        for t in 1...max(periods, 1) { sum += active(t) * (rho - c) * pow(1 + d, -Double(t)) }
        return sum - acquisitionCost
    }

    /// The infinite-horizon geometric case: Σ_{t≥1} (ρ − c) r^{t−1} (1 + d)^−t = (ρ − c)/(1 + d − r).
    public static func geometricPerpetuity(marginPerPeriod rho: Double, costPerPeriod c: Double = 0, retention r: Double,
                                           discountRate d: Double) -> Double {
        (rho - c) / (1 + d - r)
    }

    /// Constant retention: P(active)_t = r^{t−1}.
    public static func geometricActive(retention r: Double) -> (Int) -> Double {
        { t in pow(r, Double(t - 1)) }
    }

    /// Shifted-beta-geometric (Fader & Hardie 2007, eq. 2 and 7): P(active)_t = S(t − 1) =
    /// B(γ, δ + t − 1)/B(γ, δ).
    public static func sbgActive(gamma: Double, delta: Double) -> (Int) -> Double {
        { t in exp(Special.lnBeta(gamma, delta + Double(t - 1)) - Special.lnBeta(gamma, delta)) }
    }

    /// BG/NBD probability that a new customer is still alive at time t:
    /// E[e^{−λpt}] = (α/(α+t))^r · ₂F₁(r, b; a + b; t/(α + t)) (Euler's integral after Pfaff's
    /// transformation of ₂F₁(r, a; a + b; −t/α)), with the log-space series the likelihoods use,
    /// which stays finite where GSL's ₂F₁ gives up (z → 1 with c − a − b ≤ 0).
    public static func bgnbdAlive(r: Double, alpha: Double, a: Double, b: Double, at t: Double) -> Double {
        if t == 0 { return 1 }
        let z = t / (alpha + t)
        return exp(r * log(alpha / (alpha + t)) + logHypergeometric2F1(r, b, a + b, z))
    }

    /// Pareto/NBD probability alive at t for a new customer: (β/(β + t))^s.
    public static func paretoAlive(s: Double, beta: Double, at t: Double) -> Double {
        pow(beta / (beta + t), s)
    }
}
