import Foundation
import Stochastic
import Testing
@testable import CLVWorkflows
import CLVReport
@testable import CLVSimulation

/// Test sizing by simulation against the analytic power of a normal outcome, and its behaviour
/// on a heavy-tailed one.
@Suite struct PowerAnalysisTests {
    static func scenario(rate: RateDistribution, spend: SpendModel, effects: Effects) -> Scenario {
        Scenario(name: "power", seed: 11, horizon: Horizon(periods: 6, period: .month), replications: 1,
                 population: Population(customers: 1000, segments: [
                    Segment(name: "all", share: 1, purchaseRate: rate, lifetime: .fixed(periods: 6), spend: spend, fee: nil)]),
                 economics: Economics(currency: "EUR", margin: .fixed(0.4), costToServe: .fixed(0), acquisitionCost: .fixed(0),
                                      annualDiscountRate: .fixed(0)),
                 variants: [Variant(name: "control"),
                            Variant(name: "perso", interventions: [Intervention(kind: .personalisation, name: "p", start: 1, effects: effects)])])
    }

    @Test func normalOutcomeAgreesWithAnalyticPower() async throws {
        // Revenue = 10 × Poisson(20 × 6) per customer, nearly normal; the variant lifts the rate by 2%.
        // Analytic: Δ = 10·(122.4 − 120) = 24, σ²_A = 100·120, σ²_B = 100·122.4,
        // power = Φ(Δ/SE − z) + Φ(−Δ/SE − z), SE = √((σ²_A + σ²_B)/n).
        let n = 100
        let s = Self.scenario(rate: .fixed(20), spend: .fixed(10), effects: Effects(purchaseRate: .fixed(1.02)))
        let analysis = try PowerAnalysis(.init(scenario: s, variant: "perso", metric: .revenue, periods: 6, alpha: 0.05, tests: 800))
        let point = try await analysis.evaluate(n: n)
        let se = ((100 * 120 + 100 * 122.4) / Double(n)).squareRoot()
        let z = Distributions.normalQuantile(0.975)
        let analytic = Distributions.normalCDF(24 / se - z) + Distributions.normalCDF(-24 / se - z)
        // 3 binomial standard errors of the simulated power (800 tests).
        let band = 3 * (analytic * (1 - analytic) / 800).squareRoot()
        #expect(abs(point.power - analytic) < band, "simulated \(point.power) vs analytic \(analytic) ± \(band)")
        #expect(abs(point.trueLift - 24) < 0.5, "true lift \(point.trueLift)")
        #expect(abs(point.normalPower - analytic) < 0.02)
    }

    @Test func heavyTailedOutcomeDepartsFromTheNormalFormula() async throws {
        // Zero-inflated, heavy-tailed revenue: most customers almost never buy (λ ~ Gamma(0.1, 0.5)).
        let s = Self.scenario(rate: .gamma(shape: 0.1, rate: 0.5), spend: .fixed(100), effects: Effects(purchaseRate: .fixed(4)))
        let analysis = try PowerAnalysis(.init(scenario: s, variant: "perso", metric: .revenue, periods: 3, alpha: 0.05, tests: 400))
        let search = try await analysis.search(targetPower: 0.8, start: 20)
        let reported = try #require(search.points.first { $0.customersPerArm == search.simulatedCustomersPerArm })
        // The simulated power at the reported n reaches the target within its Monte Carlo error…
        #expect(reported.power >= 0.8 - 2 * reported.powerStandardError)
        // …and the normal formula misses it by more than the search's 5% resolution. With this
        // skewed outcome the per-test sample variance is usually below σ², so Welch's test
        // rejects more often than σ suggests and fewer customers suffice (measured: 80 vs 121
        // with the CLI's seed); the direction is a property of the outcome, not a rule.
        let ratio = Double(search.normalCustomersPerArm) / Double(search.simulatedCustomersPerArm)
        #expect(ratio > 1.15, "normal \(search.normalCustomersPerArm) vs simulated \(search.simulatedCustomersPerArm)")
        // At small n the same skew works the other way: the t statistic is left-skewed, so
        // upper-tail rejections are rarer than the normal formula predicts.
        let small = try await analysis.evaluate(n: 10)
        #expect(small.power < small.normalPower)
    }
}
