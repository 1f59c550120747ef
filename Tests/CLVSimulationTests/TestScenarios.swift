import CLVModels
@testable import CLVSimulation

/// Scenarios built in code for closed-form checks.
enum TestScenarios {
    static func economics(margin: Double = 1, cost: Double = 0, cac: Double = 0, annualRate: Double = 0) -> Economics {
        Economics(currency: "EUR", margin: .fixed(margin), costToServe: .fixed(cost), acquisitionCost: .fixed(cac),
                  annualDiscountRate: .fixed(annualRate))
    }

    static func single(_ segment: Segment, customers: Int, periods: Int, unit: PeriodUnit = .month,
                       replications: Int = 1, seed: UInt64 = 1, economics: Economics = economics(),
                       variants: [Variant] = [Variant(name: "control")]) -> Scenario {
        var seg = segment
        seg.share = 1
        return Scenario(name: "test", seed: seed, horizon: Horizon(periods: periods, period: unit), replications: replications,
                        population: Population(customers: customers, segments: [seg]), economics: economics, variants: variants)
    }

    static func run(_ scenario: Scenario, threads: Int = 2) async throws -> SimulationResult {
        try await SimulationEngine(scenario: scenario, threads: threads).run()
    }
}

extension SimulationResult {
    /// Mean over all customers and replications of a variant's gross CLV.
    func meanCLV(_ v: Int = 0) -> Double {
        variants[v].grossCLV.reduce(0, +) / Double(variants[v].grossCLV.count)
    }

    /// Standard error of that mean (customers are independent).
    func standardErrorCLV(_ v: Int = 0) -> Double {
        let xs = variants[v].grossCLV
        let m = meanCLV(v)
        let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (ss / Double(xs.count - 1) / Double(xs.count)).squareRoot()
    }
}
