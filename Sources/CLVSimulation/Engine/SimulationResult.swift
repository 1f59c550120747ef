/// Everything a run produced, per variant and replication.
public struct SimulationResult: Sendable {
    /// The scenario as run (with command-line overrides applied).
    public let scenario: Scenario
    /// Which customers are in which segment.
    public let layout: PopulationLayout
    /// The economics drawn for each replication.
    public let inputs: [ReplicationInputs]
    /// Every scalar input (economics and interventions) drawn for each replication.
    public let resolvedInputs: [ResolvedInputs]
    public let variants: [VariantOutcome]

    public var customers: Int { layout.customers }
    public var replications: Int { inputs.count }
    public var periods: Int { scenario.horizon.periods }
}

/// The outcome of one variant.
public struct VariantOutcome: Sendable {
    public let name: String
    /// Gross CLV (discounted margin minus cost to serve and the customer's own campaign costs,
    /// before acquisition cost) of every simulated customer, replication-major: index
    /// `replication × customers + customer`. Fixed campaign costs are not in it (they are caused
    /// by no single customer): see ``fixedCostPerCustomer``.
    public let grossCLV: [Double]
    /// Discounted campaign cost caused by each customer (contacts, memberships, rewards, running
    /// costs and discount subsidies), same layout as `grossCLV`; empty when the variant has no
    /// interventions (all zero).
    public let campaignCost: [Double]
    /// Discounted fixed campaign costs shared equally by the variant's customers, per replication.
    public let fixedCostPerCustomer: [Double]
    /// Period sums per replication (fixed costs included in their start period).
    public let periodTotals: [PeriodTotals]
    /// Period sums per segment (scenario order), pooled over replications; fixed campaign costs,
    /// which belong to no segment, are left out.
    public let segmentPeriodTotals: [PeriodTotals]
    /// Customers still alive after the last period, per replication.
    public let aliveAtHorizon: [Int]
    /// First period in which each customer's cumulative discounted cash flow reached the CAC
    /// (0: not within the horizon); fixed campaign costs are not counted. Layout of `grossCLV`.
    public let paybackPeriod: [Int32]
    /// With `recordCustomerDetail`: undiscounted revenue of each customer (layout of `grossCLV`).
    public let revenue: [Double]
    /// With `recordCustomerDetail`: whether each customer is alive after the last period.
    public let aliveAtEnd: [Bool]
    /// With `recordCustomerDetail`: purchases over the horizon and the period of the last one
    /// (0: none) — a customer's frequency and recency at period granularity.
    public let purchaseCount: [Int32]
    public let lastPurchasePeriod: [Int32]
    /// How many customers each of the variant's interventions reached, per replication.
    public internal(set) var reach: [InterventionReach] = []
    /// With `recordCustomerDetail`: which interventions targeted each customer and which it
    /// enrolled in (``CustomerOutcome/reachFlags``; layout of `grossCLV`).
    public internal(set) var reachFlags: [UInt64] = []

    /// Whether intervention `j` targeted / enrolled the customer at `index` (needs `reachFlags`).
    public func reached(_ index: Int, intervention j: Int) -> (targeted: Bool, enrolled: Bool) {
        let f = reachFlags[index] >> UInt64(2 * j)
        return (f & 1 != 0, f & 2 != 0)
    }

    /// Gross CLV values of one replication (without the fixed-cost share).
    public func grossCLV(replication r: Int, customers n: Int) -> ArraySlice<Double> {
        grossCLV[(r * n)..<((r + 1) * n)]
    }

    /// Campaign cost of customer `i` in replication `r`, fixed share included.
    public func campaignCost(replication r: Int, customer i: Int, customers n: Int) -> Double {
        (campaignCost.isEmpty ? 0 : campaignCost[r * n + i]) + fixedCostPerCustomer[r]
    }
}
