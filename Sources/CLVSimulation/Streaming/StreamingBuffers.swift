import Stochastic
import Synchronization

/// Moments of one chunk's customers in one cell, by Welford's update (in customer order).
/// Stochastic's ``RunningMoments`` does the same but is not inlinable across modules, and this
/// runs per customer and variant in the engine's loop; chunk records become RunningMoments.
struct ChunkMoments {
    var count = 0.0
    var mean = 0.0
    var m2 = 0.0

    @inline(__always)
    mutating func add(_ x: Double) {
        count += 1
        let d = x - mean
        mean += d / count
        m2 += d * (x - mean)
    }

    var moments: RunningMoments { RunningMoments(count: Int(count), mean: mean, m2: m2) }
}

/// Paired (difference in value, difference in cost) moments of one chunk against the baseline.
struct ChunkPairedMoments {
    var count = 0.0
    var meanX = 0.0, meanY = 0.0, m2X = 0.0, m2Y = 0.0, cXY = 0.0

    @inline(__always)
    mutating func add(_ x: Double, _ y: Double) {
        count += 1
        let dx = x - meanX
        meanX += dx / count
        let dy = y - meanY
        meanY += dy / count
        m2X += dx * (x - meanX)
        m2Y += dy * (y - meanY)
        cXY += dx * (y - meanY)
    }

    var moments: PairedMoments { PairedMoments(count: Int(count), meanX: meanX, meanY: meanY, m2X: m2X, m2Y: m2Y, cXY: cXY) }
}

/// What a `--streaming` run keeps instead of per-customer values.
///
/// - Per chunk (a few hundred bytes, written by the chunk's worker into its own slot): moments of
///   gross CLV and campaign cost per variant and segment, and the paired moments of each
///   variant's difference from the baseline. They are merged in chunk order at the end, so
///   means and variances are the same bits for any number of threads or shards.
/// - Order-independent integer accumulators (per worker, added up at the end): quantile
///   sketches, counts of negative values, CAC-payback periods, customers alive, and the period
///   totals as ``ExactSum``s.
///
/// Memory: O(chunks × variants × segments) records plus O(workers) accumulators — no vector
/// over customers.
final class StreamingBuffers: @unchecked Sendable {
    let items: Range<Int>
    let variants: Int
    let segments: Int
    let replications: Int
    let periods: Int
    /// [local item][variant × segments + segment]
    let gross: UnsafeMutablePointer<ChunkMoments>
    let cost: UnsafeMutablePointer<ChunkMoments>
    /// [local item][variant] (variant 0 unused: it is the baseline)
    let paired: UnsafeMutablePointer<ChunkPairedMoments>
    /// Sum of every worker's accumulator.
    let totals: StreamingAccumulator

    var cellsPerItem: Int { variants * segments }

    init(_ run: RunPlan, items: Range<Int>) {
        self.items = items
        variants = run.variantCount
        segments = run.segmentCount
        replications = run.replications
        periods = run.periods
        let cells = max(1, items.count * variants * segments)
        gross = .allocate(capacity: cells)
        gross.initialize(repeating: ChunkMoments(), count: cells)
        cost = .allocate(capacity: cells)
        cost.initialize(repeating: ChunkMoments(), count: cells)
        let pairs = max(1, items.count * variants)
        paired = .allocate(capacity: pairs)
        paired.initialize(repeating: ChunkPairedMoments(), count: pairs)
        totals = StreamingAccumulator(run)
    }

    deinit {
        gross.deallocate()
        cost.deallocate()
        paired.deallocate()
    }
}

/// Integer (or fixed-point) accumulators of a streaming run: adding two gives the same bits in
/// any order.
final class StreamingAccumulator: @unchecked Sendable {
    let variants: Int
    let segments: Int
    let replications: Int
    let block: Int
    let periods: Int
    /// [variant][segment + 1 (net, all segments)][bucket]: gross CLV per segment, net CLV overall.
    let sketches: UnsafeMutablePointer<UInt64>
    /// [sketch][minimum, maximum], sketches in the order of `sketches`.
    let extremes: UnsafeMutablePointer<Double>
    /// [variant][segment][gross < 0, net < 0]
    let negatives: UnsafeMutablePointer<Int>
    /// [variant][segment][payback period 0 … H]
    let payback: UnsafeMutablePointer<Int>
    /// [variant][replication]
    let alive: UnsafeMutablePointer<Int>
    /// [variant][replication][segment][period × metric]: period sums as ``ExactSum`` units and
    /// overflow flags (two plain arrays, so a shard can write them as they are).
    let periodUnits: UnsafeMutablePointer<Int128>
    let periodOverflow: UnsafeMutablePointer<UInt8>

    var sketchCount: Int { variants * (segments + 1) }
    var periodCells: Int { variants * replications * segments * block }

    init(_ run: RunPlan) {
        variants = run.variantCount
        segments = run.segmentCount
        replications = run.replications
        block = run.block
        periods = run.periods
        sketches = .allocate(capacity: variants * (segments + 1) * QuantileSketch.bucketCount)
        sketches.initialize(repeating: 0, count: variants * (segments + 1) * QuantileSketch.bucketCount)
        extremes = .allocate(capacity: variants * (segments + 1) * 2)
        for i in 0..<(variants * (segments + 1)) { extremes[2 * i] = .infinity; extremes[2 * i + 1] = -.infinity }
        negatives = .allocate(capacity: variants * segments * 2)
        negatives.initialize(repeating: 0, count: variants * segments * 2)
        payback = .allocate(capacity: variants * segments * (periods + 1))
        payback.initialize(repeating: 0, count: variants * segments * (periods + 1))
        alive = .allocate(capacity: variants * replications)
        alive.initialize(repeating: 0, count: variants * replications)
        let cells = max(1, variants * replications * segments * block)
        periodUnits = .allocate(capacity: cells)
        periodUnits.initialize(repeating: 0, count: cells)
        periodOverflow = .allocate(capacity: cells)
        periodOverflow.initialize(repeating: 0, count: cells)
    }

    deinit {
        sketches.deallocate(); extremes.deallocate(); negatives.deallocate(); payback.deallocate(); alive.deallocate()
        periodUnits.deallocate(); periodOverflow.deallocate()
    }

    func periodSum(_ cell: Int) -> ExactSum { ExactSum(units: periodUnits[cell], overflowed: periodOverflow[cell] != 0) }

    func addPeriodSum(_ cell: Int, _ sum: ExactSum) {
        var s = periodSum(cell)
        s.add(sum)
        periodUnits[cell] = s.units
        periodOverflow[cell] = s.overflowed ? 1 : 0
    }

    /// Count `x` in sketch `index` (`variant × (segments + 1) + k`).
    @inline(__always)
    func record(_ x: Double, sketch index: Int) {
        sketches[index * QuantileSketch.bucketCount + QuantileSketch.bucket(x)] += 1
        let e = extremes + 2 * index
        if x < e[0] { e[0] = x }
        if x > e[1] { e[1] = x }
    }

    /// Add a chunk's period sums (`[variant][segment][period × metric]` doubles) of replication r.
    func addChunk(totals: UnsafePointer<Double>, replication r: Int) {
        for v in 0..<variants {
            for g in 0..<segments {
                let source = totals + (v * segments + g) * block
                let target = ((v * replications + r) * segments + g) * block
                for k in 0..<block where source[k] != 0 {
                    var s = ExactSum()
                    s.add(source[k])
                    addPeriodSum(target + k, s)
                }
            }
        }
    }

    func add(_ other: StreamingAccumulator) {
        for i in 0..<(variants * (segments + 1) * QuantileSketch.bucketCount) { sketches[i] += other.sketches[i] }
        for i in 0..<(variants * (segments + 1)) {
            extremes[2 * i] = min(extremes[2 * i], other.extremes[2 * i])
            extremes[2 * i + 1] = max(extremes[2 * i + 1], other.extremes[2 * i + 1])
        }
        for i in 0..<(variants * segments * 2) { negatives[i] += other.negatives[i] }
        for i in 0..<(variants * segments * (periods + 1)) { payback[i] += other.payback[i] }
        for i in 0..<(variants * replications) { alive[i] += other.alive[i] }
        for i in 0..<periodCells { addPeriodSum(i, other.periodSum(i)) }
    }

    func sketch(variant v: Int, index k: Int) -> QuantileSketch {
        let start = sketches + (v * (segments + 1) + k) * QuantileSketch.bucketCount
        let e = extremes + 2 * (v * (segments + 1) + k)
        return QuantileSketch(counts: Array(UnsafeBufferPointer(start: start, count: QuantileSketch.bucketCount)), minimum: e[0], maximum: e[1])
    }
}

/// Workers hand their accumulators in here when done.
final class AccumulatorCollector: Sendable {
    let finished = Mutex<[StreamingAccumulator]>([])
}
