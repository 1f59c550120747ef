import Foundation
import Testing
@testable import Stochastic

/// Sampler moments against their closed forms. Each tolerance is a number of Monte Carlo
/// standard errors of the sample mean (5 SE: a false alarm about once in 1.7 million runs).
@Suite struct KeyedStreamTests {
    let n = 200_000

    func sampleMoments(_ draw: (KeyedStream) -> Double) -> RunningMoments {
        let stream = KeyedStream()
        var m = RunningMoments()
        let key = CustomerKey(seed: 7, replication: 0, customer: 0)
        for i in 0..<n {
            stream.rekey(key, period: i, purpose: DrawPurpose(rawValue: 3))
            m.add(draw(stream))
        }
        return m
    }

    func expectMean(_ m: RunningMoments, _ truth: Double, variance: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let se = (variance / Double(m.count)).squareRoot()
        #expect(abs(m.mean - truth) < 5 * se, "mean \(m.mean) vs \(truth) (SE \(se))", sourceLocation: sourceLocation)
        // Sample variance: its SE is roughly var·sqrt(2/n) for light tails; allow 10%.
        #expect(abs(m.variance - variance) < 0.1 * variance, "variance \(m.variance) vs \(variance)", sourceLocation: sourceLocation)
    }

    @Test func uniformIsOpenAndCentred() {
        let m = sampleMoments { $0.uniform() }
        expectMean(m, 0.5, variance: 1.0 / 12)
    }

    @Test func gammaShapeRate() {
        // Gamma(shape 0.9, rate 0.8): mean 1.125, variance 1.40625.
        let m = sampleMoments { $0.gamma(shape: 0.9, rate: 0.8) }
        expectMean(m, 0.9 / 0.8, variance: 0.9 / 0.64)
    }

    @Test func betaMoments() {
        let a = 0.8, b = 2.4
        let m = sampleMoments { $0.beta(a, b) }
        expectMean(m, a / (a + b), variance: a * b / ((a + b) * (a + b) * (a + b + 1)))
    }

    @Test(arguments: [0.05, 1.3, 12.0, 80.0])
    func poissonMoments(mean: Double) {
        let m = sampleMoments { Double($0.poisson(mean: mean)) }
        expectMean(m, mean, variance: mean)
    }

    @Test func geometricMoments() {
        let p = 0.3
        let m = sampleMoments { Double($0.geometric(successProbability: p)) }
        expectMean(m, 1 / p, variance: (1 - p) / (p * p))
    }

    @Test func exponentialMoments() {
        let m = sampleMoments { $0.exponential(rate: 2) }
        expectMean(m, 0.5, variance: 0.25)
    }

    @Test func sameKeySameDrawsDifferentKeyDifferentDraws() {
        let s = KeyedStream()
        let k = CustomerKey(seed: 1, replication: 2, customer: 3)
        s.rekey(k, period: 4, purpose: DrawPurpose(rawValue: 5))
        let a = (0..<4).map { _ in s.next() }
        s.rekey(k, period: 4, purpose: DrawPurpose(rawValue: 5))
        let b = (0..<4).map { _ in s.next() }
        #expect(a == b)
        s.rekey(k, period: 4, purpose: DrawPurpose(rawValue: 6))
        let c = (0..<4).map { _ in s.next() }
        #expect(a != c)
        #expect(CustomerKey(seed: 1, replication: 2, customer: 3) != CustomerKey(seed: 1, replication: 3, customer: 2))
    }

    @Test func keysDoNotCollideOverAMillionCustomerPeriods() {
        var seen = Set<UInt64>()
        for c in 0..<20_000 {
            let k = CustomerKey(seed: 42, replication: c % 3, customer: c)
            for t in 0..<50 { seen.insert(k.stream(period: t, purpose: DrawPurpose(rawValue: 1))) }
        }
        #expect(seen.count == 1_000_000)
    }

    @Test func poissonInverseIsMonotoneInTheMean() {
        // Common random numbers: for a fixed u, a larger mean never gives fewer purchases.
        for u in stride(from: 0.01, to: 1.0, by: 0.07) {
            var last = 0
            for mean in stride(from: 0.1, through: 25, by: 0.3) {
                let k = KeyedStream.poissonInverse(u: u, mean: mean)
                #expect(k >= last)
                last = k
            }
        }
    }

    @Test func poissonTableGivesThePlainSearchQuantiles() {
        // The cached CDF must reproduce KeyedStream.poissonInverse bit for bit, whatever order
        // the entries are built in, including u in the far tail (past the table's capacity and
        // the search's cut-off) and means at the ends of the inversion range.
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: PoissonTable.capacity)
        defer { storage.deallocate() }
        let stream = KeyedStream()
        let extremes: [Double] = [0x1.0p-54, 1e-300, 1e-17, 1e-9, 0.5, 1 - 1e-9, 1 - 0x1.0p-53, 1 - 0x1.0p-54, 1.0.nextDown]
        var means: [Double] = [1e-300, 1e-12, 1e-6, 0.001, 30, 30.0.nextDown, 29.999, 10, 20]
        stream.rekey(0x5eed)
        for _ in 0..<2_000 { means.append(30 * stream.uniform()) }
        for mean in means {
            var table = PoissonTable(mean: mean, storage: storage)
            for u in (0..<200).map({ _ in stream.uniform() }) + extremes + (0..<50).map({ _ in 1 - 1e-12 * stream.uniform() }) {
                #expect(table.quantile(u) == KeyedStream.poissonInverse(u: u, mean: mean), "mean \(mean), u \(u)")
            }
        }
    }

    @Test func firstUniformIsTheStreamsFirstDraw() {
        let a = KeyedStream(), b = KeyedStream()
        var key: UInt64 = 0
        for i in 0..<100_000 {
            key = CustomerKey(seed: 3, replication: 0, customer: i).stream(period: i % 40, purpose: DrawPurpose(rawValue: 2))
            if i < 4 { key = [0, 1, UInt64.max, 0x61c8_8646_80b5_83eb &* 2][i] }
            a.rekey(key)
            #expect(KeyedStream.firstUniform(key).bitPattern == a.uniform().bitPattern)
            b.rekeyAfterFirstUniform(key)
            for _ in 0..<3 { #expect(a.next() == b.next()) }
        }
    }

    @Test func geometricAtMostAgreesWithTheFullComputation() {
        // The logarithm-free K > n decision must never contradict ⌈log u / log1p(−p)⌉.
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: GeometricSurvival.capacity)
        defer { storage.deallocate() }
        let a = KeyedStream(), b = KeyedStream(), pick = KeyedStream()
        pick.rekey(0x9e0)
        var ps: [Double] = [0x1.0p-1074, 1e-300, 1e-17, 1e-9, 0.5, 0.9, 1 - 1e-9, 1.0.nextDown]
        for _ in 0..<300 { ps.append(pick.uniform()); ps.append(pow(pick.uniform(), 12)) }
        var key: UInt64 = 1
        for p in ps {
            let log1mp = KeyedStream.logOneMinus(p)
            var survival = GeometricSurvival(p: p, logOneMinusP: log1mp, storage: storage)
            for _ in 0..<400 {
                key &+= 0x9e37_79b9_7f4a_7c15
                let n = 1 + Int(pick.uniform() * 70)
                a.rekey(key); b.rekey(key)
                let k = a.geometric(logOneMinusP: log1mp)
                #expect(b.geometric(atMost: n, &survival) == (k <= n ? k : nil), "p \(p), n \(n), key \(key)")
            }
            // Uniforms at the shortcut's threshold and at (1 − p)^n itself, where K jumps.
            for n in 1..<GeometricSurvival.capacity + 2 {
                let exact = pow(1 - p, Double(n))
                var us = [exact, exact * GeometricSurvival.margin]
                for i in 0..<2 { var v = us[i]; for _ in 0..<40 { v = v.nextDown; us.append(v) }; v = us[i]; for _ in 0..<40 { v = v.nextUp; us.append(v) } }
                for u in us where u > 0 && u < 1 {
                    let k = KeyedStream.trialCount(log(u) / log1mp)
                    #expect(KeyedStream.trialCount(u: u, atMost: n, &survival) == (k <= n ? k : nil), "p \(p), n \(n), u \(u)")
                }
            }
        }
    }

    @Test func trialCountIsTheCeilingItReplaces() {
        let stream = KeyedStream()
        stream.rekey(0xce11)
        var xs: [Double] = [0x1.0p-1074, 0.5, 1, 1.0.nextUp, 2.0.nextDown, 2, 1e15 + 0.5, 0x1.0p52 - 0.5, 0x1.0p52, 0x1.0p53 + 2,
                            8.999999999999999e18, 9.0e18, 9.0e18.nextDown, 9.0e18.nextUp, 1e300, .infinity]
        for _ in 0..<100_000 { xs.append(log(stream.uniform()) / log1p(-pow(stream.uniform(), 8))) }
        for x in xs {
            let k = x.rounded(.up)
            #expect(KeyedStream.trialCount(x) == (k >= 9.0e18 ? Int.max : max(1, Int(k))), "x \(x)")
        }
    }
}
