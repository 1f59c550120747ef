import CLVModels
import Foundation
import Stochastic
import Testing
@testable import CLVSimulation

/// Targeting the top k % by expected residual value picks exactly the customers an independent
/// re-simulation of their histories, scored with the BG/NBD and Gamma-Gamma formulas, ranks
/// highest.
@Suite struct TopPercentTargetingTests {
    @Test func topTwentyPercentByExpectedValue() async throws {
        let (r0, alpha, a, b) = (0.9, 0.8, 0.8, 2.4)
        let (p, q, g) = (6.25, 3.74, 15.44)
        let seg = Segment(name: "bg", share: 1, purchaseRate: .gamma(shape: r0, rate: alpha), lifetime: .bgnbd(dropout: .beta(a: a, b: b)),
                          spend: .gammaGamma(p: p, q: q, gamma: g), fee: nil)
        let start = 7, horizon = 24, n = 8000
        let contact = Intervention(kind: .discount, name: "vip", start: start, end: start, target: Targeting(topPercent: 20),
                                   depth: .fixed(0), costs: Costs(perContact: .fixed(1)))
        let s = TestScenarios.single(seg, customers: n, periods: horizon, economics: TestScenarios.economics(margin: 0.3, annualRate: 0.1),
                                     variants: [Variant(name: "control"), Variant(name: "vip", interventions: [contact])])
        let result = try await TestScenarios.run(s)
        let d = pow(1.1, 1.0 / 12) - 1
        let costAtStart = pow(1 + d, -Double(start))

        // Independent histories through month 6 with the same keyed draws, in the engine's order.
        let model = BGNBD(r: r0, alpha: alpha, a: a, b: b), spend = GammaGamma(p: p, q: q, gamma: g)
        let stream = KeyedStream()
        var scores: [(customer: Int, score: Double)] = []
        for i in 0..<n {
            let key = CustomerKey(seed: s.seed, replication: 0, customer: i)
            stream.rekey(key, period: 0, purpose: .traits)
            let lambda = stream.gamma(shape: r0, rate: alpha)
            let dropout = stream.beta(a, b)
            let nu = stream.gamma(shape: q, rate: g)
            var x = 0, last = 0, total = 0.0, alive = true
            for t in 1..<start where alive {
                stream.rekey(key.stream(period: t, purpose: .activity))
                var k = stream.poisson(mean: lambda)
                if k > 0 {
                    let leave = stream.geometric(successProbability: dropout)
                    if leave <= k { k = leave; alive = false }
                    total += stream.gamma(shape: Double(k) * p, rate: nu)
                    x += k; last = t
                }
            }
            guard alive else { continue }
            let purchases = model.discountedExpectedPurchases(periods: horizon - start + 1, discountRate: d, frequency: x,
                                                              recency: Double(last), age: Double(start - 1))
            let perPurchase = x > 0 ? spend.conditionalExpectedSpend(frequency: x, monetaryValue: total / Double(x)) : p * g / (q - 1)
            scores.append((i, purchases * perPurchase * 0.3))
        }
        let sorted = scores.map(\.score).sorted()
        let threshold = Quantile.ofSorted(sorted, 0.8)
        let expected = Set(scores.filter { $0.score >= threshold }.map(\.customer))
        let targeted = Set((0..<n).filter { result.variants[1].campaignCost[$0] == costAtStart })
        #expect(targeted == expected, "targeted \(targeted.count), expected \(expected.count); differ on \(targeted.symmetricDifference(expected).prefix(5))")
        // About a fifth of the customers alive at the start.
        #expect(abs(Double(expected.count) / Double(scores.count) - 0.2) < 0.01)
    }
}
