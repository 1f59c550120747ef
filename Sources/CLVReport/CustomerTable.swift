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
        var header = ["customer", "segment"]
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
            var cells = [String(i + 1), CSVRendering.field(s.population.segments[segment].name)]
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
