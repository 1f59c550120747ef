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
        let s = scenario
        let layout = PopulationLayout(customers: s.population.customers, shares: s.population.segments.map(\.share))
        let n = layout.customers
        let h = s.horizon.periods
        let replications = s.replications
        let variantCount = s.variants.count
        let catalog = InputCatalog(s)
        let resolved = (0..<replications).map { self.inputOverride ?? catalog.draw(seed: s.seed, replication: self.firstReplication + $0) }
        let inputs = resolved.map(\.economics)
        let plans = s.population.segments.map(SegmentPlan.init)
        let pAliveModels = s.population.segments.map(PAliveScorer.Model.init(segment:))
        // Interventions with every number resolved, per replication and variant.
        let thresholds = try await topPercentThresholds()
        let variantPlans = resolved.enumerated().map { r, inputs in
            s.variants.enumerated().map { v, variant in
                var plan = VariantPlan(variant, scenario: s, inputs: inputs)
                for j in plan.interventions.indices { plan.interventions[j].valueThreshold = thresholds?[r][v][j] ?? -.infinity }
                return plan
            }
        }
        let horizonForValue = valueHorizon ?? h
        let scorers = inputs.map { e in
            s.population.segments.map {
                ExpectedValueScorer(segment: $0, margin: e.margin, discountRate: e.periodDiscountRate(s.horizon.period), horizon: horizonForValue)
            }
        }
        let scoringPass = self.scoringPass
        let maxInterventions = max(1, s.variants.map(\.interventions.count).max() ?? 0)
        let hasInterventions = s.variants.map { !$0.interventions.isEmpty }

        let chunksPerReplication = (n + Self.chunkSize - 1) / Self.chunkSize
        let workItems = replications * chunksPerReplication
        let segmentCount = s.population.segments.count
        let block = h * PeriodTotals.metricCount
        // Period sums by chunk, variant and segment.
        let totalsPerChunk = variantCount * segmentCount * block

        // Output slots: every work item owns disjoint ranges, so workers never share a write.
        let clv = SharedBuffer<Double>(count: variantCount * replications * n)
        let cost = SharedBuffer<Double>(count: hasInterventions.contains(true) ? variantCount * replications * n : 0)
        let detail = recordCustomerDetail
        let payback = SharedBuffer<Int32>(count: variantCount * replications * n)
        let revenue = SharedBuffer<Double>(count: detail ? variantCount * replications * n : 0)
        let aliveFlag = SharedBuffer<UInt8>(count: detail ? variantCount * replications * n : 0)
        let history = SharedBuffer<Int32>(count: detail ? 2 * variantCount * replications * n : 0)
        let firstReplication = self.firstReplication
        let chunkTotals = SharedBuffer<Double>(count: workItems * totalsPerChunk)
        let chunkAlive = SharedBuffer<Int>(count: workItems * variantCount)
        let discounts = SharedBuffer<Double>(count: replications * h)
        let activityKeys = SharedBuffer<UInt64>(count: h)
        for t in 1...h { activityKeys[t - 1] = CustomerKey.periodKey(period: t, purpose: .activity) }
        for r in 0..<replications {
            for (t, f) in inputs[r].discountFactors(s.horizon).enumerated() { discounts[r * h + t] = f }
        }
        defer { activityKeys.free(); clv.free(); payback.free(); history.free(); cost.free(); revenue.free(); aliveFlag.free(); chunkTotals.free(); chunkAlive.free(); discounts.free() }

        let counters = WorkCounters()
        let order = scheduling
        let workers = min(threads, max(1, workItems))
        let seed = s.seed

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    let stream = KeyedStream()
                    let state = UnsafeMutablePointer<InterventionState>.allocate(capacity: maxInterventions)
                    state.initialize(repeating: InterventionState(), count: maxInterventions)
                    defer { state.deallocate() }
                    while true {
                        let claimed = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if claimed >= workItems { break }
                        let item = order == .inOrder ? claimed : workItems - 1 - claimed
                        let r = item / chunksPerReplication
                        let chunk = item % chunksPerReplication
                        let lo = chunk * Self.chunkSize, hi = min(n, lo + Self.chunkSize)
                        let totals = chunkTotals.base + item * totalsPerChunk
                        let alive = chunkAlive.base + item * variantCount
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
                            for v in 0..<variantCount {
                                let vp = variantPlans[r][v]
                                let out = vp.interventions.withUnsafeBufferPointer { ivs in
                                    vp.tiers.withUnsafeBufferPointer { tiers in
                                        simulateCustomer(
                                            plan: plan, traits: traits, context: context, stream: stream, economics: economics,
                                            periods: h, totals: totals + (v * segmentCount + segment) * block,
                                            interventions: ivs, tiers: tiers, state: state)
                                    }
                                }
                                clv[(v * replications + r) * n + i] = out.clv
                                payback[(v * replications + r) * n + i] = out.payback
                                if hasInterventions[v] { cost[(v * replications + r) * n + i] = out.campaignCost }
                                if detail {
                                    revenue[(v * replications + r) * n + i] = out.revenue
                                    aliveFlag[(v * replications + r) * n + i] = out.alive ? 1 : 0
                                    history[2 * ((v * replications + r) * n + i)] = out.purchases
                                    history[2 * ((v * replications + r) * n + i) + 1] = out.lastPurchase
                                }
                                if out.alive { alive[v] += 1 }
                            }
                        }
                        let finished = counters.done.wrappingAdd(hi - lo, ordering: .relaxed).newValue
                        progress?(finished, replications * n)
                    }
                }
            }
        }
        try Task.checkCancellation()

        // Merge in chunk order: the same additions in the same order on every machine.
        var outcomes: [VariantOutcome] = []
        for v in 0..<variantCount {
            var perReplication: [PeriodTotals] = []
            var perSegment = Array(repeating: PeriodTotals(periods: h), count: segmentCount)
            var aliveAtHorizon: [Int] = []
            var fixedShare: [Double] = []
            for r in 0..<replications {
                var totals = PeriodTotals(periods: h)
                var alive = 0
                for chunk in 0..<chunksPerReplication {
                    let item = r * chunksPerReplication + chunk
                    for g in 0..<segmentCount {
                        let start = chunkTotals.base + item * totalsPerChunk + (v * segmentCount + g) * block
                        let buffer = UnsafeBufferPointer(start: start, count: block)
                        totals.add(contentsOf: buffer)
                        perSegment[g].add(contentsOf: buffer)
                    }
                    alive += chunkAlive[item * variantCount + v]
                }
                // Fixed costs belong to the whole variant: booked at the start period.
                var share = 0.0
                for (period, amount) in variantPlans[r][v].fixedCosts {
                    let factor = discounts[r * h + period - 1]
                    totals.add(amount, period: period, metric: .campaignCosts)
                    totals.add(-amount * factor, period: period, metric: .discountedCashFlow)
                    share += amount * factor / Double(n)
                }
                perReplication.append(totals)
                aliveAtHorizon.append(alive)
                fixedShare.append(share)
            }
            let values = Array(UnsafeBufferPointer(start: clv.base + v * replications * n, count: replications * n))
            let costs = hasInterventions[v] ? Array(UnsafeBufferPointer(start: cost.base + v * replications * n, count: replications * n)) : []
            let range = (v * replications * n)..<((v + 1) * replications * n)
            outcomes.append(VariantOutcome(name: s.variants[v].name, grossCLV: values, campaignCost: costs,
                                           fixedCostPerCustomer: fixedShare, periodTotals: perReplication,
                                           segmentPeriodTotals: perSegment,
                                           aliveAtHorizon: aliveAtHorizon,
                                           paybackPeriod: Array(UnsafeBufferPointer(start: payback.base + range.lowerBound, count: range.count)),
                                           revenue: detail ? range.map { revenue[$0] } : [],
                                           aliveAtEnd: detail ? range.map { aliveFlag[$0] != 0 } : [],
                                           purchaseCount: detail ? range.map { history[2 * $0] } : [],
                                           lastPurchasePeriod: detail ? range.map { history[2 * $0 + 1] } : []))
        }
        return SimulationResult(scenario: s, layout: layout, inputs: inputs, resolvedInputs: resolved, variants: outcomes)
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
                defer { buffer.free() }
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

/// A zero-initialised buffer shared by workers that write disjoint index ranges.
final class SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int) where Element: Numeric {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    func free() { base.deallocate() }
}

/// Active processor count without importing Foundation into the engine's hot files.
enum ProcessInfoCores {
    static var active: Int { ProcessInfoShim.activeProcessorCount }
}
