@testable import Stochastic
import Testing
@testable import CLVSimulation

/// `--streaming`: the sketch's relative-error guarantee, exact merging, and a streaming run
/// against the per-customer values of a normal run of the same scenario (issue #7).
@Suite struct StreamingTests {
    /// Values spread over 12 orders of magnitude, both signs, with ties and exact zeros.
    static func sample(_ n: Int, seed: UInt64) -> [Double] {
        let stream = KeyedStream()
        stream.rekey(CustomerKey(seed: seed, replication: 0, customer: 0), period: 0, purpose: .traits)
        return (0..<n).map { i in
            let u = stream.uniform()
            if i % 50 == 0 { return 0 }
            if i % 37 == 0 { return -25 }
            let magnitude = Foundation.exp(-6 + 20 * stream.uniform())
            return u < 0.3 ? -magnitude : magnitude
        }
    }

    @Test func everyValueIsWithinTheRelativeAccuracyOfItsBucket() {
        var previous = Int.min
        var tooFar: [Double] = [], decreasing = 0, asymmetric = 0
        for x in Self.sample(50_000, seed: 3).filter({ $0 > 1e-6 }).sorted() {
            let b = QuantileSketch.bucket(x)
            if abs(QuantileSketch.representative(b) - x) > QuantileSketch.relativeAccuracy * x * (1 + 1e-12) { tooFar.append(x) }
            if b < previous { decreasing += 1 }
            previous = b
            if QuantileSketch.bucket(-x) != 2 * QuantileSketch.zeroIndex - b { asymmetric += 1 }
        }
        #expect(tooFar.isEmpty, "values farther than α from their bucket's representative: \(tooFar.prefix(5))")
        #expect(decreasing == 0 && asymmetric == 0)
        #expect(QuantileSketch.bucket(0) == QuantileSketch.zeroIndex && QuantileSketch.bucket(1e-9) == QuantileSketch.zeroIndex)
        #expect(QuantileSketch.bucket(1e300) == QuantileSketch.bucketCount - 1)
    }

    @Test func quantilesAreWithinTheGuaranteeOfTheExactOnes() {
        let values = Self.sample(200_000, seed: 11)
        var sketch = QuantileSketch()
        for x in values { sketch.add(x) }
        let sorted = values.sorted()
        for q in [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0] {
            let exact = Quantile.ofSorted(sorted, q), approx = sketch.quantile(q)
            // Type 7 interpolates two order statistics, each within α of its own value.
            let lo = sorted[Int((Double(sorted.count - 1) * q).rounded(.down))]
            let hi = sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded(.down)) + 1)]
            let bound = QuantileSketch.relativeAccuracy * max(abs(lo), abs(hi)) + 1e-9
            #expect(abs(approx - exact) <= bound, "q = \(q): \(approx) vs \(exact)")
        }
        let k = UInt64((Double(values.count) * 0.1).rounded(.up))
        let exactTop = sorted.suffix(Int(k)).reduce(0, +)
        #expect(abs(sketch.sumOfLargest(k) - exactTop) <= QuantileSketch.relativeAccuracy * exactTop)
    }

    @Test func mergingIsExactInAnyOrder() {
        let values = Self.sample(30_000, seed: 5)
        var whole = QuantileSketch()
        for x in values { whole.add(x) }
        var parts = [QuantileSketch](repeating: QuantileSketch(), count: 3)
        for (i, x) in values.enumerated() { parts[i % 3].add(x) }
        var forward = QuantileSketch(), backward = QuantileSketch()
        for p in parts { forward.merge(p) }
        for p in parts.reversed() { backward.merge(p) }
        #expect(forward == whole && backward == whole)

        var a = ExactSum(), b = ExactSum()
        for x in values { a.add(x) }
        for x in values.reversed() { b.add(x) }
        #expect(a == b)
        // Each addend is rounded to 2⁻³², so the sum is within n·2⁻³³ of the true one.
        let kahan = values.reduce(into: (0.0, 0.0)) { s, x in let y = x - s.1; let t = s.0 + y; s.1 = (t - s.0) - y; s.0 = t }.0
        #expect(abs(a.value - kahan) <= Double(values.count) * 0x1p-33 + 1e-9 * abs(kahan))
    }

    static func campaignScenario() -> Scenario {
        let loyalty = Intervention(kind: .loyaltyProgramme, name: "club", start: 3, target: Targeting(segments: ["bg"], share: 0.7),
                                   uptake: .fixed(0.4), effects: Effects(purchaseRate: .fixed(1.2), churn: .fixed(0.8)),
                                   costs: Costs(perContact: .fixed(0.3), perMemberPerPeriod: .fixed(0.4), rewardRate: .fixed(0.02), fixed: .fixed(2000)))
        let discount = Intervention(kind: .discount, name: "promo", start: 5, end: 7, target: Targeting(topPercent: 30),
                                    effects: Effects(purchaseRate: .fixed(1.4)), depth: .fixed(0.15))
        var s = ReproducibilityTests.mixedScenario(variants: [Variant(name: "control"), Variant(name: "club", interventions: [loyalty]),
                                                              Variant(name: "promo", interventions: [discount])])
        s.economics.acquisitionCost = .uniform(low: 30, high: 60)
        return s
    }

    /// Moments, tallies and totals of a streaming run equal those of the values of a normal run.
    @Test func streamingAgreesWithTheValuesOfANormalRun() async throws {
        let s = Self.campaignScenario()
        let normal = try await SimulationEngine(scenario: s, threads: 2).run()
        let streaming = try await SimulationEngine(scenario: s, threads: 3).runStreaming()
        let n = normal.customers
        func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-10) -> Bool { abs(a - b) <= tolerance * max(1, abs(a), abs(b)) }
        for (v, outcome) in normal.variants.enumerated() {
            let st = streaming.variants[v]
            for r in 0..<normal.replications {
                let values = (0..<n).map { outcome.grossCLV[r * n + $0] - outcome.fixedCostPerCustomer[r] }
                var exact = RunningMoments()
                for x in values { exact.add(x) }
                let m = st.gross(replication: r)
                #expect(m.count == n)
                #expect(close(m.mean, exact.mean) && close(m.variance, exact.variance), "variant \(v) replication \(r)")
                if v > 0 {
                    let base = normal.variants[0]
                    var d = RunningMoments()
                    for i in 0..<n { d.add(values[i] - (base.grossCLV[r * n + i] - base.fixedCostPerCustomer[r])) }
                    #expect(close(st.differenceFromBaseline[r].meanX, d.mean) && close(st.differenceFromBaseline[r].x.variance, d.variance))
                }
                #expect(close(st.periodTotals[r].total(.revenue), outcome.periodTotals[r].total(.revenue), 1e-12))
                #expect(close(st.periodTotals[r].total(.discountedCashFlow), outcome.periodTotals[r].total(.discountedCashFlow), 1e-12))
                #expect(st.aliveAtHorizon[r] == outcome.aliveAtHorizon[r])
            }
            let negatives = (0..<(n * normal.replications)).filter { outcome.grossCLV[$0] - outcome.fixedCostPerCustomer[$0 / n] < 0 }.count
            #expect(st.negativeGross.reduce(0, +) == negatives)
            let payback = (0...normal.periods).map { t in outcome.paybackPeriod.filter { $0 == t }.count }
            #expect((0...normal.periods).map { t in st.paybackCounts.reduce(0) { $0 + $1[t] } } == payback)
            // The sketch holds every customer, and its median is within 0.5 % of the exact one.
            var all = (0..<(n * normal.replications)).map { outcome.grossCLV[$0] - outcome.fixedCostPerCustomer[$0 / n] }
            all.sort()
            var sketch = QuantileSketch()
            for g in st.grossSketch { sketch.merge(g) }
            #expect(sketch.count == UInt64(all.count))
            #expect(abs(sketch.quantile(0.5) - Quantile.ofSorted(all, 0.5)) <= QuantileSketch.relativeAccuracy * abs(Quantile.ofSorted(all, 0.5)) + 1e-6)
            #expect(sketch.minimum == all.first && sketch.maximum == all.last)
        }
    }

    /// Streaming results are the same bits for any thread count and for shards merged in any order.
    @Test func streamingIsBitIdenticalAcrossThreadsAndShards() async throws {
        let s = Self.campaignScenario()
        let reference = try await SimulationEngine(scenario: s, threads: 1).runStreaming()
        func fingerprint(_ r: StreamingResult) -> [String] {
            r.variants.map { v in
                "\(v.gross) \(v.campaignCost) \(v.differenceFromBaseline) \(v.periodTotals) \(v.segmentPeriodTotals) \(v.aliveAtHorizon) "
                    + "\(v.grossSketch.map(\.counts)) \(v.netSketch.counts) \(v.negativeGross) \(v.negativeNet) \(v.paybackCounts)"
            }
        }
        let threads = try await SimulationEngine(scenario: s, threads: 4).runStreaming()
        #expect(fingerprint(threads) == fingerprint(reference))
        for count in [3, 9] {
            var parts: [SimulationPartial] = []
            for i in [Int](1...count).shuffled() {
                let part = try await SimulationEngine(scenario: s, threads: 2).runShard(Shard(index: i, count: count), streaming: true)
                parts.append(try SimulationPartial(data: part.encoded(), source: "part \(i)"))
            }
            #expect(fingerprint(try SimulationEngine.mergeStreaming(parts)) == fingerprint(reference), "\(count) shards")
        }
        let values = try await SimulationEngine(scenario: s).runShard(Shard(index: 1, count: 2))
        let streamed = try await SimulationEngine(scenario: s).runShard(Shard(index: 2, count: 2), streaming: true)
        #expect(throws: MergeError.self) { try SimulationEngine.mergeStreaming([values, streamed]) }
    }
}

import Foundation
