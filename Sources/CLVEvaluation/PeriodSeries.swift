/// Period sums of a group of customers (a variant or one of its segments, pooled over
/// replications) as the summary reads them. The evaluator knows nothing of the engine's period
/// table: the workflow copies out these few series.
public struct PeriodSeries: Sendable {
    /// Customer-replications the sums are over (the divisor of every per-customer figure).
    public var customers: Int
    /// Per period t = 1 … T: customers live in t (alive at its start).
    public var alive: [Double]
    /// Per period: discounted cash flow (for a variant, fixed campaign costs included).
    public var discountedCashFlow: [Double]
    /// Whole-horizon totals, undiscounted.
    public var purchases: Double
    public var revenue: Double
    public var margin: Double
    /// The discounted cash flow by part (the waterfall's input); `nil` when not computed.
    public var components: CashFlowComponents?

    public init(customers: Int, alive: [Double], discountedCashFlow: [Double], purchases: Double = 0, revenue: Double = 0, margin: Double = 0,
                components: CashFlowComponents? = nil) {
        self.components = components
        self.customers = customers
        self.alive = alive
        self.discountedCashFlow = discountedCashFlow
        self.purchases = purchases
        self.revenue = revenue
        self.margin = margin
    }

    /// Share of customers live in each period.
    public var survival: [Double] { alive.map { $0 / Double(customers) } }

    /// Cumulative discounted cash flow per customer at the end of each period.
    public var cumulativeDiscountedValue: [Double] {
        var running = 0.0
        return discountedCashFlow.map { running += $0 / Double(customers); return running }
    }

    /// The payback of the average customer: the first period whose cumulative discounted value per
    /// customer reaches the mean CAC.
    public func averageCustomerPayback(acquisitionCost: Double) -> Int? {
        cumulativeDiscountedValue.firstIndex { $0 >= acquisitionCost }.map { $0 + 1 }
    }
}
