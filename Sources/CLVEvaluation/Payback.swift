/// Per-customer cumulative cash flows by period: the input of the CAC payback period.
///
/// `cumulative[i][t − 1]` is customer i's cumulative (discounted or not, as the producer
/// chooses) net cash flow through period t, *before* acquisition cost; `acquisitionCosts[i]` is
/// the CAC charged at t = 0. Customer i has paid back in the first period t with
/// cumulative ≥ CAC. Stored flat, row-major.
public struct CashFlowPaths: Codable, Sendable, Equatable {
    public let customers: Int
    public let periods: Int
    public let cumulative: [Double]
    public let acquisitionCosts: [Double]

    /// - Parameters:
    ///   - cumulative: one row per customer, one column per period 1…T, all rows the same length.
    ///   - acquisitionCosts: one CAC per customer.
    public init(cumulative rows: [[Double]], acquisitionCosts: [Double]) throws(EvaluationError) {
        guard let first = rows.first, !first.isEmpty else { throw .insufficientData("payback needs at least one customer and one period") }
        guard rows.allSatisfy({ $0.count == first.count }) else { throw .invalidTable("cash-flow rows differ in length") }
        guard acquisitionCosts.count == rows.count else {
            throw .invalidTable("\(acquisitionCosts.count) acquisition costs for \(rows.count) customers")
        }
        customers = rows.count
        periods = first.count
        cumulative = rows.flatMap { $0 }
        self.acquisitionCosts = acquisitionCosts
    }

    /// The same CAC for every customer.
    public init(cumulative rows: [[Double]], acquisitionCost: Double) throws(EvaluationError) {
        try self.init(cumulative: rows, acquisitionCosts: [Double](repeating: acquisitionCost, count: rows.count))
    }

    /// The customers at `indices` (e.g. one segment), in that order.
    /// Throws when `indices` is empty.
    public func rows(_ indices: [Int]) throws(EvaluationError) -> CashFlowPaths {
        try CashFlowPaths(
            cumulative: indices.map { Array(cumulative[($0 * periods)..<(($0 + 1) * periods)]) },
            acquisitionCosts: indices.map { acquisitionCosts[$0] })
    }

    /// The first period (1-based) in which customer i's cumulative cash flow reaches its CAC.
    public func paybackPeriod(ofCustomer i: Int) -> Int? {
        let row = cumulative[(i * periods)..<((i + 1) * periods)]
        return row.firstIndex(where: { $0 >= acquisitionCosts[i] }).map { $0 - i * periods + 1 }
    }
}

/// The distribution of CAC payback periods.
public struct PaybackStatistics: Codable, Sendable, Equatable {
    public var customers: Int
    public var periods: Int
    /// `distribution[t − 1]` customers paid back in period t.
    public var distribution: [Int]
    /// Customers not paid back within the horizon.
    public var neverPaidBack: Int
    /// Share paid back by the end of each period (cumulative distribution).
    public var cumulativeShare: [Double]
    /// Share paid back within the horizon.
    public var paidBackShare: Double
    /// Median payback period: the first t at which at least half of the customers have paid
    /// back, counting those who never do as beyond the horizon. `nil` when fewer than half pay
    /// back within the horizon.
    public var medianPeriod: Int?
    /// Payback of the average customer: the first t with mean cumulative cash flow ≥ mean CAC.
    public var averageCustomerPeriod: Int?

    /// From payback periods already found (1-based; 0 = not within the horizon), e.g. tracked by
    /// the simulation engine while it runs, so no per-period paths need to be stored.
    /// `averageCustomerPeriod` is the producer's: it needs the mean path.
    public init(paybackPeriods: [Int32], periods: Int, averageCustomerPeriod: Int?) {
        customers = paybackPeriods.count
        self.periods = periods
        var counts = [Int](repeating: 0, count: periods)
        var never = 0
        for t in paybackPeriods { if t > 0 && Int(t) <= periods { counts[Int(t) - 1] += 1 } else { never += 1 } }
        distribution = counts
        neverPaidBack = never
        var running = 0
        let n = Double(max(customers, 1))
        cumulativeShare = counts.map { running += $0; return Double(running) / n }
        paidBackShare = Double(customers - never) / n
        medianPeriod = cumulativeShare.firstIndex(where: { $0 >= 0.5 }).map { $0 + 1 }
        self.averageCustomerPeriod = averageCustomerPeriod
    }

    /// From counts of customers by payback period: `counts[0]` not within the horizon,
    /// `counts[t]` in period t (a streaming run's tally).
    public init(counts: [Int], averageCustomerPeriod: Int?) {
        precondition(!counts.isEmpty)
        periods = counts.count - 1
        customers = counts.reduce(0, +)
        neverPaidBack = counts[0]
        distribution = Array(counts.dropFirst())
        var running = 0
        let n = Double(max(customers, 1))
        cumulativeShare = distribution.map { running += $0; return Double(running) / n }
        paidBackShare = Double(customers - neverPaidBack) / n
        medianPeriod = cumulativeShare.firstIndex(where: { $0 >= 0.5 }).map { $0 + 1 }
        self.averageCustomerPeriod = averageCustomerPeriod
    }

    /// Add payback periods (1-based; 0 or beyond the horizon: not paid back) to `counts`, the
    /// tally ``init(counts:averageCustomerPeriod:)`` reads (`counts[0]`: not within the horizon).
    /// - Complexity: O(n).
    public static func tally(_ paybackPeriods: ArraySlice<Int32>, into counts: inout [Int]) {
        let periods = counts.count - 1
        for t in paybackPeriods { if t > 0 && Int(t) <= periods { counts[Int(t)] += 1 } else { counts[0] += 1 } }
    }

    public init(_ paths: CashFlowPaths) {
        customers = paths.customers
        periods = paths.periods
        var counts = [Int](repeating: 0, count: paths.periods)
        var never = 0
        for i in 0..<paths.customers {
            if let t = paths.paybackPeriod(ofCustomer: i) { counts[t - 1] += 1 } else { never += 1 }
        }
        distribution = counts
        neverPaidBack = never
        var running = 0
        cumulativeShare = counts.map { running += $0; return Double(running) / Double(paths.customers) }
        paidBackShare = Double(paths.customers - never) / Double(paths.customers)
        medianPeriod = cumulativeShare.firstIndex(where: { $0 >= 0.5 }).map { $0 + 1 }

        let meanCAC = paths.acquisitionCosts.reduce(0, +) / Double(paths.customers)
        var meanPath = [Double](repeating: 0, count: paths.periods)
        for i in 0..<paths.customers {
            for t in 0..<paths.periods { meanPath[t] += paths.cumulative[i * paths.periods + t] }
        }
        averageCustomerPeriod = meanPath.firstIndex(where: { $0 / Double(paths.customers) >= meanCAC }).map { $0 + 1 }
    }
}
