/// The `--streaming` run's ``OutcomeSink``: per-chunk moments in the chunk's own records of
/// ``StreamingBuffers``, and this worker's order-independent accumulators (sketches, counts,
/// exact period sums), handed to the collector when the worker is done.
final class StreamingSink: OutcomeSink {
    var recordsReach: Bool { false }
    let streamed: StreamingBuffers
    let accumulator: StreamingAccumulator
    let collector: AccumulatorCollector
    /// Each customer's equal share of the variant's discounted fixed campaign costs, `r × variants + v`.
    let fixedShare: [Double]
    let acquisitionCost: [Double]
    let variants: Int, segments: Int, replications: Int, periods: Int, totalsPerChunk: Int
    /// The current chunk's period sums and alive counts.
    let scratch: UnsafeMutablePointer<Double>
    var local = 0, replication = 0
    /// The baseline variant's values of the current customer, for the paired moments.
    var baseValue = 0.0, baseCost = 0.0

    init(_ run: RunPlan, streamed: StreamingBuffers, collector: AccumulatorCollector) {
        self.streamed = streamed
        self.collector = collector
        accumulator = StreamingAccumulator(run)
        fixedShare = run.fixedShare
        acquisitionCost = run.inputs.map(\.acquisitionCost)
        variants = run.variantCount; segments = run.segmentCount; replications = run.replications; periods = run.periods
        totalsPerChunk = run.totalsPerChunk
        scratch = .allocate(capacity: totalsPerChunk + variants)
    }

    deinit { scratch.deallocate() }

    func beginChunk(_ local: Int, replication r: Int) -> ChunkTotals {
        self.local = local
        replication = r
        scratch.initialize(repeating: 0, count: totalsPerChunk + variants)
        let alive = UnsafeMutableRawPointer(scratch + totalsPerChunk).bindMemory(to: Int.self, capacity: variants)
        alive.initialize(repeating: 0, count: variants)
        return ChunkTotals(sums: scratch, alive: alive)
    }

    /// Values as the statistics see them: fixed campaign costs shared out.
    @inline(__always)
    func record(_ out: CustomerOutcome, customer: Int, variant v: Int, segment: Int) {
        let share = fixedShare[replication * variants + v]
        let x = out.clv - share, c = out.campaignCost + share, net = x - acquisitionCost[replication]
        let cell = local * streamed.cellsPerItem + v * segments + segment
        streamed.gross[cell].add(x)
        streamed.cost[cell].add(c)
        if v == 0 { baseValue = x; baseCost = c } else { streamed.paired[local * variants + v].add(x - baseValue, c - baseCost) }
        let acc = accumulator
        acc.record(x, sketch: v * (segments + 1) + segment)
        acc.record(net, sketch: v * (segments + 1) + segments)
        if x < 0 { acc.negatives[(v * segments + segment) * 2] += 1 }
        if net < 0 { acc.negatives[(v * segments + segment) * 2 + 1] += 1 }
        acc.payback[(v * segments + segment) * (periods + 1) + Int(out.payback)] += 1
    }

    func endChunk(_ totals: ChunkTotals, replication r: Int) {
        accumulator.addChunk(totals: totals.sums, replication: r)
        for v in 0..<variants { accumulator.alive[v * replications + r] += totals.alive[v] }
    }

    func finish() { collector.finished.withLock { $0.append(accumulator) } }
}
