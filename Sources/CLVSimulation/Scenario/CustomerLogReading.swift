import CLVModels
import Foundation
import Stochastic

extension ScenarioReader {
    /// A transaction log summarised up to `observed_until` in horizon periods (same-day purchases
    /// merged, as the fit's data were), with what the log records afterwards (the holdout).
    func logHistories(_ m: YAMLMapping, _ value: YAMLValue, until: CivilDay, untilValue: YAMLValue, horizon: PeriodUnit) -> CustomerHistories? {
        guard let name = value.string("a path to a transaction log"), let format = logFormat(m) else { return nil }
        let path = resolvedPath(name)
        let transactions: [Transaction]
        switch Self.readLog(path, format: format) {
        case .success(let log):
            transactions = log.transactions
            if let first = log.badRows.first {
                self.log.warnings.append("\(path): \(log.badRows.count) rows skipped (first: \(first)), \(transactions.count) used")
            }
            if let first = log.returnLines.first {
                self.log.warnings.append("\(path): \(log.returnLines.count) rows with a negative amount (returns) set aside, first at line \(first)")
            }
        case .failure(let problem): value.fail(problem.message); return nil
        }
        let summary: RFMSummary
        do {
            summary = try RFMSummary(transactions: transactions, options: SummaryOptions(period: horizon, mergeSameDay: true, calibrationEnd: until))
        } catch {
            // The window's messages name both ends of the data ("expected a date from … to …").
            untilValue.fail("\(path): \(error)")
            return nil
        }
        var h = CustomerHistories()
        h.ids = summary.customers.map(\.customerID)
        h.frequency = summary.customers.map { Int32(clamping: $0.frequency) }
        h.recency = summary.customers.map(\.recency)
        h.age = summary.customers.map(\.age)
        h.monetary = summary.customers.map(\.monetaryValue)
        h.holdout = Self.holdout(transactions, ids: h.ids, after: until, lastDay: summary.observationEnd, period: horizon,
                                 atMost: horizonPeriods ?? Int.max)
        return h
    }

    /// Why a log cannot be read (the message names the file).
    struct ReadProblem: Error { var message: String }

    /// Every valid row of the log and the rows skipped (as `clvlab summarize` skips them, with a warning).
    static func readLog(_ path: String, format: TransactionLogFormat) -> Result<TransactionLog, ReadProblem> {
        let handle: FileHandle
        do { handle = try InputFile.handle(path) } catch { return .failure(ReadProblem(message: "cannot read the transaction log \(error)")) }
        defer { try? handle.close() }
        do {
            var reader = try TransactionReader(format: format)
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { try reader.feed(chunk) }
            let log = try reader.finish()
            guard !log.transactions.isEmpty else {
                return .failure(ReadProblem(message: "\(path): no valid transaction rows" + (log.badRows.first.map { " (first problem: \($0))" } ?? "")))
            }
            return .success(log)
        } catch let e as TransactionLogError {
            return .failure(ReadProblem(message: "\(path): \(e)"))
        } catch {
            return .failure(ReadProblem(message: "\(path): cannot read the file: \(error.localizedDescription)"))
        }
    }

    /// Purchases and revenue of the base's customers in each whole horizon period after `until`
    /// that the log covers (period k holds the days `until` + (k−1)·L < d ≤ `until` + k·L, L the
    /// period's length in days), at most the horizon's `atMost`, same-day purchases merged; nil
    /// when not one period is covered.
    static func holdout(_ transactions: [Transaction], ids: [String], after until: CivilDay, lastDay: CivilDay, period: PeriodUnit,
                        atMost horizon: Int) -> CustomerBase.Holdout? {
        let length = period.days
        let periods = min(horizon, Int((Double(lastDay.dayNumber - until.dayNumber) / length).rounded(.down)))
        guard periods >= 1 else { return nil }
        let end = until.dayNumber + Int((Double(periods) * length).rounded(.down))
        var slot: [String: Int] = [:]
        for (i, id) in ids.enumerated() { slot[id] = i }
        // (customer, day) pairs after `until`, merged by day.
        var days: [(customer: Int, day: Int, amount: Double)] = []
        for t in transactions where t.day.dayNumber > until.dayNumber && t.day.dayNumber <= end {
            if let i = slot[t.customerID] { days.append((i, t.day.dayNumber, t.amount)) }
        }
        days.sort { ($0.customer, $0.day) < ($1.customer, $1.day) }
        var purchases = [Double](repeating: 0, count: periods), revenue = purchases
        var perCustomer = [Int32](repeating: 0, count: ids.count)
        var previous: (Int, Int)? = nil
        for d in days {
            let k = min(periods, max(1, Int((Double(d.day - until.dayNumber) / length).rounded(.up))))
            revenue[k - 1] += d.amount
            if let p = previous, p == (d.customer, d.day) { continue }
            previous = (d.customer, d.day)
            purchases[k - 1] += 1
            perCustomer[d.customer] += 1
        }
        return CustomerBase.Holdout(periods: periods, lastDay: "\(CivilDay(dayNumber: end))", purchases: purchases, revenue: revenue,
                                    customerPurchases: perCustomer)
    }
}
