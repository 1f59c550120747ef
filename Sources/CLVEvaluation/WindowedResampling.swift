import Stochastic

/// Bootstrap replicates of a quantile difference that draw only the part of each resample the
/// quantile can come from, so a resample of n customers costs O(√n), not O(n).
///
/// A resample is a multinomial count of n draws over the n observations. Its p-quantile depends
/// on the counts of the few ranks near n·p, and on the rest only through how many draws fall
/// below them: the cumulative count up to rank k is Binomial(n, (k+1)/n), so the resample's order
/// statistic stays within a few √(n·p(1−p)) ranks of the original one. Each sample gets a
/// *window* of ranks seven standard deviations (plus 16) wide on either side; the observations
/// are split into categories — for paired data, whether the variant rank and the baseline rank
/// lie below, in or above their windows — and the multinomial is drawn exactly, category by
/// category: the draws in the off-window categories by sequential binomials (Binomial(draws
/// left, size / observations left)), the rest one by one uniformly among the observations that
/// lie in a window. That is the same distribution as drawing every observation, because a
/// multinomial splits into its category totals and, given those, uniform draws within each.
///
/// When an order statistic falls outside its window (probability about 10⁻¹¹ per resample),
/// the same resample is completed, not redrawn: the draws of each off-window category are
/// spread uniformly over its observations, and the quantile is read from the full counts. So
/// every replicate has exactly the distribution of the plain bootstrap's, only from other draws.
///
/// Each probability has its own resamples (keyed by seed, resample and probability), so a
/// quantile's interval does not depend on which other quantiles are asked for, nor on threads.
struct WindowedResampling {
    /// One sample's window for one probability.
    struct RankWindow {
        /// Ranks [lower, upper) of the sorted sample.
        let lower: Int, upper: Int
        /// The type-7 quantile interpolates the order statistics of ranks `low` and `high`
        /// (0-based) of a resample of the same size with weight `weight`.
        let low: Int, high: Int, weight: Double

        init(count n: Int, probability p: Double, halfWidth: Int? = nil) {
            let h = Double(n - 1) * p
            low = Int(h.rounded(.down))
            high = Swift.min(low + 1, n - 1)
            weight = h - Double(low)
            let d = halfWidth ?? Int((7 * (Double(n) * p * (1 - p)).squareRoot()).rounded(.up)) + 16
            lower = Swift.max(0, low - d)
            upper = Swift.min(n, high + 1 + d)
        }

        var width: Int { upper - lower }

        /// Offset of `rank` in the window, or −1 below it, −2 above it.
        @inline(__always)
        func code(_ rank: Int) -> Int32 {
            rank < lower ? -1 : rank >= upper ? -2 : Int32(rank - lower)
        }

        /// The resample's quantile from the draws below the window and the window's counts;
        /// nil when an order statistic it needs lies outside the window.
        func quantile(sorted: [Double], below: Int, counts: UnsafeMutableBufferPointer<Int32>) -> Double? {
            // The order statistic of rank r is the first rank whose cumulative count exceeds r.
            if below > low { return nil }
            var cumulative = below
            var a = 0.0, haveA = false
            for offset in 0..<counts.count {
                cumulative += Int(counts[offset])
                if !haveA && cumulative > low { a = sorted[lower + offset]; haveA = true }
                if cumulative > high { return a + weight * (sorted[lower + offset] - a) }
            }
            return nil
        }
    }

    /// Paired data for one probability: the observations (customers, by variant rank) that lie
    /// in either window, and the sizes of the four off-window categories.
    struct PairedPlan: Sendable {
        let windowV: RankWindow, windowB: RankWindow
        /// For each in-window customer: variant rank, and its codes in both windows.
        let rank: [Int32], codeV: [Int32], codeB: [Int32]
        /// Customers in neither window: [v below & b below, v below & b above, v above & b below, v above & b above].
        let cellSize: [Int]

        init(count n: Int, partner: [Int32], probability p: Double, halfWidth: Int?) {
            windowV = RankWindow(count: n, probability: p, halfWidth: halfWidth)
            windowB = RankWindow(count: n, probability: p, halfWidth: halfWidth)
            var rank: [Int32] = [], codeV: [Int32] = [], codeB: [Int32] = []
            var cellSize = [0, 0, 0, 0]
            for k in 0..<n {
                let cv = windowV.code(k), cb = windowB.code(Int(partner[k]))
                if cv >= 0 || cb >= 0 {
                    rank.append(Int32(k)); codeV.append(cv); codeB.append(cb)
                } else {
                    cellSize[Self.cell(cv, cb)] += 1
                }
            }
            (self.rank, self.codeV, self.codeB, self.cellSize) = (rank, codeV, codeB, cellSize)
        }

        @inline(__always)
        static func cell(_ cv: Int32, _ cb: Int32) -> Int { (cv == -2 ? 2 : 0) + (cb == -2 ? 1 : 0) }
    }

    let variant: QuantileBootstrap.Ranked
    let baseline: QuantileBootstrap.Ranked
    let paired: Bool
    let probabilities: [Double]
    let partner: [Int32]?
    let plans: [PairedPlan]
    /// Unpaired: each sample's window per probability.
    let windows: [(v: RankWindow, b: RankWindow)]

    /// nil when the windows would not be much smaller than the samples (small n), where the
    /// plain bootstrap is as fast. `halfWidth` overrides the window size (tests use tiny windows
    /// to exercise the completion of resamples whose quantile falls outside).
    init?(_ v: QuantileBootstrap.Ranked, _ b: QuantileBootstrap.Ranked, partner: [Int32]?, probabilities: [Double],
          halfWidth: Int? = nil, minimumCount: Int = 20_000) {
        guard Swift.min(v.count, b.count) >= minimumCount, Swift.max(v.count, b.count) <= Int(UInt32.max) else { return nil }
        variant = v; baseline = b; self.partner = partner; self.probabilities = probabilities
        paired = partner != nil
        windows = probabilities.map {
            (RankWindow(count: v.count, probability: $0, halfWidth: halfWidth), RankWindow(count: b.count, probability: $0, halfWidth: halfWidth))
        }
        guard windows.allSatisfy({ 4 * ($0.v.width + $0.b.width) <= Swift.min(v.count, b.count) }) else { return nil }
        if let partner {
            plans = probabilities.map { PairedPlan(count: v.count, partner: partner, probability: $0, halfWidth: halfWidth) }
        } else {
            plans = []
        }
    }

    /// Stream key of resample r of probability j; for unpaired data `side` 0 is the variant.
    @inline(__always)
    func key(seed: UInt64, resample r: Int, probability j: Int, side: Int) -> CustomerKey {
        // The probability's own bits, not its position in the list.
        let tag = Int(truncatingIfNeeded: probabilities[j].bitPattern & 0x0FFF_FFFF_FFFF_FFFF)
        return CustomerKey(seed: seed, replication: r, customer: 2 &+ 2 &* tag &+ side)
    }

    /// Replicates of resamples `resamples`, one row (one value per probability) per resample.
    func replicates(seed: UInt64, resamples: Range<Int>) -> [[Double]] {
        var rows = [[Double]](repeating: [Double](repeating: 0, count: probabilities.count), count: resamples.count)
        let stream = KeyedStream()
        for j in probabilities.indices {
            let (wv, wb) = windows[j]
            let countV = UnsafeMutableBufferPointer<Int32>.allocate(capacity: wv.width)
            let countB = UnsafeMutableBufferPointer<Int32>.allocate(capacity: wb.width)
            defer { countV.deallocate(); countB.deallocate() }
            var members: [[Int32]]?
            for (row, r) in resamples.enumerated() {
                countV.initialize(repeating: 0)
                countB.initialize(repeating: 0)
                if paired {
                    let plan = plans[j]
                    stream.rekey(key(seed: seed, resample: r, probability: j, side: 0), period: 0, purpose: QuantileBootstrap.purpose)
                    var belowV = 0, belowB = 0
                    let inWindows = drawCells(plan.cellSize, stream: stream, total: variant.count) { c, x in
                        if c < 2 { belowV += x }
                        if c % 2 == 0 { belowB += x }
                    }
                    let w = plan.rank.count
                    for _ in 0..<inWindows {
                        let s = QuantileBootstrap.index(stream, w)
                        let cv = plan.codeV[s], cb = plan.codeB[s]
                        if cv >= 0 { countV[Int(cv)] += 1 } else if cv == -1 { belowV += 1 }
                        if cb >= 0 { countB[Int(cb)] += 1 } else if cb == -1 { belowB += 1 }
                    }
                    if let qv = wv.quantile(sorted: variant.sorted, below: belowV, counts: countV),
                       let qb = wb.quantile(sorted: baseline.sorted, below: belowB, counts: countB) {
                        rows[row][j] = qv - qb
                    } else {
                        if members == nil { members = cellMembers(plan) }
                        rows[row][j] = completedPaired(plan, members: members!, probability: probabilities[j], seed: seed, resample: r, j: j)
                    }
                } else {
                    var q = [0.0, 0.0]
                    for (side, sample, window, counts) in [(0, variant, wv, countV), (1, baseline, wb, countB)] {
                        stream.rekey(key(seed: seed, resample: r, probability: j, side: side), period: 0, purpose: QuantileBootstrap.purpose)
                        var below = 0
                        let sizes = [window.lower, sample.count - window.upper]
                        let inWindow = drawCells(sizes, stream: stream, total: sample.count) { c, x in if c == 0 { below += x } }
                        for _ in 0..<inWindow { counts[QuantileBootstrap.index(stream, window.width)] += 1 }
                        q[side] = window.quantile(sorted: sample.sorted, below: below, counts: counts)
                            ?? completedSingle(sample, window: window, probability: probabilities[j], seed: seed, resample: r, j: j, side: side)
                    }
                    rows[row][j] = q[0] - q[1]
                }
            }
        }
        return rows
    }

    /// Draws the totals of the off-window categories (sizes `sizes`, in order) of a resample of
    /// `total` draws over `total` observations; returns how many draws are left for the
    /// in-window observations.
    @inline(__always)
    func drawCells(_ sizes: [Int], stream: KeyedStream, total: Int, _ add: (Int, Int) -> Void) -> Int {
        var draws = total, pool = total
        for (c, size) in sizes.enumerated() where size > 0 {
            let x = stream.binomial(trials: draws, probability: Double(size) / Double(pool))
            add(c, x)
            draws -= x
            pool -= size
        }
        return draws
    }

    /// The customers (variant ranks) of each off-window category.
    func cellMembers(_ plan: PairedPlan) -> [[Int32]] {
        var members = [[Int32]](repeating: [], count: 4)
        for k in 0..<variant.count {
            let cv = plan.windowV.code(k), cb = plan.windowB.code(Int(partner![k]))
            if cv < 0 && cb < 0 { members[PairedPlan.cell(cv, cb)].append(Int32(k)) }
        }
        return members
    }

    /// The resample drawn again from its key with every observation's count: the category
    /// totals and in-window draws as before (same stream), then each category's draws spread
    /// uniformly over its members.
    func completedPaired(_ plan: PairedPlan, members: [[Int32]], probability p: Double, seed: UInt64, resample r: Int, j: Int) -> Double {
        let stream = KeyedStream()
        stream.rekey(key(seed: seed, resample: r, probability: j, side: 0), period: 0, purpose: QuantileBootstrap.purpose)
        var countsV = [UInt16](repeating: 0, count: variant.count)
        var countsB = [UInt16](repeating: 0, count: baseline.count)
        var totals = [0, 0, 0, 0]
        let inWindows = drawCells(plan.cellSize, stream: stream, total: variant.count) { c, x in totals[c] = x }
        for _ in 0..<inWindows {
            let k = Int(plan.rank[QuantileBootstrap.index(stream, plan.rank.count)])
            countsV[k] &+= 1
            countsB[Int(partner![k])] &+= 1
        }
        for c in 0..<4 {
            for _ in 0..<totals[c] {
                let k = Int(members[c][QuantileBootstrap.index(stream, members[c].count)])
                countsV[k] &+= 1
                countsB[Int(partner![k])] &+= 1
            }
        }
        return QuantileBootstrap.quantiles(sorted: variant.sorted, counts: countsV, probabilities: [p])[0]
            - QuantileBootstrap.quantiles(sorted: baseline.sorted, counts: countsB, probabilities: [p])[0]
    }

    /// As ``completedPaired``, for one sample of unpaired data.
    func completedSingle(_ sample: QuantileBootstrap.Ranked, window: RankWindow, probability p: Double,
                         seed: UInt64, resample r: Int, j: Int, side: Int) -> Double {
        let stream = KeyedStream()
        stream.rekey(key(seed: seed, resample: r, probability: j, side: side), period: 0, purpose: QuantileBootstrap.purpose)
        var counts = [UInt16](repeating: 0, count: sample.count)
        var totals = [0, 0]
        let inWindow = drawCells([window.lower, sample.count - window.upper], stream: stream, total: sample.count) { c, x in totals[c] = x }
        for _ in 0..<inWindow { counts[window.lower + QuantileBootstrap.index(stream, window.width)] &+= 1 }
        for _ in 0..<totals[0] { counts[QuantileBootstrap.index(stream, window.lower)] &+= 1 }
        for _ in 0..<totals[1] { counts[window.upper + QuantileBootstrap.index(stream, sample.count - window.upper)] &+= 1 }
        return QuantileBootstrap.quantiles(sorted: sample.sorted, counts: counts, probabilities: [p])[0]
    }
}
