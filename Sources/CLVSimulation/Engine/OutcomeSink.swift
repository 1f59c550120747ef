/// Where a worker's customer outcomes and chunk period sums go: per-customer slots
/// (``InMemorySink``) or moments, sketches and exact sums (``StreamingSink``). The chunk loop is
/// generic over it, so the storage is chosen once per run, not per customer.
protocol OutcomeSink: AnyObject, SendableMetatype {
    /// The zeroed period sums and alive counts of the chunk at `local` (its index among the
    /// run's items) in replication `r`.
    func beginChunk(_ local: Int, replication r: Int) -> ChunkTotals

    /// One customer's outcome in variant `v`; `customer` is its index among the customers the
    /// buffers cover (`r × customers + i −` the first).
    func record(_ out: CustomerOutcome, customer: Int, variant v: Int, segment: Int)

    /// The chunk begun last is complete.
    func endChunk(_ totals: ChunkTotals, replication r: Int)

    /// The worker has no more chunks.
    func finish()

    /// Whether ``record(_:customer:variant:segment:)`` keeps ``CustomerOutcome/reachFlags``.
    var recordsReach: Bool { get }
}

/// A chunk's period sums (`[variant][segment][period][metric]`) and customers alive at the
/// horizon per variant.
struct ChunkTotals {
    let sums: UnsafeMutablePointer<Double>
    let alive: UnsafeMutablePointer<Int>
}

/// The in-memory run: every customer's values in their own slots of ``RunBuffers``, each
/// chunk's sums in its own slot (merged in chunk order by ``RunPlan/assemble(_:)``).
final class InMemorySink: OutcomeSink {
    let buffers: RunBuffers
    let totalsPerChunk: Int
    let variants: Int
    let hasCostSlots: Bool
    var recordsReach: Bool { buffers.detail }

    init(_ buffers: RunBuffers, run: RunPlan) {
        self.buffers = buffers
        totalsPerChunk = run.totalsPerChunk
        variants = run.variantCount
        hasCostSlots = buffers.cost.count > 0
    }

    @inline(__always)
    func beginChunk(_ local: Int, replication r: Int) -> ChunkTotals {
        // Zeroed when the buffers were made.
        ChunkTotals(sums: buffers.chunkTotals.base + local * totalsPerChunk, alive: buffers.chunkAlive.base + local * variants)
    }

    @inline(__always)
    func record(_ out: CustomerOutcome, customer g: Int, variant v: Int, segment: Int) {
        let slot = v * buffers.span + g
        buffers.clv[slot] = out.clv
        buffers.payback[slot] = out.payback
        // (+0 in a variant without interventions: a shard's file holds every slot.)
        if hasCostSlots { buffers.cost[slot] = out.campaignCost }
        if buffers.detail {
            buffers.revenue[slot] = out.revenue
            buffers.aliveFlag[slot] = out.alive ? 1 : 0
            buffers.history[2 * slot] = out.purchases
            buffers.history[2 * slot + 1] = out.lastPurchase
            buffers.reachFlags[slot] = out.reachFlags
        }
    }

    @inline(__always)
    func endChunk(_ totals: ChunkTotals, replication r: Int) {}

    func finish() {}
}
