import Dispatch
import Stochastic
import Synchronization

/// Everything a run needs before any customer is simulated: the population layout, the inputs
/// drawn for each replication, interventions compiled per replication and variant, and the
/// fixed split of the work into chunks. It is a pure function of the scenario (and the
/// top-k % thresholds), so a shard, a merge and a single-process run all build the same one.
struct RunPlan: @unchecked Sendable {
    let scenario: Scenario
    let layout: PopulationLayout
    let customers: Int
    /// Real customers the simulated ones stand for: fixed costs are shared over them.
    let baseSize: Int
    let periods: Int
    let replications: Int
    let variantCount: Int
    let segmentCount: Int
    let resolved: [ResolvedInputs]
    let inputs: [ReplicationInputs]
    /// [replication][segment]: replications differ when they draw the fitted models' parameters.
    let segmentPlans: [[SegmentPlan]]
    /// A real base's histories and posterior models (`from_customers`).
    let customerBase: CustomerBasePlan?
    let pAliveModels: [PAliveScorer.Model?]
    /// [replication][variant], with every number resolved and the top-k % thresholds set.
    let variantPlans: [[VariantPlan]]
    /// [replication][segment]
    let scorers: [[ExpectedValueScorer?]]
    let hasInterventions: [Bool]
    let thresholds: [[[Double]]]?
    let chunksPerReplication: Int
    /// Replications × chunks: the units of work, in replication-major order.
    let workItems: Int
    /// Period sums of one variant and segment in one chunk: periods × metrics, then the reach
    /// counts of up to `reachInterventions` interventions (``ReachCounts``).
    let block: Int
    /// Where a block's reach counts start (periods × metrics).
    let reachOffset: Int
    /// The most interventions of any variant (0 when none has any: blocks hold period sums only).
    let reachInterventions: Int
    /// Period sums of one chunk: variants × segments × block.
    let totalsPerChunk: Int
    /// (1 + d)^−t per replication, `r × periods + t − 1`.
    let discounts: SharedBuffer<Double>
    /// The customer-independent half of each period's activity-stream key.
    let activityKeys: SharedBuffer<UInt64>
    /// Each customer's equal share of the variant's discounted fixed campaign costs, `r × variants + v`.
    let fixedShare: [Double]

    init(engine: SimulationEngine, thresholds: [[[Double]]]?) {
        let s = engine.scenario
        scenario = s
        layout = s.population.layout
        customers = layout.customers
        baseSize = s.population.base
        periods = s.horizon.periods
        replications = s.replications
        variantCount = s.variants.count
        segmentCount = s.population.segments.count
        let catalog = InputCatalog(s)
        resolved = (0..<s.replications).map { engine.inputOverride ?? catalog.draw(seed: s.seed, replication: engine.firstReplication + $0) }
        inputs = resolved.map(\.economics)
        let models = (0..<s.replications).map { r in
            FittedDraw.population(s, replication: engine.firstReplication + r, drawing: engine.inputOverride == nil)
        }
        segmentPlans = models.map { $0.segments.map(SegmentPlan.init) }
        customerBase = s.population.customerBase.map { base in
            CustomerBasePlan(base: base, purchases: models.map { $0.posterior ?? base.purchases }, spend: models.map { $0.spend ?? base.spend },
                             drawsHazardBudget: { if case .paretonbd = base.purchases { return true }; return false }())
        }
        pAliveModels = s.population.segments.map(PAliveScorer.Model.init(segment:))
        self.thresholds = thresholds
        variantPlans = resolved.enumerated().map { r, inputs in
            s.variants.enumerated().map { v, variant in
                var plan = VariantPlan(variant, scenario: s, inputs: inputs)
                for j in plan.interventions.indices { plan.interventions[j].valueThreshold = thresholds?[r][v][j] ?? -.infinity }
                return plan
            }
        }
        let horizonForValue = engine.valueHorizon ?? s.horizon.periods
        scorers = inputs.map { e in
            s.population.segments.map {
                ExpectedValueScorer(segment: $0, margin: e.margin, discountRate: e.periodDiscountRate(s.horizon.period), horizon: horizonForValue)
            }
        }
        hasInterventions = s.variants.map { !$0.interventions.isEmpty }
        chunksPerReplication = (customers + SimulationEngine.chunkSize - 1) / SimulationEngine.chunkSize
        workItems = replications * chunksPerReplication
        reachOffset = periods * PeriodTotals.metricCount
        reachInterventions = s.variants.map(\.interventions.count).max() ?? 0
        block = reachOffset + reachInterventions * ReachCounts.cellCount
        totalsPerChunk = variantCount * segmentCount * block
        discounts = SharedBuffer<Double>(count: replications * periods)
        activityKeys = SharedBuffer<UInt64>(count: periods)
        for t in 1...periods { activityKeys[t - 1] = CustomerKey.periodKey(period: t, purpose: .activity) }
        for r in 0..<replications {
            for (t, f) in inputs[r].discountFactors(s.horizon).enumerated() { discounts[r * periods + t] = f }
        }
        var shares: [Double] = []
        for r in 0..<replications {
            for v in 0..<variantCount {
                var share = 0.0
                for (period, amount) in variantPlans[r][v].fixedCosts { share += amount * discounts[r * periods + period - 1] / Double(baseSize) }
                shares.append(share)
            }
        }
        fixedShare = shares
    }

    /// The customers (replication-major index `r × customers + i`) covered by `items`.
    func customerRange(items: Range<Int>) -> Range<Int> {
        func first(_ item: Int) -> Int {
            if item >= workItems { return replications * customers }
            return (item / chunksPerReplication) * customers + (item % chunksPerReplication) * SimulationEngine.chunkSize
        }
        return first(items.lowerBound)..<first(items.upperBound)
    }

    /// Fixed costs belong to the whole variant: booked in their start period, the simulated
    /// customers' pro-rata part of the base's cost (all of it when every customer is simulated),
    /// so that period totals stay the sums of the simulated customers' values.
    func bookFixedCosts(_ totals: inout PeriodTotals, replication r: Int, variant v: Int) {
        let part = Double(customers) / Double(baseSize)
        for (period, whole) in variantPlans[r][v].fixedCosts {
            let amount = whole * part
            totals.add(amount, period: period, metric: .campaignCosts)
            totals.add(amount, period: period, metric: .fixedCosts)
            totals.add(-amount * discounts[r * periods + period - 1], period: period, metric: .discountedCashFlow)
        }
    }

    /// Gather buffers that together cover every work item, in any order, into the result:
    /// period sums are added in chunk order, so the result does not depend on how the work
    /// was split (threads, shards).
    ///
    /// - Complexity: O(customers × replications × variants) copies, plus O(chunks × variants ×
    ///   segments × periods) for the period sums.
    func assemble(_ parts: [RunBuffers]) -> SimulationResult {
        let s = scenario
        let n = customers, h = periods
        // Empty parts (more shards than chunks) hold nothing and would shadow their neighbour.
        let sortedParts = parts.filter { !$0.items.isEmpty }.sorted { $0.items.lowerBound < $1.items.lowerBound }
        func part(of item: Int) -> RunBuffers { sortedParts.last { $0.items.lowerBound <= item }! }
        // The per-customer values are copied out of the parts into each variant's arrays on all
        // cores: with several variants the copy (and faulting in the arrays' fresh pages) is a
        // visible share of a run.
        let detail = sortedParts.first?.detail ?? false
        let values = Mutex([CustomerValues?](repeating: nil, count: variantCount))
        DispatchQueue.concurrentPerform(iterations: variantCount) { v in
            var out = CustomerValues()
            out.clv.reserveCapacity(replications * n)
            out.payback.reserveCapacity(replications * n)
            for p in sortedParts {
                let range = (v * p.span)..<((v + 1) * p.span)
                out.clv += UnsafeBufferPointer(start: p.clv.base + range.lowerBound, count: p.span)
                out.payback += UnsafeBufferPointer(start: p.payback.base + range.lowerBound, count: p.span)
                if hasInterventions[v] { out.costs += UnsafeBufferPointer(start: p.cost.base + range.lowerBound, count: p.span) }
                if detail {
                    out.revenue += UnsafeBufferPointer(start: p.revenue.base + range.lowerBound, count: p.span)
                    out.aliveAtEnd += range.map { p.aliveFlag[$0] != 0 }
                    out.purchases += range.map { p.history[2 * $0] }
                    out.last += range.map { p.history[2 * $0 + 1] }
                    out.reachFlags += UnsafeBufferPointer(start: p.reachFlags.base + range.lowerBound, count: p.span)
                }
            }
            values.withLock { $0[v] = out }
        }
        let perVariant = values.withLock { $0.map { $0! } }
        var outcomes: [VariantOutcome] = []
        for v in 0..<variantCount {
            var perReplication: [PeriodTotals] = []
            var perSegment = Array(repeating: PeriodTotals(periods: h), count: segmentCount)
            var aliveAtHorizon: [Int] = []
            var fixedShare: [Double] = []
            var reach: [[ReachCounts]] = []
            for r in 0..<replications {
                var totals = PeriodTotals(periods: h)
                var alive = 0
                var blocks: [(Int) -> Double] = []
                for chunk in 0..<chunksPerReplication {
                    let item = r * chunksPerReplication + chunk
                    let p = part(of: item)
                    let local = item - p.items.lowerBound
                    for g in 0..<segmentCount {
                        let start = p.chunkTotals.base + local * totalsPerChunk + (v * segmentCount + g) * block
                        let buffer = UnsafeBufferPointer(start: start, count: block)
                        totals.add(contentsOf: buffer)
                        perSegment[g].add(contentsOf: buffer)
                        if reachInterventions > 0 { blocks.append { buffer[$0] } }
                    }
                    alive += p.chunkAlive[local * variantCount + v]
                }
                bookFixedCosts(&totals, replication: r, variant: v)
                perReplication.append(totals)
                aliveAtHorizon.append(alive)
                fixedShare.append(self.fixedShare[r * variantCount + v])
                reach.append(self.reach(variant: v, blocks: blocks))
            }
            let x = perVariant[v]
            outcomes.append(VariantOutcome(name: s.variants[v].name, grossCLV: x.clv, campaignCost: x.costs,
                                           fixedCostPerCustomer: fixedShare, periodTotals: perReplication,
                                           segmentPeriodTotals: perSegment, aliveAtHorizon: aliveAtHorizon,
                                           paybackPeriod: x.payback, revenue: x.revenue, aliveAtEnd: x.aliveAtEnd,
                                           purchaseCount: x.purchases, lastPurchasePeriod: x.last))
            outcomes[v].reach = reachByIntervention(variant: v, reach)
            outcomes[v].reachFlags = x.reachFlags
        }
        return SimulationResult(scenario: s, layout: layout, inputs: inputs, resolvedInputs: resolved, variants: outcomes)
    }
}

/// One variant's per-customer arrays, as ``VariantOutcome`` holds them.
private struct CustomerValues: Sendable {
    var clv: [Double] = [], costs: [Double] = [], payback: [Int32] = []
    var revenue: [Double] = [], aliveAtEnd: [Bool] = [], purchases: [Int32] = [], last: [Int32] = []
    var reachFlags: [UInt64] = []
}

/// The outputs of a range of work items: per-customer values (variant-major over the covered
/// customers) and each chunk's period sums and alive counts.
final class RunBuffers: @unchecked Sendable {
    let items: Range<Int>
    /// Replication-major customer indices covered (`r × customers + i`).
    let customers: Range<Int>
    let detail: Bool
    let clv: SharedBuffer<Double>
    let cost: SharedBuffer<Double>
    let payback: SharedBuffer<Int32>
    let revenue: SharedBuffer<Double>
    let aliveFlag: SharedBuffer<UInt8>
    let history: SharedBuffer<Int32>
    let reachFlags: SharedBuffer<UInt64>
    let chunkTotals: SharedBuffer<Double>
    let chunkAlive: SharedBuffer<Int>

    var span: Int { customers.count }

    /// Without `values` (streaming) nothing per customer or per chunk is allocated.
    init(_ run: RunPlan, items: Range<Int>, detail: Bool, values: Bool = true) {
        self.items = items
        customers = run.customerRange(items: items)
        self.detail = detail
        let slots = values ? run.variantCount * customers.count : 0
        // Every customer's slots are written by the simulation (the cost only in variants with
        // interventions, the only ones that read it).
        clv = SharedBuffer(filledByWorkers: slots)
        cost = SharedBuffer(filledByWorkers: run.hasInterventions.contains(true) ? slots : 0)
        payback = SharedBuffer(filledByWorkers: slots)
        revenue = SharedBuffer(filledByWorkers: detail ? slots : 0)
        aliveFlag = SharedBuffer(filledByWorkers: detail ? slots : 0)
        history = SharedBuffer(filledByWorkers: detail ? 2 * slots : 0)
        reachFlags = SharedBuffer(filledByWorkers: detail ? slots : 0)
        chunkTotals = SharedBuffer(count: values ? items.count * run.totalsPerChunk : 0)
        chunkAlive = SharedBuffer(count: values ? items.count * run.variantCount : 0)
    }

}
