import Testing
@testable import CLVSimulation
@testable import Stochastic

/// The engine's shortcuts around the samplers must give the samplers' own draws.
struct EngineDrawTests {
    /// `firstPoissonDraw` (first-uniform inversion, stream keyed only when there are purchases,
    /// the CDF table kept across calls while the mean repeats) against `rekey` + `poisson(mean:)`: the same count, and the
    /// stream left where the sampler leaves it whenever the engine draws on from it.
    @Test func firstPoissonDrawIsTheStreamsPoissonDraw() {
        let reference = KeyedStream(), engine = KeyedStream(), pick = KeyedStream()
        pick.rekey(0x70155)
        var means: [Double] = [0, -1, 1e-300, 1e-9, 0.3, 1.1, 7.5, 29.999, 30, 30.0.nextUp, 31, 250]
        for _ in 0..<60 { means.append(35 * pick.uniform()) }
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: PoissonTable.capacity)
        defer { storage.deallocate() }
        var table = PoissonTable(mean: .nan, storage: storage)
        var positives = 0
        for i in 0..<60_000 {
            // A mean repeated for a while and then changed, as a customer's multiplied rate is.
            let mean = means[(i / 7) % means.count]
            let key = CustomerKey(seed: 11, replication: i % 3, customer: i).stream(period: 1 + i % 36, purpose: .traits)
            reference.rekey(key)
            let expected = reference.poisson(mean: mean)
            let k = firstPoissonDraw(mean: mean, key: key, stream: engine, table: &table)
            #expect(k == expected, "mean \(mean), key \(key)")
            if expected > 0 {
                positives += 1
                for _ in 0..<3 { #expect(engine.next() == reference.next()) }
            }
        }
        #expect(positives > 20_000)
    }

    @Test func nextDecisionFindsStartsAndRetentionRecontacts() {
        func compiled(_ kind: CompiledIntervention.Kind, start: Int, end: Int, every: Int) -> CompiledIntervention {
            CompiledIntervention(kind: kind, nameKey: 0, start: start, end: end, every: every, halfLife: 0, segmentMask: ~0, share: 1,
                                 pAliveBelow: -1, recencyAtLeast: 0, frequencyAtLeast: 0, tenureAtLeast: -1, valueThreshold: -.infinity, topPercent: 0, uptake: 1, rate: 1, churn: 1,
                                 spend: 1, priceFactor: 1, dipPeriods: 0, dipRate: 1, tierStart: 0, tierCount: 0, perContact: 0,
                                 perMember: 0, rewardRate: 0, perCustomerPerPeriod: 0, fixed: 0)
        }
        let ivs = [compiled(.retention, start: 4, end: 16, every: 3), compiled(.discount, start: 9, end: 10, every: 0)]
        let state = UnsafeMutablePointer<InterventionState>.allocate(capacity: 2)
        defer { state.deallocate() }
        state.initialize(repeating: InterventionState(), count: 2)
        let context = UnsafeMutablePointer<CustomerContext>.allocate(capacity: 1)
        context.initialize(to: CustomerContext(segment: 0, pAliveModel: nil, valueScorer: nil, key: CustomerKey(seed: 0, replication: 0, customer: 0)))
        defer { context.deinitialize(count: 1); context.deallocate() }
        let reach = UnsafeMutablePointer<Double>.allocate(capacity: 2 * 5)
        reach.initialize(repeating: 0, count: 2 * 5)
        defer { reach.deallocate() }
        ivs.withUnsafeBufferPointer { buffer in
            let schedule = InterventionSchedule(interventions: buffer, tiers: UnsafeBufferPointer(start: nil, count: 0), state: state,
                                                context: context, stream: KeyedStream(), replay: nil, reach: reach)
            // The brute-force definition: the period loop's contact rule, period by period.
            func bruteForce(_ t: Int) -> Int {
                for u in t...24 {
                    for (j, iv) in ivs.enumerated() where state[j].status != .notTargeted {
                        if u == iv.start || (iv.kind == .retention && iv.every > 0 && u > iv.start && u <= iv.end && (u - iv.start) % iv.every == 0) { return u }
                    }
                }
                return 25
            }
            for statuses in [(InterventionState.Status.undecided, InterventionState.Status.undecided), (.declined, .notTargeted),
                             (.notTargeted, .undecided), (.notTargeted, .notTargeted), (.declined, .declined)] {
                state[0].status = statuses.0
                state[1].status = statuses.1
                for t in 1...24 {
                    #expect(schedule.nextDecision(after: t, periods: 24) == bruteForce(t), "t \(t), \(statuses)")
                }
            }
        }
    }
}
