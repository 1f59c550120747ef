import CLVModels
import Foundation

/// From the textbook formula to the simulated mean, one assumption at a time, for the
/// control variant of a scenario (inputs at their central values):
///
/// 1. **textbook** — panier moyen × fréquence × durée × marge − cost to serve × durée, with the
///    average customer's expected lifetime, no discounting;
/// 2. **+ discounting** — the discounted retention formula with the average customer's
///    parameters (every customer assumed identical);
/// 3. **+ heterogeneity** — the exact expected CLV over the model's mixing distributions
///    (closed forms: sBG survival, BG/NBD and Pareto/NBD expected purchases), which also
///    captures churn timing (a BG/NBD customer leaves right after a purchase);
/// 4. **simulated** — the engine's mean; it differs from step 3 only by Monte Carlo error.
public struct FormulaBridge: Sendable {
    public struct Step: Sendable, Codable {
        public var name: String
        public var value: Double
        public var explanation: String
    }

    public var steps: [Step]
    /// Monte Carlo 95% half-width of the simulated mean.
    public var simulatedHalfWidth: Double

    public static func compute(_ scenario: Scenario, simulated: Double, halfWidth: Double) throws -> FormulaBridge {
        let e = scenario.economics
        let margin = e.margin.central, cost = e.costToServe.central
        let h = scenario.horizon.periods
        let d = ReplicationInputs(margin: margin, costToServe: cost, acquisitionCost: e.acquisitionCost.central,
                                  annualDiscountRate: e.annualDiscountRate.central).periodDiscountRate(scenario.horizon.period)
        var textbook = 0.0, discounted = 0.0, exact: Double? = 0
        for s in scenario.population.segments {
            let basket = s.spend?.mean ?? 0
            let frequency = s.purchaseRate?.mean ?? 0
            let rho = (basket * frequency + (s.fee ?? 0)) * margin
            let naive = naiveActive(s)
            let lifetime = (1...h).reduce(0.0) { $0 + naive($1) }
            textbook += s.share * (TextbookCLV.simple(basket: basket, frequency: frequency, lifetime: lifetime, margin: margin)
                                   + (s.fee ?? 0) * margin * lifetime - cost * lifetime)
            discounted += s.share * TextbookCLV.discountedRetention(periods: h, marginPerPeriod: rho, costPerPeriod: cost,
                                                                    discountRate: d, active: naive)
            if let value = try exactExpected(s, periods: h, margin: margin, cost: cost, discountRate: d), let sum = exact {
                exact = sum + s.share * value
            } else {
                exact = nil
            }
        }
        var steps = [
            Step(name: "textbook", value: textbook,
                 explanation: "average basket × purchases per period × lifetime × margin − cost to serve × lifetime (panier moyen × fréquence × durée), average customer, no discounting"),
            Step(name: "+ discounting", value: discounted,
                 explanation: "cash flows at period ends discounted by (1 + d)^−t; every customer assumed average"),
        ]
        if let exact {
            steps.append(Step(name: "+ heterogeneity", value: exact,
                              explanation: "customers differ (Gamma rates, Beta churn): the loyal stay longer than the average retention says; includes churn timing"))
        }
        steps.append(Step(name: "simulated", value: simulated,
                          explanation: "the engine's mean gross CLV; differs from the exact expectation only by Monte Carlo error"))
        return FormulaBridge(steps: steps, simulatedHalfWidth: halfWidth)
    }

    /// P(live in period t) if every customer had the segment's average parameters.
    static func naiveActive(_ s: Segment) -> (Int) -> Double {
        switch s.lifetime {
        case .fixed(let l): return { $0 <= l ? 1 : 0 }
        case .contractual(let churn): return TextbookCLV.geometricActive(retention: 1 - churn.mean)
        case .bgnbd(let dropout):
            let hazard = (s.purchaseRate?.mean ?? 0) * dropout.mean
            return { exp(-hazard * Double($0 - 1)) }
        case .paretonbd(let mu):
            return { exp(-mu.mean * Double($0 - 1)) }
        }
    }

    /// Exact expected gross CLV of a new customer of the segment, or nil without a closed form.
    static func exactExpected(_ s: Segment, periods h: Int, margin: Double, cost: Double, discountRate d: Double) throws -> Double? {
        let spend = s.spend?.mean ?? 0
        let fee = s.fee ?? 0
        // P(live in t) = P(alive at t − 1), and E[purchases in t].
        var live: (Int) throws -> Double
        var purchases: (Int) throws -> Double
        if let model = s.purchaseModel {
            // A registered transaction model: P(alive at t − 1) and E[X(t)] − E[X(t − 1)] in closed form.
            live = { model.probabilityAlive(at: Double($0 - 1)) }
            purchases = { model.expectedPurchases(in: Double($0)) - model.expectedPurchases(in: Double($0 - 1)) }
        } else {
            switch (s.lifetime, s.purchaseRate) {
            case (.fixed(let l), let rate):
                live = { $0 <= l ? 1 : 0 }
                let lambda = rate?.mean ?? 0
                purchases = { $0 <= l ? lambda : 0 }
            case (.contractual(let churn), let rate):
                switch churn {
                case .fixed(let theta): live = TextbookCLV.geometricActive(retention: 1 - theta)
                case .beta(let g, let dd): live = TextbookCLV.sbgActive(gamma: g, delta: dd)
                }
                let lambda = rate?.mean ?? 0
                let l = live
                purchases = { try lambda * l($0) }
            default:
                return nil
            }
        }
        var sum = 0.0
        for t in 1...h {
            let alive = try live(t)
            sum += ((try purchases(t)) * spend * margin + alive * (fee * margin - cost)) * pow(1 + d, -Double(t))
        }
        return sum
    }
}
