import Testing
@testable import CLVSimulation

/// DESIGN.md §4 consequences: same seed ⇒ bit-identical results for any thread count and any
/// scheduling; variants without interventions reproduce control customer by customer.
@Suite struct ReproducibilityTests {
    static func mixedScenario(seed: UInt64 = 99, variants: [Variant] = [Variant(name: "control")]) -> Scenario {
        let segments = [
            Segment(name: "bg", share: 0.4, purchaseRate: .gamma(shape: 0.9, rate: 0.8),
                    lifetime: .bgnbd(dropout: .beta(a: 0.8, b: 2.4)), spend: .gammaGamma(p: 6.25, q: 3.74, gamma: 15.44), fee: nil),
            Segment(name: "pareto", share: 0.3, purchaseRate: .gamma(shape: 0.5, rate: 1.5),
                    lifetime: .paretonbd(dropout: .gamma(shape: 0.6, rate: 12)), spend: .fixed(20), fee: nil),
            Segment(name: "sub", share: 0.2, purchaseRate: nil, lifetime: .contractual(churn: .beta(a: 1.2, b: 6)), spend: nil, fee: 9.9),
            Segment(name: "fixed", share: 0.1, purchaseRate: .fixed(0.5), lifetime: .fixed(periods: 12), spend: .fixed(40), fee: nil),
        ]
        return Scenario(name: "mixed", seed: seed, horizon: Horizon(periods: 24, period: .month), replications: 3,
                        population: Population(customers: 30_001, segments: segments),
                        economics: Economics(currency: "EUR", margin: .fixed(0.3), costToServe: .fixed(1),
                                             acquisitionCost: .fixed(45), annualDiscountRate: .fixed(0.1)),
                        variants: variants)
    }

    static func fingerprint(_ r: SimulationResult) -> [[Double]] {
        r.variants.map { v in v.grossCLV + v.periodTotals.flatMap(\.values) + v.aliveAtHorizon.map(Double.init) }
    }

    @Test func bitIdenticalForAnyThreadCountAndScheduling() async throws {
        let s = Self.mixedScenario()
        let one = try await SimulationEngine(scenario: s, threads: 1).run()
        let reference = Self.fingerprint(one)
        for threads in [2, 4, 7] {
            let r = try await SimulationEngine(scenario: s, threads: threads).run()
            #expect(Self.fingerprint(r) == reference, "threads = \(threads)")
        }
        var reversed = SimulationEngine(scenario: s, threads: 3)
        reversed.scheduling = .reversed
        #expect(Self.fingerprint(try await reversed.run()) == reference, "reversed chunk order")
    }

    /// Shards of any count (including more shards than chunks, so some are empty), merged in any
    /// order and through the file format, give the single run bit for bit.
    @Test func shardsMergeToTheSingleRun() async throws {
        let s = Self.mixedScenario(variants: [Variant(name: "control"), Variant(name: "twin")])
        let single = try await SimulationEngine(scenario: s, threads: 2).run()
        let reference = Self.fingerprint(single) + [single.variants.flatMap { $0.paybackPeriod.map(Double.init) }]
        for count in [1, 3, 7, 40] {
            var parts: [SimulationPartial] = []
            for i in (1...count).reversed() {
                let part = try await SimulationEngine(scenario: s, threads: 1 + i % 3).runShard(Shard(index: i, count: count))
                parts.append(try SimulationPartial(data: part.encoded(), source: "part \(i)"))
            }
            let merged = try SimulationEngine.merge(parts)
            #expect(Self.fingerprint(merged) + [merged.variants.flatMap { $0.paybackPeriod.map(Double.init) }] == reference, "\(count) shards")
            #expect(merged.variants.map(\.segmentPeriodTotals) == single.variants.map(\.segmentPeriodTotals))
        }
        let three = try await (1...3).asyncMap { try await SimulationEngine(scenario: s).runShard(Shard(index: $0, count: 3)) }
        #expect(throws: MergeError.missing([2], 3)) { try SimulationEngine.merge([three[0], three[2]]) }
        #expect(Shard(parsing: "0/3") == nil && Shard(parsing: "4/3") == nil && Shard(parsing: "2") == nil && Shard(parsing: "2/3") == Shard(index: 2, count: 3))
    }

    /// Variants after an untouched control replay its draws and start from its state at their
    /// first intervention; each must still equal the variant simulated on its own, bit for bit.
    @Test func replayedVariantsEqualThemselvesSimulatedAlone() async throws {
        var s = StreamingTests.campaignScenario()
        s.variants.append(Variant(name: "twin"))
        // Re-contacts every 3 periods (customers who decline are asked again, so a replayed path
        // skips ahead between decisions after paying a contact), on all four lifetime models,
        // and a post-promotion dip after which the multipliers are 1 again.
        let save = Intervention(kind: .retention, name: "save", start: 4, end: 16, every: 3, target: Targeting(recencyAtLeast: 2),
                                uptake: .fixed(0.3), effects: Effects(purchaseRate: .fixed(1.1), churn: .fixed(0.7)),
                                decayHalfLife: 3, costs: Costs(perContact: .fixed(0.5)))
        let flash = Intervention(kind: .discount, name: "flash", start: 9, end: 10, target: Targeting(share: 0.5),
                                 effects: Effects(purchaseRate: .fixed(1.3)), depth: .fixed(0.2),
                                 postPromotionDip: PostPromotionDip(periods: 2, purchaseRate: .fixed(0.9)), costs: Costs(perContact: .fixed(0.1)))
        // Effects that end (no decay): from period 9 the multipliers are 1 again, so BG/NBD,
        // sBG and fixed paths replay the baseline where it was live, but a Pareto/NBD path whose
        // hazard budget the churn effect changed must not.
        let call = Intervention(kind: .retention, name: "call", start: 3, end: 8, every: 2, target: Targeting(share: 0.8),
                                uptake: .fixed(0.5), effects: Effects(purchaseRate: .fixed(1.2), churn: .fixed(0.6)))
        s.variants.append(Variant(name: "save", interventions: [save]))
        s.variants.append(Variant(name: "call", interventions: [call]))
        s.variants.append(Variant(name: "save+flash", interventions: [save, flash]))
        let together = try await SimulationEngine(scenario: s, threads: 2).run()
        for v in 1..<s.variants.count {
            var alone = s
            alone.variants = [s.variants[v]]
            let single = try await SimulationEngine(scenario: alone, threads: 3).run()
            let a = together.variants[v], b = single.variants[0]
            #expect(a.grossCLV == b.grossCLV && a.paybackPeriod == b.paybackPeriod, "\(s.variants[v].name)")
            #expect(a.campaignCost == b.campaignCost || (a.campaignCost.allSatisfy { $0 == 0 } && b.campaignCost.isEmpty))
            #expect(a.periodTotals == b.periodTotals && a.segmentPeriodTotals == b.segmentPeriodTotals && a.aliveAtHorizon == b.aliveAtHorizon)
        }
    }

    /// Two books of the same money: each customer's CLV is the sum of its discounted period
    /// cash flows, so per variant and replication the CLVs (less the fixed costs shared out) add
    /// up to the discounted-cash-flow column of the period totals — whichever path (fast,
    /// general, replayed in bulk) produced them.
    @Test func customerValuesAddUpToThePeriodTotals() async throws {
        var s = StreamingTests.campaignScenario()
        s.variants.append(Variant(name: "call", interventions: [
            Intervention(kind: .retention, name: "call", start: 3, end: 8, every: 2, target: Targeting(share: 0.8),
                         uptake: .fixed(0.5), effects: Effects(purchaseRate: .fixed(1.2), churn: .fixed(0.6)), costs: Costs(perContact: .fixed(0.5))),
        ]))
        let r = try await SimulationEngine(scenario: s, threads: 2).run()
        let n = r.customers
        for (v, outcome) in r.variants.enumerated() {
            for rep in 0..<r.replications {
                let values = outcome.grossCLV(replication: rep, customers: n)
                let fromCustomers = values.reduce(0, +) - outcome.fixedCostPerCustomer[rep] * Double(n)
                let fromPeriods = outcome.periodTotals[rep].total(.discountedCashFlow)
                #expect(abs(fromCustomers - fromPeriods) <= 1e-9 * values.reduce(0) { $0 + abs($1) }, "variant \(v), replication \(rep)")
            }
        }
    }

    @Test func aChangedSeedChangesResults() async throws {
        let a = try await SimulationEngine(scenario: Self.mixedScenario(seed: 1), threads: 2).run()
        let b = try await SimulationEngine(scenario: Self.mixedScenario(seed: 2), threads: 2).run()
        #expect(a.variants[0].grossCLV != b.variants[0].grossCLV)
        #expect(a.variants[0].grossCLV.reduce(0, +) != b.variants[0].grossCLV.reduce(0, +))
    }

    @Test func variantWithoutInterventionsEqualsControlCustomerByCustomer() async throws {
        let s = Self.mixedScenario(variants: [Variant(name: "control"), Variant(name: "copy")])
        let r = try await SimulationEngine(scenario: s, threads: 2).run()
        #expect(r.variants[0].grossCLV == r.variants[1].grossCLV)
        #expect(r.variants[0].periodTotals == r.variants[1].periodTotals)
    }

    @Test func replicationsDrawDifferentCustomers() async throws {
        let r = try await SimulationEngine(scenario: Self.mixedScenario(), threads: 2).run()
        let n = r.customers
        #expect(Array(r.variants[0].grossCLV(replication: 0, customers: n)) != Array(r.variants[0].grossCLV(replication: 1, customers: n)))
    }

    @Test func segmentSizesFollowSharesExactly() {
        let layout = PopulationLayout(customers: 30_001, shares: [0.4, 0.3, 0.2, 0.1])
        #expect(layout.ranges.map(\.count) == [12_001, 9_000, 6_000, 3_000])
        #expect(layout.customers == 30_001)
        #expect(layout.segment(of: 12_000) == 0 && layout.segment(of: 12_001) == 1 && layout.segment(of: 30_000) == 3)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
