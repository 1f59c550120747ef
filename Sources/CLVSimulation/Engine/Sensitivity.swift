/// One-at-a-time sensitivity of each variant's incremental value to each uncertain input (the
/// tornado table of DESIGN.md §5).
///
/// Every uncertain input is set in turn to its 10th and 90th percentile while all others stay
/// at their central value (mean of their distribution), and the scenario is re-run on the same
/// customers with the same keyed draws. Common random numbers make the swing exact: an input
/// that does not enter a variant (nor its baseline) leaves its incremental value unchanged, so
/// it ranks last with an effect of exactly zero.
public struct SensitivityAnalysis: Sendable {
    public struct Row: Sendable, Codable, Equatable {
        public var input: String
        public var lowValue: Double
        public var highValue: Double
        /// Incremental value per customer vs the baseline with the input at P10 and at P90.
        public var incrementalAtLow: Double
        public var incrementalAtHigh: Double
        /// incrementalAtHigh − incrementalAtLow.
        public var swing: Double

        enum CodingKeys: String, CodingKey {
            case input, swing
            case lowValue = "low_value", highValue = "high_value"
            case incrementalAtLow = "incremental_at_low", incrementalAtHigh = "incremental_at_high"
        }
    }

    /// Per variant (all but the baseline): rows ranked by |swing|, largest first.
    public var variants: [(name: String, baseline: Double, rows: [Row])]
    /// Per variant (as `variants`): the break-even value of its most influential input, when it
    /// moves the variant at all.
    public var breakEven: [BreakEven?] = []

    /// Run the analysis on the first `customers` customers of replication 0 (fixed costs still
    /// shared over the scenario's whole population).
    public static func run(_ scenario: Scenario, customers: Int = 20_000, threads: Int? = nil) async throws -> SensitivityAnalysis {
        var s = scenario
        s.population = scenario.population.simulating(min(customers, scenario.population.customers))
        s.replications = 1
        let catalog = InputCatalog(s)
        let uncertain = catalog.uncertain
        func incremental(_ overrides: [InputID: Double], in s: Scenario = s) async throws -> [Double] {
            var engine = SimulationEngine(scenario: s, threads: threads)
            engine.inputOverride = catalog.central(overriding: overrides)
            let r = try await engine.run()
            let base = r.variants[0]
            let n = Double(r.customers)
            return r.variants.map { v in
                var d = 0.0
                for i in v.grossCLV.indices { d += v.grossCLV[i] - base.grossCLV[i] }
                // Fixed costs are spread over the base (`simulating` keeps it), not over the subsample.
                let fixed = v.fixedCostPerCustomer[0] - base.fixedCostPerCustomer[0]
                return d / n - fixed
            }
        }
        let central = try await incremental([:])
        var rows = Array(repeating: [Row](), count: s.variants.count)
        for entry in uncertain {
            let low = try await incremental([entry.id: 0.1])
            let high = try await incremental([entry.id: 0.9])
            let lowValue = catalog.central(overriding: [entry.id: 0.1])[entry.id]
            let highValue = catalog.central(overriding: [entry.id: 0.9])[entry.id]
            for v in 1..<s.variants.count {
                rows[v].append(Row(input: entry.name, lowValue: lowValue, highValue: highValue,
                                   incrementalAtLow: low[v], incrementalAtHigh: high[v], swing: high[v] - low[v]))
            }
        }
        let variants = (1..<s.variants.count).map { v in
            // Stable ranking: by |swing|, ties keep the scenario's order.
            let ranked = rows[v].enumerated().sorted { (abs($0.element.swing), -$0.offset) > (abs($1.element.swing), -$1.offset) }.map(\.element)
            return (name: s.variants[v].name, baseline: central[v], rows: ranked)
        }
        var analysis = SensitivityAnalysis(variants: variants)
        for (k, variant) in variants.enumerated() {
            guard let top = variant.rows.first, top.swing != 0, let entry = uncertain.first(where: { $0.name == top.input }) else {
                analysis.breakEven.append(nil)
                continue
            }
            // Only the baseline and this variant: the other variants' draws are not needed.
            var pair = s
            pair.variants = [s.variants[0], s.variants[k + 1]]
            analysis.breakEven.append(try await BreakEven.search(variant: variant.name, input: entry) { u in
                let value = catalog.central(overriding: [entry.id: u])[entry.id]
                return (value, try await incremental([entry.id: u], in: pair)[1])
            })
        }
        return analysis
    }
}
