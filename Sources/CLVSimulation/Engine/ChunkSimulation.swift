import Stochastic
import Synchronization

/// The work of one run shared by its workers: which chunks to simulate and how, customer by
/// customer and variant by variant, into an ``OutcomeSink``.
///
/// Work is split into fixed-size chunks of customers (independent of the core count) that
/// workers claim in order; each chunk writes its customers' values to their own slots and its
/// period sums to its own buffer, so results are the same bits for any thread count (DESIGN.md §4).
struct ChunkSimulation: @unchecked Sendable {
    let run: RunPlan
    let firstReplication: Int
    /// Set in a scoring pass: record the scores of this intervention of variant 0 into `buffer`.
    let scoringPass: (intervention: Int, buffer: SharedBuffer<Double>)?
    let generalPathOnly: Bool
    /// With an untouched first variant (a control), the others replay its draws until an
    /// intervention changes a customer's rates: the population and its keyed draws are shared.
    let replayBaseline: Bool
    /// The first period in which each variant can act (past the horizon: never).
    let firstActive: [Int]
    /// Replication-major index of the first customer the outputs cover.
    let firstCustomer: Int
    /// Some variant takes the path with interventions, which reads the targeting context.
    let targets: Bool

    init(engine: SimulationEngine, run: RunPlan, firstCustomer: Int) {
        self.run = run
        firstReplication = engine.firstReplication
        scoringPass = engine.scoringPass
        generalPathOnly = engine.generalPathOnly
        replayBaseline = run.variantCount > 1 && !run.hasInterventions[0]
        firstActive = run.scenario.variants.map { $0.interventions.map(\.start).min() ?? run.periods + 1 }
        self.firstCustomer = firstCustomer
        targets = run.hasInterventions.contains(true) || generalPathOnly
    }

    /// Runs `threads` workers over `items`, each with its own sink from `makeSink`; chunks are
    /// claimed in order (or in reverse, for tests). `progress` gets (customers done, `customers`).
    ///
    /// - Complexity: O(customers × variants × periods) over the items.
    func distribute<Sink: OutcomeSink>(_ items: Range<Int>, threads: Int, order: SimulationEngine.Scheduling, customers: Int,
                                       progress: (@Sendable (Int, Int) -> Void)?, makeSink: @escaping @Sendable () -> Sink) async {
        let counters = WorkCounters()
        let itemCount = items.count
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(threads, max(1, itemCount)) {
                group.addTask {
                    let worker = WorkerScratch(run, firstActive: firstActive)
                    let sink = makeSink()
                    while true {
                        let claimed = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if claimed >= itemCount { break }
                        let local = order == .inOrder ? claimed : itemCount - 1 - claimed
                        let done = simulateChunk(items.lowerBound + local, local: local, into: sink, worker: worker)
                        let finished = counters.done.wrappingAdd(done, ordering: .relaxed).newValue
                        progress?(finished, customers)
                    }
                    sink.finish()
                }
            }
        }
    }

    /// Simulates work item `item` (at `local` among the items); returns its customer count.
    ///
    /// - Complexity: O(chunk size × variants × periods).
    func simulateChunk<Sink: OutcomeSink>(_ item: Int, local: Int, into sink: Sink, worker: WorkerScratch) -> Int {
        let r = item / run.chunksPerReplication
        let lo = (item % run.chunksPerReplication) * SimulationEngine.chunkSize
        let hi = min(run.customers, lo + SimulationEngine.chunkSize)
        let h = run.periods
        let totals = sink.beginChunk(local, replication: r)
        let inputs = run.inputs[r]
        let economics = PeriodEconomics(
            margin: inputs.margin, costToServe: inputs.costToServe, acquisitionCost: inputs.acquisitionCost,
            discount: UnsafeBufferPointer(start: run.discounts.base + r * h, count: h),
            activityKeys: UnsafeBufferPointer(start: run.activityKeys.base, count: h))
        var segment = run.layout.segment(of: lo)
        for i in lo..<hi {
            while !run.layout.ranges[segment].contains(i) { segment += 1 }
            simulateVariants(customer: i, segment: segment, replication: r, economics: economics, totals: totals, sink: sink, worker: worker)
        }
        if replayBaseline { copyBaselineRows(totals.sums) }
        sink.endChunk(totals, replication: r)
        return hi - lo
    }

    /// Customer `i` of replication `r` in every variant, from one trait draw.
    @inline(__always)
    func simulateVariants<Sink: OutcomeSink>(customer i: Int, segment: Int, replication r: Int, economics: PeriodEconomics,
                                             totals: ChunkTotals, sink: Sink, worker: WorkerScratch) {
        let key = CustomerKey(seed: run.scenario.seed, replication: firstReplication + r, customer: i)
        worker.stream.rekey(key, period: 0, purpose: .traits)
        let plan = run.segmentPlans[r][segment]
        let traits = run.customerBase?.drawTraits(customer: i, replication: r, stream: worker.stream) ?? plan.drawTraits(worker.stream)
        let path = plan.path
        if targets {
            var context = CustomerContext(segment: segment, pAliveModel: run.pAliveModels[segment], valueScorer: run.scorers[r][segment], key: key)
            if let base = run.customerBase { context.prior = base.prior(i) }
            if let scoringPass { context.scoring = (scoringPass.intervention, scoringPass.buffer.base + r * run.customers + i) }
            worker.context.pointee = context
        }
        let slot = r * run.customers + i - firstCustomer
        if !traits.alive {
            recordDeparted(segment: segment, replication: r, economics: economics, totals: totals, sink: sink, worker: worker, slot: slot)
            return
        }
        var baseline = CustomerOutcome(clv: 0, campaignCost: 0, revenue: 0, alive: false, payback: 0, purchases: 0, lastPurchase: 0, lastLivePeriod: 0)
        for v in 0..<run.variantCount {
            let first = replayBaseline && v > 0 ? firstActive[v] : 1
            var out: CustomerOutcome
            if first > 1 && Int(baseline.lastLivePeriod) < first {
                // Gone (or the horizon reached) before the variant's first intervention: nothing
                // differs from the baseline.
                out = CustomerOutcome(clv: baseline.clv, campaignCost: 0, revenue: baseline.revenue, alive: baseline.alive,
                                      payback: baseline.payback, purchases: baseline.purchases,
                                      lastPurchase: baseline.lastPurchase, lastLivePeriod: baseline.lastLivePeriod)
            } else {
                let inputs = PathInputs(segment: path, traits: traits, key: key, stream: worker.stream, economics: economics, periods: run.periods,
                                      rows: totals.sums + (v * run.segmentCount + segment) * run.block,
                                      record: replayBaseline && v == 0 ? worker.baselineRecord : nil)
                let replay = replayBaseline && v > 0
                    ? BaselineReplay(record: worker.baselineRecord, through: Int(baseline.lastLivePeriod), first: first) : nil
                let vp = run.variantPlans[r][v]
                out = vp.interventions.withUnsafeBufferPointer { ivs in
                    vp.tiers.withUnsafeBufferPointer { tiers in
                        simulateCustomer(inputs, interventions: ivs, tiers: tiers, state: worker.state, context: worker.context,
                                         replay: replay, generalPathOnly: generalPathOnly)
                    }
                }
                if sink.recordsReach { out.reachFlags = worker.reachFlags(interventions: vp.interventions.count) }
            }
            if v == 0 { baseline = out }
            sink.record(out, customer: slot, variant: v, segment: segment)
            if out.alive { totals.alive[v] += 1 }
        }
    }

    /// Rows before a variant's first intervention are the baseline's, summed in the same
    /// customer order: the same bits.
    func copyBaselineRows(_ sums: UnsafeMutablePointer<Double>) {
        for v in 1..<run.variantCount where firstActive[v] > 1 {
            for g in 0..<run.segmentCount {
                let source = sums + g * run.block, target = sums + (v * run.segmentCount + g) * run.block
                for k in 0..<(min(firstActive[v] - 1, run.periods) * PeriodTotals.metricCount) { target[k] = source[k] }
            }
        }
    }
}

/// Work hand-out and progress counters shared by the workers.
final class WorkCounters: Sendable {
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
}
