import Foundation
import Stochastic

/// Bootstrap settings. Resample b draws its customers from the keyed stream
/// (seed, b, sample), so results are reproducible and do not depend on thread count or on the
/// order in which resamples are computed (DESIGN.md §4).
public struct BootstrapSettings: Codable, Sendable, Equatable {
    /// Number of resamples B.
    public var resamples: Int
    public var seed: UInt64

    public init(resamples: Int = 2000, seed: UInt64) {
        self.resamples = resamples
        self.seed = seed
    }
}

/// The difference of one quantile between a variant and its baseline, Q_p(variant) − Q_p(baseline).
public struct QuantileDifference: Codable, Sendable, Equatable {
    public var probability: Double
    public var estimate: Double
    /// Bootstrap percentile interval.
    public var percentile: IntervalEstimate
    /// BCa interval; `nil` when undefined (every replicate on one side of the estimate).
    public var bca: IntervalEstimate?
    /// Whether pairs (customers) were resampled together.
    public var paired: Bool
    public var resamples: Int
    public var seed: UInt64
}

/// Bootstrap of quantile differences (Efron & Tibshirani 1993, ch. 6, 13, 14).
///
/// Paired data resample customers, keeping each customer's variant and baseline outcome
/// together; independent data resample each group separately (a stratified bootstrap).
/// Each resample is represented by how many times it takes each order statistic, so a quantile
/// costs one pass over the counts and no sort: O(n) per resample, O(B·n) in all; for large
/// samples only the counts near the quantile are drawn (``WindowedResampling``), O(B·√n).
/// Jackknife values for BCa use the fact that deleting the observation of rank j from sorted
/// data leaves a type-7 quantile that depends on j only through whether j is below, between or
/// above the two order statistics it interpolates: O(n) for all n deletions.
public enum QuantileBootstrap {
    /// Purpose tag of bootstrap draws in the key.
    public static let purpose = DrawPurpose(rawValue: 0xB0_07_57_4A_50)

    /// Differences for each probability in `probabilities`, from one set of resamples.
    ///
    /// Resamples are computed in chunks of `chunkSize` on all cores; since resample r depends
    /// only on (seed, r), the result is the same for any chunk size and thread count.
    /// - Complexity: O(B·(n_variant + n_baseline)) draws plus O(n log n) for the initial sorts.
    public static func differences(
        variant: [Double], baseline: [Double], paired: Bool, probabilities: [Double],
        settings: BootstrapSettings, level: Double = 0.95, chunkSize: Int = 32
    ) throws(EvaluationError) -> [QuantileDifference] {
        guard variant.count >= 2, baseline.count >= 2 else {
            throw .insufficientData("a quantile bootstrap needs at least 2 observations per variant")
        }
        if paired, variant.count != baseline.count { throw .invalidTable("paired samples differ in size") }
        guard settings.resamples >= 1 else { throw .insufficientData("the bootstrap needs at least one resample") }
        guard probabilities.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw .invalidTable("quantile probabilities must lie in [0, 1]") }

        let v = Ranked(variant), b = Ranked(baseline)
        let replicates = resampledDifferences(v, b, paired: paired, probabilities: probabilities, settings: settings, chunkSize: chunkSize)

        return probabilities.enumerated().map { j, p in
            let qv = Quantile.ofSorted(v.sorted, p), qb = Quantile.ofSorted(b.sorted, p)
            let estimate = qv - qb
            let looV = leaveOneOut(sorted: v.sorted, p), looB = leaveOneOut(sorted: b.sorted, p)
            let jackknife: [[Double]]
            if paired {
                jackknife = [(0..<v.count).map { i in looV[v.rank[i]] - looB[b.rank[i]] }]
            } else {
                jackknife = [looV.map { $0 - qb }, looB.map { qv - $0 }]
            }
            return QuantileDifference(
                probability: p, estimate: estimate,
                percentile: BootstrapInterval.percentile(estimate: estimate, replicates: replicates[j], level: level),
                bca: BootstrapInterval.bca(estimate: estimate, replicates: replicates[j], jackknife: jackknife, level: level),
                paired: paired, resamples: settings.resamples, seed: settings.seed)
        }
    }

    /// Replicates[j][r] = Q_pj(variant*_r) − Q_pj(baseline*_r) for every resample r.
    ///
    /// Samples of 20,000 or more draw only the ranks near each quantile (``WindowedResampling``:
    /// the same distribution, O(B·√n) instead of O(B·n)); smaller ones draw every observation.
    /// `windowing` lets tests choose the window's half-width and the sample size from which it is used.
    static func resampledDifferences(
        _ v: Ranked, _ b: Ranked, paired: Bool, probabilities: [Double], settings: BootstrapSettings, chunkSize: Int,
        windowing: (halfWidth: Int?, minimumCount: Int) = (nil, 20_000)
    ) -> [[Double]] {
        let total = settings.resamples
        let size = Swift.max(1, chunkSize)
        let chunkCount = (total + size - 1) / size
        let results = ChunkResults(count: chunkCount)
        let partner: [Int32]? = paired ? v.order.map { Int32(b.rank[$0]) } : nil
        let windowed = WindowedResampling(v, b, partner: partner, probabilities: probabilities,
                                          halfWidth: windowing.halfWidth, minimumCount: windowing.minimumCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            let range = (c * size)..<Swift.min(total, (c + 1) * size)
            if let windowed {
                results.store(c, windowed.replicates(seed: settings.seed, resamples: range))
            } else {
                results.store(c, resampleChunk(v, b, partner: partner, probabilities: probabilities, seed: settings.seed, resamples: range))
            }
        }
        var replicates = [[Double]](repeating: [], count: probabilities.count)
        for chunk in results.chunks {
            for row in chunk { for j in row.indices { replicates[j].append(row[j]) } }
        }
        return replicates
    }

    /// The quantile differences of resamples `resamples`, one row per resample.
    ///
    /// Customers are drawn by their rank in the sorted variant sample (a bijection with
    /// customers, so still a uniform draw of customers); `partner[k]` is the baseline rank of
    /// the customer with variant rank k. Each draw then touches one small index array and two
    /// count arrays, which keeps a million-customer resample mostly in cache. Counts are
    /// 16-bit: a count above 65 535 in a resample of size n has probability below
    /// n·P(Poisson(1) ≥ 65 536), which is zero in double precision.
    static func resampleChunk(
        _ v: Ranked, _ b: Ranked, partner: [Int32]?, probabilities: [Double], seed: UInt64, resamples: Range<Int>
    ) -> [[Double]] {
        var countsV = [UInt16](repeating: 0, count: v.count)
        var countsB = [UInt16](repeating: 0, count: b.count)
        let stream = KeyedStream()
        var rows: [[Double]] = []
        rows.reserveCapacity(resamples.count)
        for r in resamples {
            for i in countsV.indices { countsV[i] = 0 }
            for i in countsB.indices { countsB[i] = 0 }
            if let partner {
                stream.rekey(CustomerKey(seed: seed, replication: r, customer: 0), period: 0, purpose: purpose)
                for _ in 0..<v.count {
                    let k = index(stream, v.count)
                    countsV[k] &+= 1
                    countsB[Int(partner[k])] &+= 1
                }
            } else {
                stream.rekey(CustomerKey(seed: seed, replication: r, customer: 1), period: 0, purpose: purpose)
                for _ in 0..<v.count { countsV[index(stream, v.count)] &+= 1 }
                stream.rekey(CustomerKey(seed: seed, replication: r, customer: 0), period: 0, purpose: purpose)
                for _ in 0..<b.count { countsB[index(stream, b.count)] &+= 1 }
            }
            let qv = quantiles(sorted: v.sorted, counts: countsV, probabilities: probabilities)
            let qb = quantiles(sorted: b.sorted, counts: countsB, probabilities: probabilities)
            rows.append(zip(qv, qb).map { $0 - $1 })
        }
        return rows
    }

    /// Per-chunk results written from concurrent workers; each slot is written once, under a lock.
    final class ChunkResults: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [[[Double]]]

        init(count: Int) { storage = [[[Double]]](repeating: [], count: count) }

        func store(_ chunk: Int, _ rows: [[Double]]) {
            lock.lock()
            storage[chunk] = rows
            lock.unlock()
        }

        var chunks: [[[Double]]] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }

    /// A uniform index in 0..<n from one open-interval uniform.
    @inline(__always)
    static func index(_ stream: KeyedStream, _ n: Int) -> Int {
        Swift.min(Int(stream.uniform() * Double(n)), n - 1)
    }

    /// Data sorted, with each original observation's position in the sorted order. Ties are
    /// broken by original index, so equal inputs give equal ranks.
    struct Ranked {
        let sorted: [Double]
        /// rank[i]: position of observation i in `sorted`.
        let rank: [Int]
        /// order[k]: the observation at position k of `sorted`.
        let order: [Int]
        var count: Int { sorted.count }

        init(_ x: [Double]) {
            let order = RadixSort.order(x)
            sorted = order.map { x[$0] }
            var rank = [Int](repeating: 0, count: x.count)
            for (r, i) in order.enumerated() { rank[i] = r }
            self.rank = rank
            self.order = order
        }
    }

    /// Type-7 quantiles of the resample that takes `counts[j]` copies of `sorted[j]`, with
    /// probabilities in any order. One pass over the counts.
    static func quantiles(sorted: [Double], counts: [UInt16], probabilities: [Double]) -> [Double] {
        let m = counts.reduce(0) { $0 + Int($1) }
        // Order-statistic ranks each probability needs (0-based), visited in ascending order.
        var needs: [(rank: Int, slot: Int)] = []
        var weights = [Double](repeating: 0, count: probabilities.count)
        for (j, p) in probabilities.enumerated() {
            let h = Double(m - 1) * p
            let lo = Int(h.rounded(.down))
            weights[j] = h - Double(lo)
            needs.append((lo, 2 * j))
            needs.append((Swift.min(lo + 1, m - 1), 2 * j + 1))
        }
        needs.sort { $0.rank < $1.rank }
        var found = [Double](repeating: 0, count: needs.count)
        var cumulative = 0
        var next = 0
        for (position, c) in counts.enumerated() where c > 0 {
            cumulative += Int(c)
            while next < needs.count && needs[next].rank < cumulative {
                found[needs[next].slot] = sorted[position]
                next += 1
            }
            if next == needs.count { break }
        }
        return probabilities.indices.map { j in
            let a = found[2 * j], b = found[2 * j + 1]
            return a + weights[j] * (b - a)
        }
    }

    /// Type-7 p-quantile of `sorted` with the observation of rank j removed, for every j.
    static func leaveOneOut(sorted: [Double], _ p: Double) -> [Double] {
        let n = sorted.count
        let m = n - 1
        let h = Double(m - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, m - 1)
        let w = h - Double(lo)
        return (0..<n).map { j in
            let a = sorted[lo < j ? lo : lo + 1]
            let b = sorted[hi < j ? hi : hi + 1]
            return a + w * (b - a)
        }
    }
}
