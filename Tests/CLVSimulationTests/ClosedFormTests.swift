import Foundation
import Stochastic
import Testing
@testable import CLVSimulation

/// The engine against closed forms (DESIGN.md §8). Stochastic checks allow 5 Monte Carlo
/// standard errors (a false alarm about once in 1.7 million runs); deterministic ones are exact
/// or within a few ULPs of the summed series.
@Suite struct ClosedFormTests {
    @Test func textbookSubscriptionIsExactly1800() async throws {
        // Panier moyen × fréquence × durée: 50 per month × 12 × 3 years.
        let seg = Segment(name: "s", share: 1, purchaseRate: nil, lifetime: .fixed(periods: 36), spend: nil, fee: 50)
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: 5000, periods: 36))
        #expect(result.variants[0].grossCLV.allSatisfy { $0 == 1800 })
        #expect(result.variants[0].aliveAtHorizon == [0])
    }

    @Test func bundledTextbookScenarioGives1800() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios/textbook-subscription.yaml").standardized
        let scenario = try ScenarioLoader.load(path: url.path)
        let result = try await TestScenarios.run(scenario)
        #expect(result.variants[0].grossCLV.allSatisfy { $0 == 1800 })
    }

    @Test func fixedLifetimeWithDiscountingIsTheAnnuity() async throws {
        // Σ_{t=1}^{36} m (1+d)^−t with d the monthly rate equivalent to 10 %/year.
        let m = 50.0, annual = 0.10
        let d = pow(1 + annual, 1.0 / 12) - 1
        let truth = (1...36).reduce(0.0) { $0 + m * pow(1 + d, -Double($1)) }
        let seg = Segment(name: "s", share: 1, purchaseRate: nil, lifetime: .fixed(periods: 36), spend: nil, fee: m)
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: 100, periods: 36,
                                                                      economics: TestScenarios.economics(annualRate: annual)))
        for v in result.variants[0].grossCLV { #expect(abs(v - truth) < 1e-12 * truth) }
    }

    @Test func geometricChurnMatchesClosedForm() async throws {
        // Constant retention r = 1 − θ, margin m per live period: E[CLV] = Σ_{t=1}^{H} m r^{t−1} (1+d)^−t,
        // which tends to m/(1 + d − r) as H → ∞.
        let theta = 0.08, m = 20.0, annual = 0.12, h = 60
        let d = pow(1 + annual, 1.0 / 12) - 1
        let r = 1 - theta
        let truth = (1...h).reduce(0.0) { $0 + m * pow(r, Double($1 - 1)) * pow(1 + d, -Double($1)) }
        let seg = Segment(name: "s", share: 1, purchaseRate: nil, lifetime: .contractual(churn: .fixed(theta)), spend: nil, fee: m)
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: 200_000, periods: h,
                                                                      economics: TestScenarios.economics(annualRate: annual)))
        let se = result.standardErrorCLV()
        #expect(abs(result.meanCLV() - truth) < 5 * se, "mean \(result.meanCLV()) vs \(truth), SE \(se)")
        // The infinite-horizon limit is larger, and close: the tail beyond 60 months is small.
        #expect(truth < m / (1 + d - r))
        // Survivors at the horizon: r^H.
        let alive = Double(result.variants[0].aliveAtHorizon[0]) / 200_000
        let seAlive = (pow(r, Double(h)) * (1 - pow(r, Double(h))) / 200_000).squareRoot()
        #expect(abs(alive - pow(r, Double(h))) < 5 * seAlive)
    }

    @Test func shiftedBetaGeometricSurvivalMatchesClosedForm() async throws {
        // sBG (Fader & Hardie 2007, eq. 1–2): P(alive in period t) = B(γ, δ + t − 1)/B(γ, δ).
        let g = 0.704, dd = 1.182, fee = 100.0, h = 12
        let seg = Segment(name: "s", share: 1, purchaseRate: nil, lifetime: .contractual(churn: .beta(a: g, b: dd)), spend: nil, fee: fee)
        let n = 200_000
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: n, periods: h, unit: .year))
        let totals = result.variants[0].periodTotals[0]
        for t in 1...h {
            let s = exp(Special.lnBeta(g, dd + Double(t - 1)) - Special.lnBeta(g, dd))
            let observed = totals[t, .alive] / Double(n)
            let se = (s * (1 - s) / Double(n)).squareRoot()
            #expect(abs(observed - s) <= 5 * se, "t = \(t): \(observed) vs \(s)")
        }
    }

    @Test func bgnbdExpectedPurchasesMatchClosedForm() async throws {
        // E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]
        // (Fader, Hardie & Lee 2005, eq. 7), at period ends t = 6, 12, 24, 36.
        let r = 0.9, alpha = 0.8, a = 0.8, b = 2.4
        let seg = Segment(name: "s", share: 1, purchaseRate: .gamma(shape: r, rate: alpha),
                          lifetime: .bgnbd(dropout: .beta(a: a, b: b)), spend: .fixed(1), fee: nil)
        let replications = 16, n = 25_000
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: n, periods: 36, replications: replications))
        for t in [6, 12, 24, 36] {
            let x = Double(t)
            let f = try Special.hypergeometric2F1(r, b, a + b - 1, x / (alpha + x))
            let truth = (a + b - 1) / (a - 1) * (1 - pow(alpha / (alpha + x), r) * f)
            // Per-replication cumulative purchases per customer; SE from the spread across replications.
            var m = RunningMoments()
            for totals in result.variants[0].periodTotals {
                m.add((1...t).reduce(0.0) { $0 + totals[$1, .purchases] } / Double(n))
            }
            #expect(abs(m.mean - truth) < 5 * m.standardError, "t = \(t): \(m.mean) vs \(truth) (SE \(m.standardError))")
        }
    }

    @Test func paretoNBDExpectedPurchasesMatchClosedForm() async throws {
        // E[X(t)] = r·β / (α·(s − 1)) · [1 − (β/(β + t))^(s−1)] (Schmittlein, Morrison & Colombo 1987;
        // Fader, Hardie & Lee 2005 "RFM and CLV", eq. 2).
        let r = 0.55, alpha = 10.0, s = 0.6, beta = 12.0
        let seg = Segment(name: "s", share: 1, purchaseRate: .gamma(shape: r, rate: alpha),
                          lifetime: .paretonbd(dropout: .gamma(shape: s, rate: beta)), spend: .fixed(1), fee: nil)
        let replications = 16, n = 25_000
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: n, periods: 78, unit: .week, replications: replications))
        for t in [13, 39, 78] {
            let x = Double(t)
            let truth = r * beta / (alpha * (s - 1)) * (1 - pow(beta / (beta + x), s - 1))
            var m = RunningMoments()
            for totals in result.variants[0].periodTotals {
                m.add((1...t).reduce(0.0) { $0 + totals[$1, .purchases] } / Double(n))
            }
            #expect(abs(m.mean - truth) < 5 * m.standardError, "t = \(t): \(m.mean) vs \(truth) (SE \(m.standardError))")
        }
    }

    @Test func gammaGammaMeanSpendPerPurchase() async throws {
        // E[z] = p·γ/(q − 1) = 35.22 for p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie & Lee 2005).
        let p = 6.25, q = 3.74, g = 15.44
        let seg = Segment(name: "s", share: 1, purchaseRate: .fixed(1), lifetime: .bgnbd(dropout: .fixed(0)),
                          spend: .gammaGamma(p: p, q: q, gamma: g), fee: nil)
        let replications = 16, n = 20_000
        let result = try await TestScenarios.run(TestScenarios.single(seg, customers: n, periods: 12, replications: replications))
        var m = RunningMoments()
        for totals in result.variants[0].periodTotals { m.add(totals.total(.revenue) / totals.total(.purchases)) }
        let truth = p * g / (q - 1)
        #expect(abs(truth - 35.22) < 0.005)
        #expect(abs(m.mean - truth) < 5 * m.standardError, "\(m.mean) vs \(truth) (SE \(m.standardError))")
    }

    @Test func marginCostsAndAcquisitionAddUp() async throws {
        // Fixed lifetime of 10 periods, 2 purchases of 30 a period, margin 0.25, cost 1.5, no discount:
        // CLV gross = 10 × (2·30·0.25 − 1.5) = 135, exactly, for every customer.
        let seg = Segment(name: "s", share: 1, purchaseRate: .fixed(2), lifetime: .fixed(periods: 10), spend: .fixed(30), fee: nil)
        let scenario = TestScenarios.single(seg, customers: 10, periods: 10,
                                            economics: TestScenarios.economics(margin: 0.25, cost: 1.5, cac: 45))
        let result = try await TestScenarios.run(scenario)
        // Purchases are Poisson(2) per period, so only the mean is fixed: check the accounting identity instead.
        let totals = result.variants[0].periodTotals[0]
        let identity = totals.total(.revenue) * 0.25 - totals.total(.costs)
        #expect(abs(identity - result.variants[0].grossCLV.reduce(0, +)) < 1e-9 * abs(identity))
        #expect(totals.total(.costs) == 10 * 10 * 1.5)
        #expect(totals[10, .alive] == 10)
    }
}
