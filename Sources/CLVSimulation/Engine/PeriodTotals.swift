/// What is summed over customers in each period (DESIGN.md §7, `periods.csv`).
public enum PeriodMetric: Int, CaseIterable, Sendable, Codable {
    /// Customers live in the period (alive at its start).
    case alive
    /// Purchases made in the period.
    case purchases
    /// Revenue: spend plus subscription fees.
    case revenue
    /// List revenue × margin − discounts.
    case margin
    /// Cost to serve.
    case costs
    /// Campaign costs: contacts, memberships, rewards, running costs, fixed costs.
    case campaignCosts
    /// Revenue forgone to discounts (list price − price paid); already out of revenue and margin.
    case discounts
    /// (margin − costs − campaign costs) × (1 + d)^−t.
    case discountedCashFlow
    /// Rewards paid (reward rate × revenue): the part of campaign costs that loyalty rewards are.
    case rewards
    /// Fixed campaign costs (the simulated customers' pro-rata part): also in campaign costs.
    case fixedCosts

    public var name: String {
        switch self {
        case .alive: return "alive"
        case .purchases: return "purchases"
        case .revenue: return "revenue"
        case .margin: return "margin"
        case .costs: return "cost_to_serve"
        case .campaignCosts: return "campaign_costs"
        case .discounts: return "discounts"
        case .discountedCashFlow: return "discounted_cash_flow"
        case .rewards: return "rewards"
        case .fixedCosts: return "fixed_costs"
        }
    }
}

/// Per-period sums for one variant, flat `[period][metric]` storage.
public struct PeriodTotals: Sendable, Equatable, Codable {
    public let periods: Int
    public private(set) var values: [Double]

    static let metricCount = PeriodMetric.allCases.count

    public init(periods: Int) {
        self.periods = periods
        values = Array(repeating: 0, count: periods * PeriodTotals.metricCount)
    }

    /// Value of `metric` in period `t` (1-based).
    public subscript(t: Int, metric: PeriodMetric) -> Double {
        values[(t - 1) * PeriodTotals.metricCount + metric.rawValue]
    }

    /// Add another set of totals, element by element (used in chunk order).
    public mutating func add(_ other: PeriodTotals) {
        precondition(other.periods == periods)
        for i in values.indices { values[i] += other.values[i] }
    }

    /// Element-wise sum of several totals (e.g. a variant's replications), added in order.
    public static func sum(_ totals: [PeriodTotals], periods: Int) -> PeriodTotals {
        var sum = PeriodTotals(periods: periods)
        for t in totals { sum.add(t) }
        return sum
    }

    /// Add `amount` to one cell.
    mutating func add(_ amount: Double, period t: Int, metric: PeriodMetric) {
        values[(t - 1) * PeriodTotals.metricCount + metric.rawValue] += amount
    }

    mutating func add(contentsOf buffer: UnsafeBufferPointer<Double>) {
        for i in values.indices { values[i] += buffer[i] }
    }

    /// Whole-horizon sum of a metric.
    public func total(_ metric: PeriodMetric) -> Double {
        (1...periods).reduce(0) { $0 + self[$1, metric] }
    }
}
