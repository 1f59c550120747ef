import Foundation
import Testing
@testable import Stochastic

/// RadixSort against the standard library's sort, bit for bit.
struct RadixSortTests {
    static func sample(_ n: Int, seed: UInt64) -> [Double] {
        let stream = KeyedStream()
        stream.rekey(seed)
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                  .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 1e-310, -1e-310]
        return (0..<n).map { i in
            switch i % 7 {
            case 0: specials[Int(stream.uniform() * Double(specials.count))]
            case 1: (stream.normal(mean: 0, sd: 50) * 100).rounded() / 100  // many ties
            case 2: -Double(i % 13)
            default: stream.normal(mean: 0, sd: 1) * pow(10, stream.uniform() * 40 - 20)
            }
        }
    }

    @Test(arguments: [0, 1, 2, 511, 512, 513, 4_096, 100_003])
    func sortedIsTheStandardLibrarysSort(count: Int) {
        let x = Self.sample(count, seed: UInt64(count) + 1)
        #expect(RadixSort.sorted(x).map(\.bitPattern) == x.sorted().map(\.bitPattern))
        #expect(RadixSort.order(x) == x.indices.sorted { (x[$0], $0) < (x[$1], $1) })
    }

    @Test func allEqualAndSignedZerosKeepTheirOrder() {
        let zeros = (0..<2_000).map { $0 % 3 == 0 ? -0.0 : 0.0 }
        #expect(RadixSort.sorted(zeros).map(\.bitPattern) == zeros.map(\.bitPattern))
        #expect(RadixSort.order(zeros) == Array(zeros.indices))
        let same = [Double](repeating: 42.5, count: 1_000)
        #expect(RadixSort.order(same) == Array(same.indices))
    }

    @Test func nanFallsBackToTheStandardLibrary() {
        var x = Self.sample(1_000, seed: 9)
        x[17] = .nan
        #expect(RadixSort.sorted(x).map(\.bitPattern) == x.sorted().map(\.bitPattern))
    }
}

/// OrderStatistics against the values of the sorted pooled samples, bit for bit.
struct OrderStatisticsTests {
    @Test(arguments: [1, 2, 700, 20_001])
    func selectedRanksAreThoseOfTheSortedPool(count: Int) {
        let a = RadixSortTests.sample(count, seed: 31), b = RadixSortTests.sample(count / 2 + 1, seed: 32)
        let pooled = RadixSort.sorted(a + b)
        var ranks = [0, pooled.count - 1, pooled.count / 2, pooled.count / 3]
        for p in [0.005, 0.25, 0.75, 0.995] {
            let lo = Int((Double(pooled.count - 1) * p).rounded(.down))
            ranks += [lo, min(lo + 1, pooled.count - 1)]
        }
        // Every zero's rank, where −0 and +0 must come out as the sort places them.
        ranks += pooled.indices.filter { pooled[$0] == 0 }
        let selected = OrderStatistics.select(in: [a, b], ranks: ranks)
        #expect(selected.map(\.bitPattern) == ranks.map { pooled[$0].bitPattern })
    }

    @Test func constantAndTwoValuedSamples() {
        let same = [[Double]](repeating: [Double](repeating: 7.25, count: 900), count: 3)
        #expect(OrderStatistics.select(in: same, ranks: [0, 1_349, 2_699]) == [7.25, 7.25, 7.25])
        let two = [(0..<1_000).map { $0 % 2 == 0 ? -45.0 : 120.5 }]
        #expect(OrderStatistics.select(in: two, ranks: [499, 500]) == [-45, 120.5])
    }
}
