import Testing
@testable import CLVSimulation

/// The path without interventions is the general path specialised (``NoInterventions``): these
/// tests run the general routine (``InterventionSchedule`` with no interventions, caches rebuilt
/// lazily) on the same customers and demand the same bits, customer by customer.
@Suite struct FastPathTests {
    /// Two segments of one lifetime model: Gamma-Gamma and fixed spend, fees, a rate above the
    /// Poisson inversion's limit of 30 (GSL's sampler) and a pure subscription without purchases.
    static func scenario(_ model: String) -> Scenario {
        let segments: [Segment]
        switch model {
        case "bgnbd":
            segments = [
                Segment(name: "a", share: 0.7, purchaseRate: .gamma(shape: 0.9, rate: 0.8), lifetime: .bgnbd(dropout: .beta(a: 0.8, b: 2.4)),
                        spend: .gammaGamma(p: 6.25, q: 3.74, gamma: 15.44), fee: nil),
                Segment(name: "b", share: 0.3, purchaseRate: .fixed(35), lifetime: .bgnbd(dropout: .fixed(0.02)), spend: .fixed(12), fee: 2.5),
            ]
        case "paretonbd":
            segments = [
                Segment(name: "a", share: 0.6, purchaseRate: .gamma(shape: 0.5, rate: 1.5), lifetime: .paretonbd(dropout: .gamma(shape: 0.6, rate: 12)),
                        spend: .gammaGamma(p: 4, q: 5, gamma: 30), fee: nil),
                Segment(name: "b", share: 0.4, purchaseRate: .fixed(32), lifetime: .paretonbd(dropout: .fixed(0.08)), spend: .fixed(20), fee: 1),
            ]
        case "contractual":
            segments = [
                Segment(name: "a", share: 0.5, purchaseRate: nil, lifetime: .contractual(churn: .beta(a: 1.2, b: 6)), spend: nil, fee: 9.9),
                Segment(name: "b", share: 0.5, purchaseRate: .gamma(shape: 2, rate: 1), lifetime: .contractual(churn: .fixed(0.1)),
                        spend: .gammaGamma(p: 6.25, q: 3.74, gamma: 15.44), fee: 4),
            ]
        default:
            segments = [
                Segment(name: "a", share: 0.5, purchaseRate: .fixed(0.5), lifetime: .fixed(periods: 12), spend: .fixed(40), fee: nil),
                Segment(name: "b", share: 0.5, purchaseRate: .gamma(shape: 0.9, rate: 0.8), lifetime: .fixed(periods: 30),
                        spend: .gammaGamma(p: 6.25, q: 3.74, gamma: 15.44), fee: 3),
            ]
        }
        return Scenario(name: model, seed: 17, horizon: Horizon(periods: 24, period: .month), replications: 2,
                        population: Population(customers: 9_001, segments: segments),
                        economics: Economics(currency: "EUR", margin: .fixed(0.3), costToServe: .fixed(1),
                                             acquisitionCost: .fixed(45), annualDiscountRate: .fixed(0.1)),
                        variants: [Variant(name: "control")])
    }

    /// Every customer's outcome (CLV, campaign cost, revenue, payback, purchases, last purchase,
    /// last live period, alive) as bit patterns, then every chunk's period sums, from the engine's
    /// chunk loop on one worker.
    static func fingerprint(_ s: Scenario, generalPathOnly: Bool) throws -> [UInt64] {
        var engine = SimulationEngine(scenario: s, threads: 1)
        engine.generalPathOnly = generalPathOnly
        let plan = RunPlan(engine: engine, thresholds: nil)
        let work = ChunkSimulation(engine: engine, run: plan, firstCustomer: 0)
        let sink = RecordingSink(plan)
        let worker = WorkerScratch(plan, firstActive: work.firstActive)
        for item in 0..<plan.workItems { _ = work.simulateChunk(item, local: item, into: sink, worker: worker) }
        return sink.bits
    }

    @Test(arguments: ["bgnbd", "paretonbd", "contractual", "fixed"])
    func fastPathEqualsGeneralPathCustomerByCustomer(model: String) throws {
        let s = Self.scenario(model)
        let fast = try Self.fingerprint(s, generalPathOnly: false)
        let general = try Self.fingerprint(s, generalPathOnly: true)
        #expect(fast.count == general.count && fast.count > 2 * 9_001 * 8)
        #expect(firstDifference(fast, general) == nil, "\(model)")
    }

    /// The same through the whole engine, in memory and streaming, with a control recording its
    /// path for a second variant: every value the results expose.
    @Test func fastPathEqualsGeneralPathThroughTheEngine() async throws {
        let s = ReproducibilityTests.mixedScenario(variants: [Variant(name: "control"), Variant(name: "twin")])
        func run(_ general: Bool) async throws -> ([[UInt64]], StreamingResult) {
            var engine = SimulationEngine(scenario: s, threads: 2)
            engine.generalPathOnly = general
            engine.recordCustomerDetail = true
            let r = try await engine.run()
            let values = r.variants.map { v in
                (v.grossCLV + v.revenue + v.periodTotals.flatMap(\.values) + v.segmentPeriodTotals.flatMap(\.values)).map(\.bitPattern)
                    + (v.paybackPeriod + v.purchaseCount + v.lastPurchasePeriod).map { UInt64(bitPattern: Int64($0)) }
                    + v.aliveAtEnd.map { $0 ? 1 : 0 } + v.aliveAtHorizon.map { UInt64($0) }
            }
            engine.recordCustomerDetail = false
            return (values, try await engine.runStreaming())
        }
        let (fast, fastStreaming) = try await run(false)
        let (general, generalStreaming) = try await run(true)
        for (v, (a, b)) in zip(fast, general).enumerated() { #expect(firstDifference(a, b) == nil, "variant \(v)") }
        for (a, b) in zip(fastStreaming.variants, generalStreaming.variants) {
            let moments = { (o: StreamingVariantOutcome) in (o.gross + o.campaignCost).flatMap { $0.map(\.mean.bitPattern) } }
            #expect(firstDifference(moments(a), moments(b)) == nil, "streaming moments, \(a.name)")
            #expect(a.periodTotals == b.periodTotals && a.aliveAtHorizon == b.aliveAtHorizon && a.negativeGross == b.negativeGross)
        }
    }
}

/// The first index at which two bit sequences differ (or one ends), nil when they are equal:
/// a short failure message instead of two long arrays.
private func firstDifference(_ a: [UInt64], _ b: [UInt64]) -> Int? {
    a.count == b.count ? a.indices.first { a[$0] != b[$0] } : min(a.count, b.count)
}

/// A sink that keeps every outcome's bits and every chunk's period sums, in the order given.
private final class RecordingSink: OutcomeSink {
    var recordsReach: Bool { false }
    var bits: [UInt64] = []
    let count: Int
    let variants: Int
    let sums: UnsafeMutablePointer<Double>
    let alive: UnsafeMutablePointer<Int>

    init(_ run: RunPlan) {
        count = run.totalsPerChunk
        variants = run.variantCount
        sums = .allocate(capacity: count)
        alive = .allocate(capacity: variants)
    }

    deinit { sums.deallocate(); alive.deallocate() }

    func beginChunk(_ local: Int, replication r: Int) -> ChunkTotals {
        sums.initialize(repeating: 0, count: count)
        alive.initialize(repeating: 0, count: variants)
        return ChunkTotals(sums: sums, alive: alive)
    }

    func record(_ out: CustomerOutcome, customer: Int, variant v: Int, segment: Int) {
        bits += [out.clv.bitPattern, out.campaignCost.bitPattern, out.revenue.bitPattern, out.alive ? 1 : 0,
                 UInt64(out.payback), UInt64(out.purchases), UInt64(out.lastPurchase), UInt64(out.lastLivePeriod)]
    }

    func endChunk(_ totals: ChunkTotals, replication r: Int) {
        bits += UnsafeBufferPointer(start: sums, count: count).map(\.bitPattern)
        bits += UnsafeBufferPointer(start: alive, count: variants).map { UInt64($0) }
    }

    func finish() {}
}
