import Stochastic

/// What a `--streaming` run produced: per variant, the moments, sketches and totals the summary
/// needs, with no per-customer value kept.
///
/// Gross CLV here is already net of each customer's share of fixed campaign costs, and
/// campaign cost includes it (as the statistics of a normal run see them).
public struct StreamingResult: Sendable {
    public let scenario: Scenario
    public let layout: PopulationLayout
    public let inputs: [ReplicationInputs]
    public let resolvedInputs: [ResolvedInputs]
    public let variants: [StreamingVariantOutcome]

    public var customers: Int { layout.customers }
    public var replications: Int { inputs.count }
    public var periods: Int { scenario.horizon.periods }
}

public struct StreamingVariantOutcome: Sendable {
    public let name: String
    /// Period sums per replication (fixed costs included), and per segment pooled.
    public let periodTotals: [PeriodTotals]
    public let segmentPeriodTotals: [PeriodTotals]
    public let aliveAtHorizon: [Int]
    public let fixedCostPerCustomer: [Double]
    /// Gross CLV moments, `[replication][segment]`.
    public let gross: [[RunningMoments]]
    /// Campaign cost moments, `[replication][segment]`.
    public let campaignCost: [[RunningMoments]]
    /// Per replication: moments of (this variant − the first variant) in gross CLV (x) and in
    /// campaign cost (y), customer by customer; empty for the first variant.
    public let differenceFromBaseline: [PairedMoments]
    /// Gross CLV per segment.
    public let grossSketch: [QuantileSketch]
    /// Net CLV (gross − CAC), all segments.
    public let netSketch: QuantileSketch
    /// Customers with gross < 0 and net < 0, per segment.
    public let negativeGross: [Int]
    public let negativeNet: [Int]
    /// Customers by CAC-payback period 0 … H (0: not within the horizon), per segment.
    public let paybackCounts: [[Int]]
    /// Whether any customer of any variant carries a campaign cost.
    public let hasCampaignCosts: Bool
    /// How many customers each of the variant's interventions reached, per replication.
    public internal(set) var reach: [InterventionReach] = []

    /// Gross CLV moments of one replication, all segments (merged in segment order).
    public func gross(replication r: Int) -> RunningMoments {
        gross[r].reduce(into: RunningMoments()) { $0.merge($1) }
    }
}

/// Why a streaming run cannot be summarised.
public struct StreamingOverflow: Error, CustomStringConvertible {
    public var description: String {
        "a period total exceeded the range of --streaming's exact sums (±4 × 10²⁸); check extreme spend or rate parameters"
    }
}

extension RunPlan {
    /// Combine streaming buffers that together cover every work item: chunk records merged in
    /// chunk order, accumulators added.
    func assembleStreaming(_ parts: [StreamingBuffers]) throws -> StreamingResult {
        let s = scenario
        let sortedParts = parts.filter { !$0.items.isEmpty }.sorted { $0.items.lowerBound < $1.items.lowerBound }
        let totals = StreamingAccumulator(self)
        for p in parts { totals.add(p.totals) }
        func part(of item: Int) -> StreamingBuffers { sortedParts.last { $0.items.lowerBound <= item }! }
        let anyCosts = hasInterventions.contains(true) || fixedShare.contains { $0 != 0 }

        var outcomes: [StreamingVariantOutcome] = []
        for v in 0..<variantCount {
            var gross: [[RunningMoments]] = [], cost: [[RunningMoments]] = [], paired: [PairedMoments] = []
            var perReplication: [PeriodTotals] = []
            var perSegment = Array(repeating: PeriodTotals(periods: periods), count: segmentCount)
            var reach: [[ReachCounts]] = []
            for r in 0..<replications {
                var g = Array(repeating: RunningMoments(), count: segmentCount), c = g
                var d = PairedMoments()
                for chunk in 0..<chunksPerReplication {
                    let item = r * chunksPerReplication + chunk
                    let p = part(of: item)
                    let local = item - p.items.lowerBound
                    for k in 0..<segmentCount {
                        g[k].merge(p.gross[local * p.cellsPerItem + v * segmentCount + k].moments)
                        c[k].merge(p.cost[local * p.cellsPerItem + v * segmentCount + k].moments)
                    }
                    if v > 0 { d.merge(p.paired[local * variantCount + v].moments) }
                }
                gross.append(g)
                cost.append(c)
                if v > 0 { paired.append(d) }
                var replicationTotals = PeriodTotals(periods: periods)
                var blocks: [(Int) -> Double] = []
                for k in 0..<segmentCount {
                    let start = ((v * replications + r) * segmentCount + k) * block
                    let sums = (0..<block).map { totals.periodSum(start + $0) }
                    if sums.contains(where: \.overflowed) { throw StreamingOverflow() }
                    let values = sums.map(\.value)
                    values.withUnsafeBufferPointer {
                        replicationTotals.add(contentsOf: $0)
                        perSegment[k].add(contentsOf: $0)
                    }
                    if reachInterventions > 0 { blocks.append { values[$0] } }
                }
                reach.append(self.reach(variant: v, blocks: blocks))
                bookFixedCosts(&replicationTotals, replication: r, variant: v)
                perReplication.append(replicationTotals)
            }
            outcomes.append(StreamingVariantOutcome(
                name: s.variants[v].name, periodTotals: perReplication, segmentPeriodTotals: perSegment,
                aliveAtHorizon: (0..<replications).map { totals.alive[v * replications + $0] },
                fixedCostPerCustomer: (0..<replications).map { fixedShare[$0 * variantCount + v] },
                gross: gross, campaignCost: cost, differenceFromBaseline: paired,
                grossSketch: (0..<segmentCount).map { totals.sketch(variant: v, index: $0) },
                netSketch: totals.sketch(variant: v, index: segmentCount),
                negativeGross: (0..<segmentCount).map { totals.negatives[(v * segmentCount + $0) * 2] },
                negativeNet: (0..<segmentCount).map { totals.negatives[(v * segmentCount + $0) * 2 + 1] },
                paybackCounts: (0..<segmentCount).map { k in (0...periods).map { totals.payback[(v * segmentCount + k) * (periods + 1) + $0] } },
                hasCampaignCosts: anyCosts))
            outcomes[v].reach = reachByIntervention(variant: v, reach)
        }
        return StreamingResult(scenario: s, layout: layout, inputs: inputs, resolvedInputs: resolved, variants: outcomes)
    }
}
