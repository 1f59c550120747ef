/// Cohort retention table: customers grouped by acquisition period (the period of their first
/// purchase, counted in whole `period` units from the first day in the log) and, for each
/// later period k = 0, 1, …, the number who purchased in their k-th period since acquisition.
///
/// Period k of a customer acquired in cohort c is the half-open day range
/// [origin + (c + k)·L, origin + (c + k + 1)·L) with L the period length in days, so calendar
/// periods are shared by all cohorts. Column 0 is the cohort size.
///
/// - Complexity: O(n) after a hash grouping of the n transactions.
public struct CohortRetentionTable: Sendable, Hashable {
    public struct Cohort: Sendable, Hashable {
        /// Acquisition period index (0 = the period containing the first day of the log).
        public var index: Int
        /// First day of the acquisition period.
        public var start: CivilDay
        public var size: Int
        /// active[k]: customers of the cohort with at least one purchase in period k after acquisition.
        public var active: [Int]
        /// active[k] / size.
        public var retention: [Double] { active.map { size > 0 ? Double($0) / Double(size) : 0 } }
    }

    public var period: PeriodUnit
    public var origin: CivilDay
    public var cohorts: [Cohort]

    public init(transactions: [Transaction], period: PeriodUnit) throws(TransactionLogError) {
        guard let origin = transactions.lazy.map(\.day).min(), let last = transactions.lazy.map(\.day).max() else { throw .noTransactions }
        let L = period.days
        func periodIndex(_ d: CivilDay) -> Int { Int((Double(d.dayNumber - origin.dayNumber) / L).rounded(.down)) }
        let lastPeriod = periodIndex(last)
        var periodsOf: [String: [Int]] = [:]
        for t in transactions { periodsOf[t.customerID, default: []].append(periodIndex(t.day)) }
        var table: [Int: (size: Int, active: [Int])] = [:]
        for (_, ps) in periodsOf {
            let c = ps.min()!
            var entry = table[c] ?? (0, Array(repeating: 0, count: lastPeriod - c + 1))
            entry.size += 1
            for k in Set(ps.map { $0 - c }) { entry.active[k] += 1 }
            table[c] = entry
        }
        self.period = period
        self.origin = origin
        self.cohorts = table.keys.sorted().map { c in
            let e = table[c]!
            let start = CivilDay(dayNumber: origin.dayNumber + Int((Double(c) * L).rounded(.up)))
            return Cohort(index: c, start: start, size: e.size, active: e.active)
        }
    }
}
