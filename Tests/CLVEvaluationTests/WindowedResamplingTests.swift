import Testing
import Stochastic
@testable import CLVEvaluation

/// The windowed quantile bootstrap against the plain one: the same resample read two ways, and
/// the same distribution of replicates.
@Suite("Windowed quantile bootstrap")
struct WindowedResamplingTests {
    /// Paired outcomes with ties (amounts in whole cents, a block of identical values) and a
    /// variant correlated with its baseline, as common random numbers make them.
    static func pairedSample(_ n: Int, seed: UInt64) -> (variant: [Double], baseline: [Double]) {
        let stream = KeyedStream()
        stream.rekey(seed)
        var v: [Double] = [], b: [Double] = []
        for i in 0..<n {
            let x = i % 17 == 0 ? -45 : ((stream.gamma(shape: 1.5, rate: 0.02) - 45) * 100).rounded() / 100
            b.append(x)
            v.append(stream.uniform() < 0.3 ? ((x * 1.1) * 100).rounded() / 100 + 2 : x)
        }
        return (v, b)
    }

    static func replicates(_ v: [Double], _ b: [Double], paired: Bool, probabilities: [Double], resamples: Int, seed: UInt64,
                           windowing: (halfWidth: Int?, minimumCount: Int)) -> [[Double]] {
        QuantileBootstrap.resampledDifferences(QuantileBootstrap.Ranked(v), QuantileBootstrap.Ranked(b), paired: paired,
                                               probabilities: probabilities, settings: BootstrapSettings(resamples: resamples, seed: seed),
                                               chunkSize: 16, windowing: windowing)
    }

    /// Two-sample Kolmogorov–Smirnov statistic, written out here (not CLVEvaluation's).
    static func ksStatistic(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < x.count && j < y.count {
            let t = Swift.min(x[i], y[j])
            while i < x.count && x[i] <= t { i += 1 }
            while j < y.count && y[j] <= t { j += 1 }
            d = Swift.max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    /// Whenever its window holds the quantile, the windowed replicate is bit-identical to the
    /// quantile of the same resample with every observation's count drawn out.
    @Test func windowedReplicateEqualsTheFullResample() {
        let (v, b) = Self.pairedSample(25_000, seed: 3)
        let rv = QuantileBootstrap.Ranked(v), rb = QuantileBootstrap.Ranked(b)
        let partner = rv.order.map { Int32(rb.rank[$0]) }
        let ps = [0.5, 0.1, 0.95]
        let windowed = WindowedResampling(rv, rb, partner: partner, probabilities: ps)!
        let rows = windowed.replicates(seed: 9, resamples: 0..<150)
        for (j, p) in ps.enumerated() {
            let members = windowed.cellMembers(windowed.plans[j])
            for r in 0..<150 {
                let full = windowed.completedPaired(windowed.plans[j], members: members, probability: p, seed: 9, resample: r, j: j)
                #expect(rows[r][j] == full, "p \(p), resample \(r)")
            }
        }
        // Unpaired: each sample on its own.
        let single = WindowedResampling(rv, rb, partner: nil, probabilities: ps)!
        let unpairedRows = single.replicates(seed: 4, resamples: 0..<100)
        for (j, p) in ps.enumerated() {
            for r in 0..<100 {
                let (wv, wb) = single.windows[j]
                let full = single.completedSingle(rv, window: wv, probability: p, seed: 4, resample: r, j: j, side: 0)
                    - single.completedSingle(rb, window: wb, probability: p, seed: 4, resample: r, j: j, side: 1)
                #expect(unpairedRows[r][j] == full, "unpaired p \(p), resample \(r)")
            }
        }
    }

    /// The replicates have the plain bootstrap's distribution (KS at α = 0.001, and the standard
    /// deviation within 10 %), with the normal windows and with windows so small that almost
    /// every resample must be completed in full.
    @Test(arguments: [true, false])
    func windowedReplicatesHaveThePlainBootstrapsDistribution(paired: Bool) {
        let (v, b) = Self.pairedSample(20_000, seed: paired ? 5 : 6)
        let ps = [0.5, 0.1]
        let resamples = 1000
        let plain = Self.replicates(v, b, paired: paired, probabilities: ps, resamples: resamples, seed: 1, windowing: (nil, Int.max))
        let windowed = Self.replicates(v, b, paired: paired, probabilities: ps, resamples: resamples, seed: 2, windowing: (nil, 1000))
        let tiny = Self.replicates(v, b, paired: paired, probabilities: ps, resamples: 400, seed: 3, windowing: (0, 1000))
        func sd(_ x: [Double]) -> Double {
            let m = x.reduce(0, +) / Double(x.count)
            return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
        }
        for j in ps.indices {
            let a = plain[j], w = windowed[j], t = tiny[j]
            #expect(Set(w).count > 20, "replicates vary")
            // Critical values of the two-sample KS statistic at α = 0.001: 1.95·√((m+n)/(m·n)).
            #expect(Self.ksStatistic(a, w) < 1.95 * (2.0 / Double(resamples)).squareRoot(), "p \(ps[j]) windowed")
            #expect(Self.ksStatistic(a, t) < 1.95 * (1.0 / Double(resamples) + 1.0 / 400).squareRoot(), "p \(ps[j]) completed")
            #expect(abs(sd(w) / sd(a) - 1) < 0.1 && abs(sd(t) / sd(a) - 1) < 0.15, "p \(ps[j]) sd \(sd(a)) \(sd(w)) \(sd(t))")
        }
    }

    @Test func windowedResultsDoNotDependOnChunkingOrOtherQuantiles() {
        let (v, b) = Self.pairedSample(20_000, seed: 8)
        let rv = QuantileBootstrap.Ranked(v), rb = QuantileBootstrap.Ranked(b)
        for paired in [true, false] {
            let settings = BootstrapSettings(resamples: 37, seed: 11)
            let run = { (ps: [Double], chunk: Int) in
                QuantileBootstrap.resampledDifferences(rv, rb, paired: paired, probabilities: ps, settings: settings, chunkSize: chunk)
            }
            let both = run([0.25, 0.5], 1)
            #expect(both == run([0.25, 0.5], 64) && both == run([0.25, 0.5], 5))
            #expect(run([0.5], 7)[0] == both[1], "a quantile's replicates do not depend on the others asked for")
            #expect(WindowedResampling(rv, rb, partner: nil, probabilities: [0.5]) != nil, "20,000 observations use windows")
        }
    }
}
