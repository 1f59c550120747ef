import Stochastic
import Synchronization

/// Runs a scenario: every customer of every replication through the horizon, in every variant.
///
/// Work is split into fixed-size chunks of customers (independent of the core count) that run
/// in parallel with Swift concurrency; each chunk writes its customers' CLVs to their own slots
/// and its period sums to its own buffer, and sums are merged in chunk order. Results are
/// therefore bit-identical for any number of threads and any scheduling (DESIGN.md §4).
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "scenarios/demo.yaml")
/// let result = try await SimulationEngine(scenario: scenario).run()
/// ```
public struct SimulationEngine: Sendable {
    /// Customers per chunk. Fixed, so period sums are added in the same order on any machine.
    public static let chunkSize = 4096

    public internal(set) var scenario: Scenario
    /// Parallel workers; defaults to the number of active processors.
    public var threads: Int
    /// Order in which workers pick up chunks (tests use it to show results do not depend on it).
    var scheduling: Scheduling = .inOrder
    /// Use these inputs in every replication instead of drawing them (sensitivity analysis).
    public var inputOverride: ResolvedInputs?
    /// Keep each customer's undiscounted revenue and whether they are alive at the horizon
    /// (for test-sizing analyses); off by default to save memory.
    public var recordCustomerDetail = false
    /// Index of the first replication: a long run can be done in batches with the same draws.
    public var firstReplication = 0
    /// Top-k % rules: the expected-value threshold of each (replication, variant, intervention);
    /// computed by scoring passes when nil.
    var valueThresholds: [[[Double]]]?
    /// Set in a scoring pass: record the scores of this intervention of variant 0 into `buffer`
    /// (replication-major) instead of targeting.
    var scoringPass: (intervention: Int, buffer: SharedBuffer<Double>)?
    /// The full horizon, when this engine runs a truncated scoring pass.
    var valueHorizon: Int?

    enum Scheduling: Sendable { case inOrder, reversed }

    public init(scenario: Scenario, threads: Int? = nil) {
        self.scenario = scenario
        self.threads = max(1, threads ?? ProcessInfoCores.active)
    }

    /// Simulate. `progress` is called from worker threads with (customers done, customers total)
    /// after each chunk.
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> SimulationResult {
        let plan = try await RunPlan(engine: self, thresholds: topPercentThresholds())
        let (buffers, _) = try await simulate(plan, items: 0..<plan.workItems, streaming: false, progress: progress)
        return plan.assemble([buffers])
    }

    /// Simulate without keeping per-customer values: moments, sketches and totals only
    /// (``StreamingResult``), for populations whose values would not fit in memory.
    public func runStreaming(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> StreamingResult {
        let plan = try await RunPlan(engine: self, thresholds: topPercentThresholds())
        let (_, streaming) = try await simulate(plan, items: 0..<plan.workItems, streaming: true, progress: progress)
        return try plan.assembleStreaming([streaming!])
    }

    /// Simulate the work items `items` (replication-major chunks of ``chunkSize`` customers)
    /// into fresh buffers that cover exactly those items: per-customer values, or with
    /// `streaming` the chunk records and accumulators of ``StreamingBuffers``.
    func simulate(_ run: RunPlan, items: Range<Int>, streaming: Bool,
                  progress: (@Sendable (Int, Int) -> Void)?) async throws -> (RunBuffers, StreamingBuffers?) {
        let s = run.scenario
        let n = run.customers
        let h = run.periods
        let layout = run.layout
        let variantCount = run.variantCount
        let inputs = run.inputs
        let plans = run.segmentPlans
        let pAliveModels = run.pAliveModels
        let variantPlans = run.variantPlans
        let scorers = run.scorers
        let scoringPass = self.scoringPass
        let maxInterventions = max(1, s.variants.map(\.interventions.count).max() ?? 0)
        let hasInterventions = run.hasInterventions
        let chunksPerReplication = run.chunksPerReplication
        let segmentCount = run.segmentCount
        let replications = run.replications
        let block = run.block
        let totalsPerChunk = run.totalsPerChunk
        let detail = recordCustomerDetail
        let firstReplication = self.firstReplication
        // With an untouched first variant (a control), the others replay its draws until an
        // intervention changes a customer's rates: the population and its keyed draws are shared.
        let replayBaseline = variantCount > 1 && !hasInterventions[0]
        // The first period in which each variant can act (past the horizon: never).
        let firstActive = s.variants.map { $0.interventions.map(\.start).min() ?? h + 1 }

        // Output slots: every work item owns disjoint ranges, so workers never share a write.
        let buffers = RunBuffers(run, items: items, detail: detail, values: !streaming)
        let streamed = streaming ? StreamingBuffers(run, items: items) : nil
        let collector = AccumulatorCollector()
        let fixedShare = run.fixedShare
        let clv = buffers.clv, cost = buffers.cost, payback = buffers.payback
        let hasCostSlots = buffers.cost.count > 0
        let revenue = buffers.revenue, aliveFlag = buffers.aliveFlag, history = buffers.history
        let chunkTotals = buffers.chunkTotals, chunkAlive = buffers.chunkAlive
        let firstCustomer = buffers.customers.lowerBound, span = buffers.customers.count
        let discounts = run.discounts, activityKeys = run.activityKeys

        let counters = WorkCounters()
        let order = scheduling
        let itemCount = items.count
        let workers = min(threads, max(1, itemCount))
        let seed = s.seed
        let total = buffers.customers.count

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    let stream = KeyedStream()
                    let state = UnsafeMutablePointer<InterventionState>.allocate(capacity: maxInterventions)
                    state.initialize(repeating: InterventionState(), count: maxInterventions)
                    // Streaming: this worker's accumulators and the current chunk's period sums.
                    let accumulator = streamed.map { _ in StreamingAccumulator(run) }
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: streamed == nil ? 1 : totalsPerChunk + variantCount)
                    // The baseline's path of the current customer, replayed by the other variants.
                    let activity = UnsafeMutablePointer<RecordedActivity>.allocate(capacity: h)
                    activity.initialize(repeating: RecordedActivity(), count: h)
                    let states = UnsafeMutablePointer<PathState>.allocate(capacity: h)
                    states.initialize(repeating: PathState(), count: h)
                    let keepsState = UnsafeMutablePointer<Bool>.allocate(capacity: h)
                    keepsState.initialize(repeating: false, count: h)
                    for first in firstActive where first > 1 && first <= h { keepsState[first - 2] = true }
                    let baselineRecord = BaselineRecord(activity: activity, states: states, keepsState: keepsState)
                    let samplerScratch = UnsafeMutablePointer<Double>.allocate(capacity: PoissonTable.capacity + GeometricSurvival.capacity)
                    defer {
                        state.deallocate(); scratch.deallocate(); activity.deallocate(); states.deallocate(); keepsState.deallocate()
                        samplerScratch.deallocate()
                    }
                    while true {
                        let claimed = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if claimed >= itemCount { break }
                        let local = order == .inOrder ? claimed : itemCount - 1 - claimed
                        let item = items.lowerBound + local
                        let r = item / chunksPerReplication
                        let chunk = item % chunksPerReplication
                        let lo = chunk * Self.chunkSize, hi = min(n, lo + Self.chunkSize)
                        var totals = chunkTotals.base + local * totalsPerChunk
                        var alive = chunkAlive.base + local * variantCount
                        if streamed != nil {
                            scratch.initialize(repeating: 0, count: totalsPerChunk + variantCount)
                            totals = scratch
                            alive = UnsafeMutableRawPointer(scratch + totalsPerChunk).bindMemory(to: Int.self, capacity: variantCount)
                            alive.initialize(repeating: 0, count: variantCount)
                        }
                        let cac = inputs[r].acquisitionCost
                        let economics = PeriodEconomics(
                            margin: inputs[r].margin, costToServe: inputs[r].costToServe, acquisitionCost: inputs[r].acquisitionCost,
                            discount: UnsafeBufferPointer(start: discounts.base + r * h, count: h),
                            activityKeys: UnsafeBufferPointer(start: activityKeys.base, count: h))
                        var segment = layout.segment(of: lo)
                        for i in lo..<hi {
                            while !layout.ranges[segment].contains(i) { segment += 1 }
                            let plan = plans[segment]
                            let key = CustomerKey(seed: seed, replication: firstReplication + r, customer: i)
                            stream.rekey(key, period: 0, purpose: .traits)
                            let traits = plan.drawTraits(stream)
                            var context = CustomerContext(segment: segment, pAliveModel: pAliveModels[segment],
                                                          valueScorer: scorers[r][segment], key: key)
                            if let scoringPass { context.scoring = (scoringPass.intervention, scoringPass.buffer.base + r * n + i) }
                            let g = r * n + i - firstCustomer
                            var baseValue = 0.0, baseCost = 0.0
                            var baseline = CustomerOutcome(clv: 0, campaignCost: 0, revenue: 0, alive: false, payback: 0, purchases: 0, lastPurchase: 0, lastLivePeriod: 0)
                            for v in 0..<variantCount {
                                let vp = variantPlans[r][v]
                                let first = replayBaseline && v > 0 ? firstActive[v] : 1
                                let out: CustomerOutcome
                                if first > 1 && Int(baseline.lastLivePeriod) < first {
                                    // Gone (or the horizon reached) before the variant's first
                                    // intervention: nothing differs from the baseline.
                                    out = CustomerOutcome(clv: baseline.clv, campaignCost: 0, revenue: baseline.revenue, alive: baseline.alive,
                                                          payback: baseline.payback, purchases: baseline.purchases,
                                                          lastPurchase: baseline.lastPurchase, lastLivePeriod: baseline.lastLivePeriod)
                                } else {
                                    out = vp.interventions.withUnsafeBufferPointer { ivs in
                                        vp.tiers.withUnsafeBufferPointer { tiers in
                                            simulateCustomer(
                                                plan: plan, traits: traits, context: context, stream: stream, economics: economics,
                                                periods: h, totals: totals + (v * segmentCount + segment) * block,
                                                interventions: ivs, tiers: tiers, state: state, samplerScratch: samplerScratch,
                                                record: replayBaseline && v == 0 ? baselineRecord : nil,
                                                replay: replayBaseline && v > 0 ? baselineRecord : nil,
                                                replayThrough: Int(baseline.lastLivePeriod), first: first)
                                        }
                                    }
                                }
                                if v == 0 { baseline = out }
                                if let streamed, let acc = accumulator {
                                    // Values as the statistics see them: fixed campaign costs shared out.
                                    let share = fixedShare[r * variantCount + v]
                                    let x = out.clv - share, c = out.campaignCost + share, net = x - cac
                                    let cell = local * streamed.cellsPerItem + v * segmentCount + segment
                                    streamed.gross[cell].add(x)
                                    streamed.cost[cell].add(c)
                                    if v == 0 { baseValue = x; baseCost = c } else { streamed.paired[local * variantCount + v].add(x - baseValue, c - baseCost) }
                                    acc.record(x, sketch: v * (segmentCount + 1) + segment)
                                    acc.record(net, sketch: v * (segmentCount + 1) + segmentCount)
                                    if x < 0 { acc.negatives[(v * segmentCount + segment) * 2] += 1 }
                                    if net < 0 { acc.negatives[(v * segmentCount + segment) * 2 + 1] += 1 }
                                    acc.payback[(v * segmentCount + segment) * (h + 1) + Int(out.payback)] += 1
                                } else {
                                    let slot = v * span + g
                                    clv[slot] = out.clv
                                    payback[slot] = out.payback
                                    // (+0 in a variant without interventions: a shard's file holds every slot.)
                                    if hasCostSlots { cost[slot] = out.campaignCost }
                                    if detail {
                                        revenue[slot] = out.revenue
                                        aliveFlag[slot] = out.alive ? 1 : 0
                                        history[2 * slot] = out.purchases
                                        history[2 * slot + 1] = out.lastPurchase
                                    }
                                }
                                if out.alive { alive[v] += 1 }
                            }
                        }
                        if replayBaseline {
                            // Rows before a variant's first intervention are the baseline's, summed
                            // in the same customer order: the same bits.
                            for v in 1..<variantCount where firstActive[v] > 1 {
                                for g in 0..<segmentCount {
                                    let source = totals + g * block, target = totals + (v * segmentCount + g) * block
                                    for k in 0..<(min(firstActive[v] - 1, h) * PeriodTotals.metricCount) { target[k] = source[k] }
                                }
                            }
                        }
                        if let acc = accumulator {
                            acc.addChunk(totals: totals, replication: r)
                            for v in 0..<variantCount { acc.alive[v * replications + r] += alive[v] }
                        }
                        let finished = counters.done.wrappingAdd(hi - lo, ordering: .relaxed).newValue
                        progress?(finished, total)
                    }
                    if let accumulator { collector.finished.withLock { $0.append(accumulator) } }
                }
            }
        }
        try Task.checkCancellation()
        if let streamed {
            // Integer sums: the order in which workers finished does not matter.
            for acc in collector.finished.withLock({ $0 }) { streamed.totals.add(acc) }
        }
        return (buffers, streamed)
    }
}

extension SimulationEngine {
    /// Thresholds of the top-k % rules: for each such intervention (in order, so earlier ones
    /// already act), simulate the variant's customers up to its start period, score the eligible
    /// ones by expected residual value, and take the (1 − k/100) quantile per replication.
    func topPercentThresholds() async throws -> [[[Double]]]? {
        if let valueThresholds { return valueThresholds }
        let s = scenario
        guard scoringPass == nil, s.variants.contains(where: { $0.interventions.contains { ($0.target.topPercent ?? 0) > 0 } }) else { return nil }
        let n = s.population.customers, replications = s.replications
        var result = Array(repeating: s.variants.map { Array(repeating: -Double.infinity, count: $0.interventions.count) }, count: replications)
        for (v, variant) in s.variants.enumerated() {
            for (j, iv) in variant.interventions.enumerated() {
                guard let k = iv.target.topPercent, k > 0 else { continue }
                var sub = self
                sub.scenario.variants = [variant]
                sub.scenario.horizon.periods = iv.start
                sub.valueHorizon = s.horizon.periods
                sub.valueThresholds = (0..<replications).map { [result[$0][v]] }
                let buffer = SharedBuffer<Double>(count: replications * n)
                for i in 0..<(replications * n) { buffer[i] = .nan }
                sub.scoringPass = (j, buffer)
                _ = try await sub.run()
                for r in 0..<replications {
                    var scores: [Double] = []
                    for i in 0..<n where !buffer[r * n + i].isNaN { scores.append(buffer[r * n + i]) }
                    scores.sort()
                    result[r][v][j] = scores.isEmpty ? .infinity : Quantile.ofSorted(scores, 1 - k / 100)
                }
            }
        }
        return result
    }
}

/// Work hand-out and progress counters shared by the workers.
final class WorkCounters: Sendable {
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
}

/// A zero-initialised buffer shared by workers that write disjoint index ranges; freed with
/// its last reference.
final class SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int) where Element: Numeric {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// A buffer every element of which its users write before reading, so it is not zeroed
    /// first: the workers then fault in its pages in parallel as they fill them, instead of
    /// one thread zeroing hundreds of megabytes before the run starts.
    init(filledByWorkers count: Int) where Element: BitwiseCopyable {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    deinit { base.deallocate() }
}

/// Active processor count without importing Foundation into the engine's hot files.
enum ProcessInfoCores {
    static var active: Int { ProcessInfoShim.activeProcessorCount }
}
