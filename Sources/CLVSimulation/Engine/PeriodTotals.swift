/// What is summed over customers in each period (DESIGN.md §7, `periods.csv`).
public enum PeriodMetric: Int, CaseIterable, Sendable, Codable {
    /// Customers live in the period (alive at its start).
    case alive
    /// Purchases made in the period.
    case purchases
    /// Revenue: spend plus subscription fees.
    case revenue
    /// Revenue × margin.
    case margin
    /// Cost to serve plus campaign costs.
    case costs
    /// (margin − costs) × (1 + d)^−t.
    case discountedCashFlow

    public var name: String {
        switch self {
        case .alive: return "alive"
        case .purchases: return "purchases"
        case .revenue: return "revenue"
        case .margin: return "margin"
        case .costs: return "costs"
        case .discountedCashFlow: return "discounted_cash_flow"
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

    mutating func add(contentsOf buffer: UnsafeBufferPointer<Double>) {
        for i in values.indices { values[i] += buffer[i] }
    }

    /// Whole-horizon sum of a metric.
    public func total(_ metric: PeriodMetric) -> Double {
        (1...periods).reduce(0) { $0 + self[$1, metric] }
    }
}
