import CLVModels
import Foundation
import Testing
@testable import CLVSimulation

/// The exact expected CLV from closed forms (sBG survival, BG/NBD and Pareto/NBD expected
/// purchases, Gamma-Gamma mean spend) against the engine's mean, within 5 Monte Carlo SE;
/// and the textbook formulas against hand computation.
@Suite struct FormulaBridgeTests {
    @Test func textbookExampleIsExactly1800() {
        #expect(TextbookCLV.simple(basket: 50, frequency: 12, lifetime: 3) == 1800)
        #expect(TextbookCLV.acquisitionCost(spend: 100_000, newCustomers: 2000) == 50)
    }

    @Test func geometricRetentionFormulaMatchesTheSeries() {
        let rho = 30.0, c = 2.0, r = 0.8, d = 0.01
        let value = TextbookCLV.discountedRetention(periods: 24, marginPerPeriod: rho, costPerPeriod: c, discountRate: d,
                                                    acquisitionCost: 50, active: TextbookCLV.geometricActive(retention: r))
        // Finite geometric series: (ρ − c)/(1+d) · (1 − q^T)/(1 − q), q = r/(1+d).
        let q = r / (1 + d)
        let closed = (rho - c) / (1 + d) * (1 - pow(q, 24)) / (1 - q) - 50
        #expect(abs(value - closed) < 1e-12 * abs(closed))
        // And its limit is the perpetuity (ρ − c)/(1 + d − r).
        let long = TextbookCLV.discountedRetention(periods: 2000, marginPerPeriod: rho, costPerPeriod: c, discountRate: d,
                                                   active: TextbookCLV.geometricActive(retention: r))
        #expect(abs(long - TextbookCLV.geometricPerpetuity(marginPerPeriod: rho, costPerPeriod: c, retention: r, discountRate: d)) < 1e-9)
    }

    @Test func bgnbdAliveProbabilityMatchesNumericalIntegration() throws {
        // E[(α/(α + p t))^r] over p ~ Beta(a, b) by the midpoint rule on 200,000 cells vs the ₂F₁ form.
        let (r, alpha, a, b) = (0.243, 4.414, 1.793, 2.426)
        for t in [1.0, 10, 39, 100] {
            let cells = 200_000
            var sum = 0.0
            let lnB: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
            for k in 0..<cells {
                let p: Double = (Double(k) + 0.5) / Double(cells)
                let logDensity: Double = (a - 1) * log(p) + (b - 1) * log(1 - p) - lnB
                let density = exp(logDensity)
                sum += pow(alpha / (alpha + p * t), r) * density / Double(cells)
            }
            let closed = TextbookCLV.bgnbdAlive(r: r, alpha: alpha, a: a, b: b, at: t)
            #expect(abs(closed - sum) < 1e-6, "t = \(t): \(closed) vs \(sum)")
        }
    }

    static let segments: [(String, Segment)] = [
        ("bgnbd", Segment(name: "s", share: 1, purchaseRate: .gamma(shape: 0.9, rate: 0.8), lifetime: .bgnbd(dropout: .beta(a: 0.8, b: 2.4)),
                          spend: .gammaGamma(p: 6.25, q: 3.74, gamma: 15.44), fee: nil)),
        ("bgnbd a = 1", Segment(name: "s", share: 1, purchaseRate: .gamma(shape: 2, rate: 4), lifetime: .bgnbd(dropout: .beta(a: 1, b: 12)),
                                spend: .fixed(40), fee: nil)),
        ("paretonbd", Segment(name: "s", share: 1, purchaseRate: .gamma(shape: 0.55, rate: 1.5), lifetime: .paretonbd(dropout: .gamma(shape: 0.6, rate: 12)),
                              spend: .fixed(30), fee: nil)),
        ("sbg with purchases and fee", Segment(name: "s", share: 1, purchaseRate: .gamma(shape: 0.5, rate: 1.5),
                                               lifetime: .contractual(churn: .beta(a: 1.2, b: 6)), spend: .gammaGamma(p: 4, q: 5, gamma: 30), fee: 9.9)),
    ]

    @Test(arguments: segments.indices)
    func exactExpectationMatchesTheEngine(_ i: Int) async throws {
        let (what, seg) = Self.segments[i]
        let s = TestScenarios.single(seg, customers: 200_000, periods: 36,
                                     economics: TestScenarios.economics(margin: 0.3, cost: 1, annualRate: 0.1))
        let result = try await TestScenarios.run(s)
        let bridge = try FormulaBridge.compute(s, simulated: result.meanCLV(), halfWidth: 0)
        let exact = try #require(bridge.steps.first { $0.name == "+ heterogeneity" }?.value, "\(what): no closed form")
        let se = result.standardErrorCLV()
        #expect(abs(result.meanCLV() - exact) < 5 * se, "\(what): simulated \(result.meanCLV()) vs exact \(exact) (SE \(se))")
    }
}
