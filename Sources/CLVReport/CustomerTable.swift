import Foundation
import CLVModels
import CLVSimulation

/// `customers.csv` (`clvlab simulate --customers-csv`): one row per simulated customer — the
/// target list an analyst filters in pandas, and the direct count the reach table can be
/// checked against.
///
/// Columns: `customer` (1-based), `segment`, then per variant `VARIANT.gross_clv` and
/// `VARIANT.campaign_cost` (means over replications, discounted, before CAC and the fixed-cost
/// share) and `VARIANT.alive_at_end` (share of replications), and per intervention of the variant
/// `VARIANT.INTERVENTION.targeted` and `.enrolled` (share of replications in which it targeted
/// the customer / the customer enrolled or responded; 0 or 1 with one replication).
public enum CustomerTable {
    public static func render(_ result: SimulationResult) -> String {
        let n = result.customers, reps = result.replications
        let s = result.scenario
        let known = result.scenario.population.customerBase.map { KnownHistory(result.scenario, base: $0) }
        var header = ["customer"] + (known == nil ? [] : KnownHistory.columns) + ["segment"]
        for (v, variant) in s.variants.enumerated() {
            let name = result.variants[v].name
            header += ["gross_clv", "campaign_cost", "alive_at_end"].map { "\(name).\($0)" }
            for iv in variant.interventions { header += ["targeted", "enrolled"].map { "\(name).\(iv.name).\($0)" } }
        }
        var lines = [header.map(CSVRendering.field).joined(separator: ",")]
        lines.reserveCapacity(n + 1)
        var segment = 0
        for i in 0..<n {
            while !result.layout.ranges[segment].contains(i) { segment += 1 }
            var cells = [String(i + 1)] + (known?.cells(i) ?? []) + [CSVRendering.field(s.population.segments[segment].name)]
            for (v, variant) in s.variants.enumerated() {
                let o = result.variants[v]
                var gross = 0.0, cost = 0.0, alive = 0
                var targeted = [Int](repeating: 0, count: variant.interventions.count), enrolled = targeted
                for r in 0..<reps {
                    let k = r * n + i
                    gross += o.grossCLV[k]
                    cost += o.campaignCost.isEmpty ? 0 : o.campaignCost[k]
                    if !o.aliveAtEnd.isEmpty && o.aliveAtEnd[k] { alive += 1 }
                    for j in variant.interventions.indices where !o.reachFlags.isEmpty {
                        let reached = o.reached(k, intervention: j)
                        if reached.targeted { targeted[j] += 1 }
                        if reached.enrolled { enrolled[j] += 1 }
                    }
                }
                let R = Double(reps)
                cells += [CSVNumber.format(gross / R), CSVNumber.format(cost / R), CSVNumber.format(Double(alive) / R)]
                for j in variant.interventions.indices {
                    cells += [CSVNumber.format(Double(targeted[j]) / R), CSVNumber.format(Double(enrolled[j]) / R)]
                }
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A real customer's history and the model's view of it at the start, for the target list.
struct KnownHistory {
    static let columns = ["customer_id", "x", "t_x", "T", "monetary_value", "p_alive", "expected_residual_value"]
    let base: CustomerBase
    let model: (any PurchaseModel)?
    let spend: SpendModel?
    let fee: Double
    let margin: Double
    let rate: Double
    let periods: Int

    init(_ s: Scenario, base: CustomerBase) {
        self.base = base
        model = base.purchases.model
        spend = s.population.segments.first?.spend
        fee = s.population.segments.first?.fee ?? 0
        margin = s.economics.margin.central
        rate = s.horizon.period.periodRate(annual: s.economics.annualDiscountRate.central)
        periods = s.horizon.periods
    }

    func cells(_ i: Int) -> [String] {
        let h = base.history(i)
        let identity = [CSVRendering.field(base.customerIDs[i]), String(h.frequency), CSVNumber.format(h.recency), CSVNumber.format(h.age),
                        CSVNumber.format(h.monetaryValue)]
        guard let model else { return identity + subscriberScores(h) }
        let perPurchase: Double
        switch spend {
        case .gammaGamma(let p, let q, let g)?: perPurchase = GammaGamma(p: p, q: q, gamma: g).conditionalExpectedSpend(frequency: h.frequency, monetaryValue: h.monetaryValue)
        case .fixed(let v)?: perPurchase = v
        case nil: perPurchase = 0
        }
        let purchases = model.discountedExpectedPurchases(periods: periods, discountRate: rate, frequency: h.frequency, recency: h.recency, age: h.age)
        return identity + [CSVNumber.format(model.probabilityAlive(frequency: h.frequency, recency: h.recency, age: h.age)),
                           CSVNumber.format(purchases * perPurchase * margin)]
    }

    /// An active subscriber (P(alive) = 1) after n renewals: fees × margin over the horizon, the
    /// fee of period k paid when the k − 1 renewals before it are made, each with the retention
    /// rate (δ + n + j − 1)/(γ + δ + n + j − 1) of θ's posterior Beta(γ, δ + n) (Fader & Hardie 2007).
    func subscriberScores(_ h: CustomerHistory) -> [String] {
        guard case .sbg(let m) = base.purchases else { return ["", ""] }
        // Period 1's fee is paid by an active subscriber; period k's after k − 1 more renewals.
        let alive = [1.0] + m.renewalProbabilities(after: h.renewals, count: max(periods, 1) - 1)
        var value = 0.0
        for (k, p) in alive.enumerated() { value += p * fee * margin / pow(1 + rate, Double(k + 1)) }
        return ["1", CSVNumber.format(value)]
    }
}
