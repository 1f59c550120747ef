import Stochastic

extension SimulationEngine {
    /// Thresholds of the top-k % rules: for each such intervention (in order, so earlier ones
    /// already act), simulate the variant's customers up to its start period, score the eligible
    /// ones by expected residual value, and take the (1 − k/100) quantile per replication.
    ///
    /// - Complexity: one truncated run per top-k % rule, plus a sort of its scores.
    func topPercentThresholds() async throws -> [[[Double]]]? {
        if let valueThresholds { return valueThresholds }
        let s = scenario
        guard scoringPass == nil, s.variants.contains(where: { $0.interventions.contains { ($0.target.topPercent ?? 0) > 0 } }) else { return nil }
        let n = s.population.customers, replications = s.replications
        var result = Array(repeating: s.variants.map { Array(repeating: -Double.infinity, count: $0.interventions.count) }, count: replications)
        for (v, variant) in s.variants.enumerated() {
            for (j, iv) in variant.interventions.enumerated() {
                guard let k = iv.target.topPercent, k > 0 else { continue }
                var sub = self
                sub.scenario.variants = [variant]
                sub.scenario.horizon.periods = iv.start
                sub.valueHorizon = s.horizon.periods
                sub.valueThresholds = (0..<replications).map { [result[$0][v]] }
                let buffer = SharedBuffer<Double>(count: replications * n)
                for i in 0..<(replications * n) { buffer[i] = .nan }
                sub.scoringPass = (j, buffer)
                _ = try await sub.run()
                for r in 0..<replications {
                    var scores: [Double] = []
                    for i in 0..<n where !buffer[r * n + i].isNaN { scores.append(buffer[r * n + i]) }
                    scores.sort()
                    result[r][v][j] = scores.isEmpty ? .infinity : Quantile.ofSorted(scores, 1 - k / 100)
                }
            }
        }
        return result
    }
}
