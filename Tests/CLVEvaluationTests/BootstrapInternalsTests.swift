import Testing
import Stochastic
@testable import CLVEvaluation

/// The O(n) shortcuts of QuantileBootstrap checked against brute force written the obvious way.
@Suite("Bootstrap internals against brute force")
struct BootstrapInternalsTests {
    let data: [Double] = [4.0, -1.5, 9.25, 4.0, 0.5, 7.0, 3.0, 12.5, 4.0, 2.25, 6.0]

    @Test func leaveOneOutQuantilesEqualRecomputation() {
        let ranked = QuantileBootstrap.Ranked(data)
        for p in [0.0, 0.1, 0.25, 0.5, 0.77, 0.9, 1.0] {
            let fast = QuantileBootstrap.leaveOneOut(sorted: ranked.sorted, p)
            for i in data.indices {
                var rest = data
                rest.remove(at: i)
                let slow = Quantile.ofSorted(rest.sorted(), p)
                // Same order statistics and weights: identical doubles.
                #expect(fast[ranked.rank[i]] == slow, "p = \(p), i = \(i)")
            }
        }
    }

    @Test func quantilesFromCountsEqualQuantilesOfTheExpandedResample() {
        let ranked = QuantileBootstrap.Ranked(data)
        let stream = KeyedStream()
        let ps = [0.5, 0.01, 0.99, 0.25, 0.75]
        for r in 0..<50 {
            stream.rekey(CustomerKey(seed: 7, replication: r, customer: 0), period: 0, purpose: QuantileBootstrap.purpose)
            var counts = [UInt16](repeating: 0, count: data.count)
            var expanded: [Double] = []
            for _ in data.indices {
                let i = QuantileBootstrap.index(stream, data.count)
                counts[ranked.rank[i]] += 1
                expanded.append(data[i])
            }
            let fast = QuantileBootstrap.quantiles(sorted: ranked.sorted, counts: counts, probabilities: ps)
            let sorted = expanded.sorted()
            for (j, p) in ps.enumerated() { #expect(fast[j] == Quantile.ofSorted(sorted, p)) }
        }
    }

    @Test func bootstrapIsReproducibleAndSeedDependent() throws {
        let v = data.map { $0 * 1.1 + 0.3 }
        let a = try QuantileBootstrap.differences(variant: v, baseline: data, paired: true, probabilities: [0.5, 0.9], settings: .init(resamples: 200, seed: 42))
        let b = try QuantileBootstrap.differences(variant: v, baseline: data, paired: true, probabilities: [0.5, 0.9], settings: .init(resamples: 200, seed: 42))
        let c = try QuantileBootstrap.differences(variant: v, baseline: data, paired: true, probabilities: [0.5, 0.9], settings: .init(resamples: 200, seed: 43))
        #expect(a == b)
        #expect(a != c)
        // Asking for one quantile gives the same interval as asking for it among others: the
        // resamples depend only on (seed, resample index).
        let single = try QuantileBootstrap.differences(variant: v, baseline: data, paired: true, probabilities: [0.9], settings: .init(resamples: 200, seed: 42))
        #expect(single[0] == a[1])
    }

    @Test func resultsDoNotDependOnChunkingOrThreads() throws {
        let v = data.map { $0 * 0.9 + 1 }
        let settings = BootstrapSettings(resamples: 101, seed: 5)
        for paired in [true, false] {
            let one = try QuantileBootstrap.differences(variant: v, baseline: data, paired: paired, probabilities: [0.25, 0.5], settings: settings, chunkSize: 1)
            let many = try QuantileBootstrap.differences(variant: v, baseline: data, paired: paired, probabilities: [0.25, 0.5], settings: settings, chunkSize: 200)
            let odd = try QuantileBootstrap.differences(variant: v, baseline: data, paired: paired, probabilities: [0.25, 0.5], settings: settings, chunkSize: 7)
            #expect(one == many && many == odd)
        }
    }
}
