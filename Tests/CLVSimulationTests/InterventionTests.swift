import Foundation
import Stochastic
import Testing
@testable import CLVSimulation

/// Interventions (DESIGN.md §3): each kind moves what it should, by the right amount where a
/// closed form exists; costs are attributed; common random numbers hold.
@Suite struct InterventionTests {
    static let bg = Segment(name: "bg", share: 0.5, purchaseRate: .gamma(shape: 0.9, rate: 0.8),
                            lifetime: .bgnbd(dropout: .beta(a: 0.8, b: 2.4)), spend: .gammaGamma(p: 6.25, q: 3.74, gamma: 15.44), fee: nil)
    static let sub = Segment(name: "sub", share: 0.5, purchaseRate: .gamma(shape: 0.5, rate: 1.5),
                             lifetime: .contractual(churn: .beta(a: 1.2, b: 6)), spend: .fixed(25), fee: 9.9)

    static func scenario(_ variants: [Variant], customers: Int = 20_000, periods: Int = 24, replications: Int = 1,
                         segments: [Segment] = [bg, sub], margin: Double = 0.3) -> Scenario {
        Scenario(name: "iv", seed: 5, horizon: Horizon(periods: periods, period: .month), replications: replications,
                 population: Population(customers: customers, segments: segments),
                 economics: Economics(currency: "EUR", margin: .fixed(margin), costToServe: .fixed(1), acquisitionCost: .fixed(45),
                                      annualDiscountRate: .fixed(0.1)),
                 variants: variants)
    }

    @Test func churnMultiplierGivesGeometricClosedFormWithScaledTheta() async throws {
        // Contractual churn θ for everyone, a retention effect c on the hazard from t = 1 with no
        // decay: E[CLV] = Σ m (1 − θc)^{t−1} (1 + d)^−t.
        let theta = 0.1, c = 0.6, m = 30.0, h = 48
        let seg = Segment(name: "s", share: 1, purchaseRate: nil, lifetime: .contractual(churn: .fixed(theta)), spend: nil, fee: m)
        let retention = Intervention(kind: .retention, name: "r", start: 1, effects: Effects(churn: .fixed(c)))
        let s = TestScenarios.single(seg, customers: 200_000, periods: h, economics: TestScenarios.economics(annualRate: 0.1),
                                     variants: [Variant(name: "control"), Variant(name: "retained", interventions: [retention])])
        let r = try await TestScenarios.run(s)
        let d = pow(1.1, 1.0 / 12) - 1
        let truth = (1...h).reduce(0.0) { $0 + m * pow(1 - theta * c, Double($1 - 1)) * pow(1 + d, -Double($1)) }
        let se = r.standardErrorCLV(1)
        #expect(abs(r.meanCLV(1) - truth) < 5 * se, "\(r.meanCLV(1)) vs \(truth) (SE \(se))")
        // Monotone coupling: a lower hazard never shortens anyone's life.
        #expect(zip(r.variants[1].grossCLV, r.variants[0].grossCLV).allSatisfy { $0 >= $1 - 1e-9 })
    }

    @Test func discountWithoutLiftCutsRevenueByExactlyTheDepthInTheWindow() async throws {
        let depth = 0.2
        let discount = Intervention(kind: .discount, name: "d", start: 4, end: 9, depth: .fixed(depth))
        let r = try await TestScenarios.run(Self.scenario([Variant(name: "control"), Variant(name: "promo", interventions: [discount])],
                                                         segments: [Segment(name: "bg", share: 1, purchaseRate: Self.bg.purchaseRate,
                                                                            lifetime: Self.bg.lifetime, spend: Self.bg.spend, fee: nil)]))
        let c = r.variants[0].periodTotals[0], p = r.variants[1].periodTotals[0]
        for t in 1...24 {
            #expect(p[t, .purchases] == c[t, .purchases])
            if (4...9).contains(t) {
                #expect(abs(p[t, .revenue] - (1 - depth) * c[t, .revenue]) <= 1e-12 * c[t, .revenue], "t = \(t)")
                // The whole cut comes off the margin: margin falls by depth × list revenue.
                #expect(abs((c[t, .margin] - p[t, .margin]) - depth * c[t, .revenue]) <= 1e-9 * c[t, .revenue])
                #expect(abs(p[t, .discounts] - depth * c[t, .revenue]) <= 1e-9 * c[t, .revenue])
            } else {
                #expect(p[t, .revenue] == c[t, .revenue], "t = \(t)")
            }
        }
        let summary = try #require(roi(r))
        #expect(summary < 0, "a discount with no lift cannot pay: ROI \(summary)")
    }

    @Test func discountWithZeroLiftNeverHasPositiveROI() async throws {
        for depth in [0.05, 0.15, 0.4] {
            let discount = Intervention(kind: .discount, name: "d", start: 2, end: 6, depth: .fixed(depth),
                                        costs: Costs(perContact: .fixed(0.3)))
            let r = try await TestScenarios.run(Self.scenario([Variant(name: "control"), Variant(name: "promo", interventions: [discount])], customers: 5000))
            let value = try #require(roi(r))
            #expect(value < 0)
        }
    }

    @Test func loyaltyProgrammeWithNoEffectsHasROIMinusOne() async throws {
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "l", start: 3, uptake: .fixed(0.5),
                                   costs: Costs(perContact: .fixed(0.2), perMemberPerPeriod: .fixed(0.5), rewardRate: .fixed(0.03), fixed: .fixed(1000)))
        let r = try await TestScenarios.run(Self.scenario([Variant(name: "control"), Variant(name: "loyalty", interventions: [loyalty])], customers: 8000))
        let value = try #require(roi(r))
        // −cost/cost; the residual is rounding in sums of ~10⁴ terms.
        #expect(abs(value + 1) < 1e-9, "ROI \(value)")
        // The same purchases happen; only costs differ.
        #expect(r.variants[0].periodTotals[0].total(.purchases) == r.variants[1].periodTotals[0].total(.purchases))
    }

    @Test func untouchedCustomersAreIdenticalInEveryVariant() async throws {
        // Targets the bg segment with a 60 % random share; sub customers and the 40 % holdout
        // must keep the control outcome exactly.
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "l", start: 3, target: Targeting(segments: ["bg"], share: 0.6),
                                   uptake: .fixed(0.7), effects: Effects(purchaseRate: .fixed(1.3), churn: .fixed(0.7)),
                                   costs: Costs(perMemberPerPeriod: .fixed(0.5)))
        let s = Self.scenario([Variant(name: "control"), Variant(name: "loyalty", interventions: [loyalty])])
        let r = try await TestScenarios.run(s)
        let layout = r.layout
        var touched = 0, untouchedBG = 0
        for i in 0..<r.customers {
            let same = r.variants[0].grossCLV[i] == r.variants[1].grossCLV[i]
            let cost = r.variants[1].campaignCost[i]
            if layout.segment(of: i) == 1 { #expect(same && cost == 0) } else if cost == 0 { untouchedBG += 1; #expect(same) } else { touched += 1 }
        }
        // About 0.6 × 0.7 of live bg customers are members: the split is neither empty nor total.
        #expect(touched > 2000 && untouchedBG > 2000)
    }

    @Test func addingAnInterventionDoesNotReshuffleAnother() async throws {
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "l", start: 3, target: Targeting(segments: ["bg"]),
                                   uptake: .fixed(0.4), effects: Effects(churn: .fixed(0.7)), costs: Costs(perMemberPerPeriod: .fixed(0.5)))
        let perso = Intervention(kind: .personalisation, name: "p", start: 2, target: Targeting(segments: ["sub"], share: 0.5),
                                 effects: Effects(spend: .fixed(1.1)), costs: Costs(perCustomerPerPeriod: .fixed(0.1)))
        let s = Self.scenario([Variant(name: "control"), Variant(name: "a", interventions: [loyalty]),
                               Variant(name: "b", interventions: [perso, loyalty])])
        let r = try await TestScenarios.run(s)
        for i in r.layout.ranges[0] {
            #expect(r.variants[1].grossCLV[i] == r.variants[2].grossCLV[i])
        }
    }

    @Test func campaignCostsAreAttributedAndAddUp() async throws {
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "l", start: 3, uptake: .fixed(0.5),
                                   effects: Effects(purchaseRate: .fixed(1.2)),
                                   costs: Costs(perContact: .fixed(0.2), perMemberPerPeriod: .fixed(0.5), rewardRate: .fixed(0.03), fixed: .fixed(1000)))
        let r = try await TestScenarios.run(Self.scenario([Variant(name: "control"), Variant(name: "l", interventions: [loyalty])],
                                                         customers: 6000, periods: 12))
        let v = r.variants[1]
        let totals = v.periodTotals[0]
        let d = pow(1.1, 1.0 / 12) - 1
        let discountedTotal = (1...12).reduce(0.0) { $0 + totals[$1, .campaignCosts] * pow(1 + d, -Double($1)) }
        let attributed = v.campaignCost.reduce(0, +) + v.fixedCostPerCustomer[0] * 6000
        #expect(abs(discountedTotal - attributed) < 1e-9 * discountedTotal)
        // The fixed cost is booked once, at the start period.
        #expect(totals[3, .campaignCosts] >= 1000 && totals[2, .campaignCosts] == 0)
    }

    @Test func retentionDecaysWithItsHalfLife() async throws {
        // With a half-life, the hazard multiplier returns towards 1: the effect on survival is
        // smaller than without decay but still positive.
        let seg = Segment(name: "s", share: 1, purchaseRate: nil, lifetime: .contractual(churn: .fixed(0.1)), spend: nil, fee: 10)
        let lasting = Intervention(kind: .retention, name: "r", start: 1, effects: Effects(churn: .fixed(0.5)))
        let fading = Intervention(kind: .retention, name: "r", start: 1, effects: Effects(churn: .fixed(0.5)), decayHalfLife: 2)
        let s = TestScenarios.single(seg, customers: 50_000, periods: 24,
                                     variants: [Variant(name: "control"), Variant(name: "lasting", interventions: [lasting]),
                                                Variant(name: "fading", interventions: [fading])])
        let r = try await TestScenarios.run(s)
        let alive = r.variants.map { Double($0.aliveAtHorizon[0]) }
        #expect(alive[0] < alive[2] && alive[2] < alive[1])
        // Exact survival with decay: Π_t (1 − θ·(1 − 0.5·0.5^{(t−1)/2})).
        var truth = 1.0
        for t in 1...24 {
            let multiplier: Double = 1 - 0.5 * pow(0.5, Double(t - 1) / 2)
            truth *= 1 - 0.1 * multiplier
        }
        let se = (truth * (1 - truth) / 50_000).squareRoot()
        #expect(abs(alive[2] / 50_000 - truth) < 5 * se)
    }

    @Test func pAliveTargetingPicksTheCustomersWithLowPAlive() async throws {
        // A costless contact (cost 1 per contact, no effect) at month 7 for P(alive) < 0.5 marks
        // who was targeted; an independent re-simulation of each history through month 6 with
        // the same keyed draws and the closed-form P(alive) must select the same customers.
        let (r0, alpha, a, b) = (0.9, 0.8, 0.8, 2.4)
        let seg = Segment(name: "bg", share: 1, purchaseRate: .gamma(shape: r0, rate: alpha),
                          lifetime: .bgnbd(dropout: .beta(a: a, b: b)), spend: .fixed(10), fee: nil)
        let start = 7
        let contact = Intervention(kind: .discount, name: "winback", start: start, end: start,
                                   target: Targeting(pAliveBelow: 0.5), depth: .fixed(0), costs: Costs(perContact: .fixed(1)))
        let s = TestScenarios.single(seg, customers: 20_000, periods: 12,
                                     variants: [Variant(name: "control"), Variant(name: "winback", interventions: [contact])])
        let result = try await TestScenarios.run(s)
        let d = pow(1.0, 1.0 / 12) - 1
        let costAtStart = pow(1 + d, -Double(start))
        let stream = KeyedStream()
        var targeted = 0
        for i in 0..<20_000 {
            let key = CustomerKey(seed: s.seed, replication: 0, customer: i)
            stream.rekey(key, period: 0, purpose: .traits)
            let lambda = stream.gamma(shape: r0, rate: alpha)
            let p = stream.beta(a, b)
            var x = 0, last = 0, alive = true
            for t in 1..<start where alive {
                stream.rekey(key.stream(period: t, purpose: .activity))
                var n = stream.poisson(mean: lambda)
                if n > 0 {
                    let k = stream.geometric(successProbability: p)
                    if k <= n { n = k; alive = false }
                }
                if n > 0 { x += n; last = t }
            }
            // Fader, Hardie & Lee (2005) eq. 13, written out directly.
            let T = Double(start - 1)
            let pAlive = x == 0 ? 1 : 1 / (1 + a / (b + Double(x) - 1) * pow((alpha + T) / (alpha + Double(last)), r0 + Double(x)))
            let expected = alive && pAlive < 0.5
            let cost = result.variants[1].campaignCost[i]
            #expect((cost == costAtStart) == expected, "customer \(i): x = \(x), t_x = \(last), P(alive) = \(pAlive)")
            if expected { targeted += 1 }
        }
        #expect(targeted > 500)
    }

    @Test func inputThatDoesNotEnterAVariantRanksLastWithZeroEffect() async throws {
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "l", start: 3, uptake: .pert(min: 0.2, likely: 0.4, max: 0.6),
                                   effects: Effects(churn: .fixed(0.7)), costs: Costs(perMemberPerPeriod: .fixed(0.3)))
        let perso = Intervention(kind: .personalisation, name: "p", start: 2, effects: Effects(spend: .uniform(low: 1.0, high: 1.2)),
                                 costs: Costs(perCustomerPerPeriod: .fixed(0.1)))
        var s = Self.scenario([Variant(name: "control"), Variant(name: "loyalty", interventions: [loyalty]),
                               Variant(name: "perso", interventions: [perso])], customers: 4000, periods: 12)
        s.economics.margin = .triangular(min: 0.2, mode: 0.3, max: 0.35)
        let analysis = try await SensitivityAnalysis.run(s, customers: 4000)
        let loyaltyRows = try #require(analysis.variants.first { $0.name == "loyalty" }?.rows)
        #expect(loyaltyRows.count == 3)
        #expect(loyaltyRows.last?.input == "p.effects.spend")
        #expect(loyaltyRows.last?.swing == 0)
        #expect(loyaltyRows.first?.swing != 0)
        let persoRows = try #require(analysis.variants.first { $0.name == "perso" }?.rows)
        #expect(persoRows.last?.input == "l.uptake" && persoRows.last?.swing == 0)
    }

    @Test func personalisationScalesTheBasketExactlyAndChargesItsRunningCost() async throws {
        // A spend uplift c on everyone from month 3, no frequency change: same purchases, revenue ×c
        // in every period of the window, and a running cost per live customer per period.
        let c = 1.08
        let perso = Intervention(kind: .personalisation, name: "p", start: 3, effects: Effects(spend: .fixed(c)),
                                 costs: Costs(perCustomerPerPeriod: .fixed(0.25)))
        let seg = Segment(name: "bg", share: 1, purchaseRate: Self.bg.purchaseRate, lifetime: Self.bg.lifetime, spend: Self.bg.spend, fee: nil)
        let r = try await TestScenarios.run(Self.scenario([Variant(name: "control"), Variant(name: "perso", interventions: [perso])],
                                                         customers: 10_000, periods: 12, segments: [seg]))
        let base = r.variants[0].periodTotals[0], v = r.variants[1].periodTotals[0]
        for t in 1...12 {
            #expect(v[t, .purchases] == base[t, .purchases])
            #expect(v[t, .alive] == base[t, .alive])
            let factor = t >= 3 ? c : 1
            #expect(abs(v[t, .revenue] - factor * base[t, .revenue]) <= 1e-12 * base[t, .revenue], "t = \(t)")
            #expect(v[t, .campaignCosts] == (t >= 3 ? 0.25 * base[t, .alive] : 0))
        }
    }

    @Test func loyaltyTiersApplyByCumulativeSpend() async throws {
        // Members reach "gold" after 100 of spend; gold triples the purchase rate, silver changes
        // nothing. Members who never reach gold keep exactly their control purchases.
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "l", start: 1,
                                   tiers: [Tier(name: "silver", minSpend: 0, effects: Effects()),
                                           Tier(name: "gold", minSpend: 100, effects: Effects(purchaseRate: .fixed(3)), rewardRate: .fixed(0.1))])
        let seg = Segment(name: "s", share: 1, purchaseRate: .fixed(1), lifetime: .fixed(periods: 12), spend: .fixed(30), fee: nil)
        var s = TestScenarios.single(seg, customers: 2000, periods: 12, variants: [Variant(name: "control"), Variant(name: "loyal", interventions: [loyalty])])
        s.economics.margin = .fixed(0.5)
        var engine = SimulationEngine(scenario: s, threads: 2)
        engine.recordCustomerDetail = true
        let r = try await engine.run()
        var gold = 0
        for i in 0..<2000 {
            let before = r.variants[0].purchaseCount[i], after = r.variants[1].purchaseCount[i]
            // Spend is 30 a purchase: fewer than 4 purchases in 11 months never reaches 100 in time to matter.
            if r.variants[0].revenue[i] < 100 - 30 { #expect(after == before) } else { gold += 1 }
            #expect(after >= before)
        }
        #expect(gold > 0)
        // Rewards: 10% of gold members' revenue, so campaign costs are positive exactly when someone is gold.
        #expect(r.variants[1].campaignCost.contains { $0 > 0 })
    }

    /// ROI = mean paired CLV difference / mean incremental campaign cost (fixed share included).
    func roi(_ r: SimulationResult) -> Double? {
        let v = r.variants[1], c = r.variants[0]
        let n = r.customers
        var dv = 0.0, cost = 0.0
        for i in 0..<n {
            dv += v.grossCLV[i] - c.grossCLV[i]
            cost += v.campaignCost(replication: 0, customer: i, customers: n) - c.campaignCost(replication: 0, customer: i, customers: n)
        }
        dv -= (v.fixedCostPerCustomer[0] - c.fixedCostPerCustomer[0]) * Double(n)
        return cost > 0 ? dv / cost : nil
    }
}
