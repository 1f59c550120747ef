import CLVModels
import CLVReport
import CLVSimulation

/// The backtest of a real base (``Backtest``): the control variant simulated over the K whole
/// periods the log holds after `observed_until`, replication by replication (one replication's
/// per-customer purchases in memory at a time), next to the holdout.
enum BacktestRun {
    /// Replications: the scenario's, raised to 100 for a small base so the 95 % prediction
    /// interval rests on enough values, and to no fewer than 20; capped near 2·10⁷ customer paths.
    static func replications(_ s: Scenario) -> Int {
        max(s.replications, min(100, max(20, 20_000_000 / max(s.population.customers, 1))))
    }

    static func run(_ scenario: Scenario, threads: Int?) async throws -> Backtest? {
        guard let base = scenario.population.customerBase, let holdout = base.holdout, let model = base.purchases.model else { return nil }
        var s = scenario
        s.variants = [scenario.variants[0]]
        let K = holdout.periods
        s.horizon.periods = K
        s.replications = 1
        let R = replications(scenario)
        let groups = frequencyGroups(base)
        var purchases = [[Double]](repeating: [], count: K), revenue = purchases
        var totals = ([Double](), [Double]()), perGroup = [[Double]](repeating: [], count: groups.count)
        let scale = Double(scenario.population.base) / Double(scenario.population.customers)
        for r in 0..<R {
            var engine = SimulationEngine(scenario: s, threads: threads)
            engine.firstReplication = r
            engine.recordCustomerDetail = true
            let result = try await engine.run()
            let v = result.variants[0], p = v.periodTotals[0]
            for t in 1...K {
                purchases[t - 1].append(p[t, .purchases] * scale)
                revenue[t - 1].append(p[t, .revenue] * scale)
            }
            totals.0.append(p.total(.purchases) * scale)
            totals.1.append(p.total(.revenue) * scale)
            for (g, members) in groups.enumerated() {
                perGroup[g].append(members.1.reduce(0.0) { $0 + Double(v.purchaseCount[$1]) } / Double(max(members.1.count, 1)))
            }
        }
        let byPeriod = (1...K).map { t in
            Backtest.PeriodRow(period: t, actualPurchases: holdout.purchases[t - 1], simulatedPurchases: .init(purchases[t - 1]),
                               actualRevenue: holdout.revenue[t - 1], simulatedRevenue: .init(revenue[t - 1]))
        }
        let total = Backtest.PeriodRow(period: nil, actualPurchases: holdout.purchases.prefix(K).reduce(0, +), simulatedPurchases: .init(totals.0),
                                       actualRevenue: holdout.revenue.prefix(K).reduce(0, +), simulatedRevenue: .init(totals.1))
        let byFrequency = zip(groups, perGroup).map { group, simulated in
            let members = group.1
            let actual = members.reduce(0.0) { $0 + Double(holdout.customerPurchases[$1]) }
            let expected = members.reduce(0.0) {
                $0 + model.conditionalExpectedPurchases(Double(K), frequency: Int(base.frequency[$1]), recency: base.recency[$1], age: base.age[$1])
            }
            let n = Double(max(members.count, 1))
            return Backtest.FrequencyRow(frequency: group.0, customers: members.count, actual: actual / n, simulated: .init(simulated), expected: expected / n)
        }
        let lastDay = holdout.lastDay
        let first = DateFormat.iso.parse(base.source.observedUntil).map { "\(CivilDay(dayNumber: $0.dayNumber + 1))" } ?? base.source.observedUntil
        return Backtest(variant: scenario.variants[0].name, from: first, to: lastDay, periods: K, period: scenario.horizon.period.rawValue,
                        baseSize: scenario.population.base, customers: scenario.population.customers, replications: R,
                        byPeriod: byPeriod, total: total, byFrequency: byFrequency)
    }

    /// Customers by calibration frequency 0, 1, …, 6, 7+ (the papers' grouping), empty groups left out.
    static func frequencyGroups(_ base: CustomerBase) -> [(String, [Int])] {
        var members = [[Int]](repeating: [], count: 8)
        for i in 0..<base.count { members[min(Int(base.frequency[i]), 7)].append(i) }
        return members.enumerated().compactMap { g, m in m.isEmpty ? nil : (g == 7 ? "7+" : String(g), m) }
    }
}
