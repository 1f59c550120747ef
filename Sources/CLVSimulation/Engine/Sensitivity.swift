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
        s.population = scenario.population.simulating(min(customers, scenario.population.customers), seed: scenario.seed)
        s.replications = 1
        let catalog = InputCatalog(s)
        let uncertain = catalog.uncertain
        func incremental(_ overrides: [InputID: Double]) async throws -> [Double] {
            let outcomes = try await simulate(s, catalog: catalog, overrides: overrides, threads: threads)
            return outcomes.map { Self.incremental($0, over: outcomes[0]) }
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
        analysis.breakEven = try await breakEvens(variants, scenario: s, catalog: catalog, threads: threads)
        return analysis
    }
}

extension SensitivityAnalysis {
    /// A variant's outcome in a sensitivity run: per-customer gross CLV and its fixed-cost share.
    typealias Outcome = (clv: [Double], fixed: Double)

    /// Each variant of `s` (one replication), every input central except `overrides`.
    static func simulate(_ s: Scenario, catalog: InputCatalog, overrides: [InputID: Double], threads: Int?) async throws -> [Outcome] {
        var engine = SimulationEngine(scenario: s, threads: threads)
        engine.inputOverride = catalog.central(overriding: overrides)
        return try await engine.run().variants.map { ($0.grossCLV, $0.fixedCostPerCustomer[0]) }
    }

    /// Mean incremental value per customer of `v` over `base`, summed customer by customer.
    static func incremental(_ v: Outcome, over base: Outcome) -> Double {
        var d = 0.0
        for i in v.clv.indices { d += v.clv[i] - base.clv[i] }
        // Fixed costs are spread over the base (`simulating` keeps it), not over the subsample.
        return d / Double(v.clv.count) - (v.fixed - base.fixed)
    }

    /// The break-even of each variant's most influential input (``BreakEven``). Each evaluation
    /// simulates that variant alone: its customers' outcomes do not depend on which other
    /// variants run (common random numbers), and the baseline's are simulated once when the
    /// input is not one of the baseline's own (an economic input moves both, so then both run).
    /// - Complexity: at most ``BreakEven/maxEvaluations`` runs of the sensitivity customers per variant.
    static func breakEvens(_ variants: [(name: String, baseline: Double, rows: [Row])], scenario s: Scenario, catalog: InputCatalog,
                           threads: Int?) async throws -> [BreakEven?] {
        var baselineInputs = Set<InputID>()
        for iv in s.variants[0].interventions { _ = InterventionInputs(iv) { id, value in baselineInputs.insert(id); return value.central } }
        var fixedBaseline: Outcome?
        var out: [BreakEven?] = []
        for (k, variant) in variants.enumerated() {
            guard let top = variant.rows.first, top.swing != 0, let entry = catalog.uncertain.first(where: { $0.name == top.input }) else {
                out.append(nil)
                continue
            }
            let baselineMoves: Bool
            if case .economics = entry.id { baselineMoves = true } else { baselineMoves = baselineInputs.contains(entry.id) }
            var alone = s, pair = s
            alone.variants = [s.variants[k + 1]]
            pair.variants = [s.variants[0], s.variants[k + 1]]
            if !baselineMoves && fixedBaseline == nil {
                var control = s
                control.variants = [s.variants[0]]
                fixedBaseline = try await simulate(control, catalog: catalog, overrides: [:], threads: threads)[0]
            }
            out.append(try await BreakEven.search(variant: variant.name, input: entry) { u in
                let value = catalog.central(overriding: [entry.id: u])[entry.id]
                if !baselineMoves, let base = fixedBaseline {
                    return (value, incremental(try await simulate(alone, catalog: catalog, overrides: [entry.id: u], threads: threads)[0], over: base))
                }
                let both = try await simulate(pair, catalog: catalog, overrides: [entry.id: u], threads: threads)
                return (value, incremental(both[1], over: both[0]))
            })
        }
        return out
    }
}
