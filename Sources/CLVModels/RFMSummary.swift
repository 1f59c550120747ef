/// Per-customer recency–frequency–monetary summary (the input of the buy-till-you-die models).
///
/// Conventions are those of Fader, Hardie & Lee (2005) and lifetimes'
/// `summary_data_from_transaction_data` / `calibration_and_holdout_data`:
/// - `frequency` x: repeat purchases in the calibration period (purchase days after the first,
///   when same-day purchases are merged);
/// - `recency` t_x: time of the last calibration purchase since the first;
/// - `age` T: calibration end (inclusive day) minus the first purchase day;
/// - `monetaryValue`: mean amount of the repeat purchases (0 when x = 0), as lifetimes;
/// - `totalValue`: all calibration amounts including the first purchase (realised value).
///
/// `totalValue` and `holdoutValue` are sums of money, rounded to the most decimal places among
/// the log's amounts (``DecimalPlaces``), so cents add up to cents; `monetaryValue` is a mean and
/// is left as computed (it feeds the Gamma-Gamma fit, whose inputs stay bit-identical).
public struct CustomerSummary: Sendable, Hashable, Codable {
    public var customerID: String
    public var firstPurchase: CivilDay
    public var frequency: Int
    public var recency: Double
    public var age: Double
    public var monetaryValue: Double
    public var totalValue: Double
    /// Purchases in (calibration end, observation end]; 0 without a holdout.
    public var holdoutFrequency: Int
    /// Sum of the holdout amounts.
    public var holdoutValue: Double

    public init(customerID: String, firstPurchase: CivilDay, frequency: Int, recency: Double, age: Double, monetaryValue: Double,
                totalValue: Double, holdoutFrequency: Int = 0, holdoutValue: Double = 0) {
        self.customerID = customerID; self.firstPurchase = firstPurchase; self.frequency = frequency; self.recency = recency
        self.age = age; self.monetaryValue = monetaryValue; self.totalValue = totalValue
        self.holdoutFrequency = holdoutFrequency; self.holdoutValue = holdoutValue
    }
}

/// Options of ``RFMSummary/init(transactions:options:)``.
public struct SummaryOptions: Sendable, Hashable {
    public var period: PeriodUnit
    /// Merge several purchases by one customer on one day into one purchase whose amount is the
    /// sum (the literature's convention, and lifetimes').
    public var mergeSameDay: Bool
    /// Last day (inclusive) of the calibration period; nil = the observation end (no holdout).
    public var calibrationEnd: CivilDay?
    /// Last day (inclusive) observed; nil = the latest transaction day. Later rows are ignored.
    public var observationEnd: CivilDay?

    public init(period: PeriodUnit = .week, mergeSameDay: Bool = true, calibrationEnd: CivilDay? = nil, observationEnd: CivilDay? = nil) {
        self.period = period; self.mergeSameDay = mergeSameDay
        self.calibrationEnd = calibrationEnd; self.observationEnd = observationEnd
    }
}

/// The RFM summary of a transaction log.
public struct RFMSummary: Sendable {
    public var customers: [CustomerSummary]
    public var period: PeriodUnit
    public var calibrationEnd: CivilDay
    public var observationEnd: CivilDay
    /// Length of the holdout period in `period` units (0 without a holdout).
    public var holdoutLength: Double
    /// Customers whose first purchase falls after the calibration end (left out, as lifetimes does).
    public var customersFirstSeenInHoldout: Int

    /// Build the summary. Customers appear in order of first appearance in the log.
    ///
    /// - Complexity: O(n log n) for n transactions (a hash grouping, then a sort of each
    ///   customer's own purchases).
    public init(transactions: [Transaction], options: SummaryOptions = SummaryOptions()) throws(TransactionLogError) {
        guard let lastDay = transactions.lazy.map(\.day).max(), let firstDay = transactions.lazy.map(\.day).min() else { throw .noTransactions }
        let obsEnd = options.observationEnd ?? lastDay
        let calEnd = options.calibrationEnd ?? obsEnd
        try Self.checkWindow(calibrationEnd: options.calibrationEnd, observationEnd: obsEnd, firstDay: firstDay, lastDay: lastDay)
        var slot: [String: Int] = [:]
        var ids: [String] = []
        var rows: [[(day: Int, amount: Double)]] = []
        // Money sums are rounded to the most decimals of any amount (nil: some amount is not decimal).
        var places: Int? = 0
        for t in transactions where t.day <= obsEnd {
            if let p = places { places = DecimalPlaces.of(t.amount).map { max(p, $0) } }
            if let s = slot[t.customerID] {
                rows[s].append((t.day.dayNumber, t.amount))
            } else {
                slot[t.customerID] = rows.count
                ids.append(t.customerID)
                rows.append([(t.day.dayNumber, t.amount)])
            }
        }
        let unit = options.period.days
        var out: [CustomerSummary] = []
        out.reserveCapacity(rows.count)
        var late = 0
        for (k, var r) in rows.enumerated() {
            r.sort { $0.day < $1.day }
            if options.mergeSameDay {
                var merged: [(day: Int, amount: Double)] = []
                merged.reserveCapacity(r.count)
                for e in r {
                    if let last = merged.last, last.day == e.day { merged[merged.count - 1].amount += e.amount } else { merged.append(e) }
                }
                r = merged
            }
            let first = r[0].day
            guard first <= calEnd.dayNumber else { late += 1; continue }
            var x = 0, lastCal = first, total = 0.0, repeatSum = 0.0, hx = 0, hv = 0.0
            for (i, e) in r.enumerated() {
                if e.day <= calEnd.dayNumber {
                    total += e.amount
                    if i > 0 { x += 1; repeatSum += e.amount }
                    lastCal = e.day
                } else {
                    hx += 1; hv += e.amount
                }
            }
            out.append(CustomerSummary(
                customerID: ids[k], firstPurchase: CivilDay(dayNumber: first), frequency: x,
                recency: Double(lastCal - first) / unit, age: Double(calEnd.dayNumber - first) / unit,
                monetaryValue: x > 0 ? repeatSum / Double(x) : 0, totalValue: places.map { DecimalPlaces.round(total, places: $0) } ?? total,
                holdoutFrequency: hx, holdoutValue: places.map { DecimalPlaces.round(hv, places: $0) } ?? hv))
        }
        guard !out.isEmpty else { throw .window("no customer made a first purchase by the calibration end \(calEnd)") }
        customers = out
        period = options.period
        calibrationEnd = calEnd
        observationEnd = obsEnd
        holdoutLength = Double(obsEnd.dayNumber - calEnd.dayNumber) / unit
        customersFirstSeenInHoldout = late
    }
}

extension RFMSummary {
    /// The calibration end must fall within the data (first to last purchase: earlier leaves no
    /// customer, later leaves no holdout to check), and not after the observation end. The
    /// observation end may pass the last purchase (a quiet tail is observed time) but not
    /// precede the first.
    static func checkWindow(calibrationEnd: CivilDay?, observationEnd: CivilDay, firstDay: CivilDay, lastDay: CivilDay) throws(TransactionLogError) {
        if let c = calibrationEnd {
            guard c <= observationEnd else {
                throw .window("the calibration end \(c) is after the observation end \(observationEnd): expected calibration end ≤ observation end")
            }
            guard c >= firstDay, c <= lastDay else {
                throw .window("the calibration end \(c) is outside the data: expected a date from \(firstDay) (first purchase) to \(lastDay) (last purchase)")
            }
        }
        guard observationEnd >= firstDay else {
            throw .window("the observation end \(observationEnd) is before the first purchase \(firstDay): expected a date from \(firstDay) on")
        }
    }

    /// Parse a transaction log held in memory and summarise it. Bad rows are returned, not thrown.
    public static func from(_ data: Foundation.Data, format: TransactionLogFormat, options: SummaryOptions = SummaryOptions()) throws(TransactionLogError) -> (summary: RFMSummary, badRows: [BadRow]) {
        let log = try TransactionReader.parse(data, format: format)
        return (try RFMSummary(transactions: log.transactions, options: options), log.badRows)
    }
}

import Foundation
