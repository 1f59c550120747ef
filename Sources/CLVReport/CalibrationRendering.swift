import CLVModels
import Foundation

/// Calibration results as text: per-customer summaries and cohorts as tidy CSV, a fitted model
/// as a table, the calibration/holdout check by frequency.
public enum CalibrationRendering {
    /// Per-customer summary as tidy CSV (lifetimes' column names plus holdout columns).
    public static func summaryCSV(_ s: RFMSummary, holdout: Bool) -> String {
        var rows = ["customer_id,frequency,recency,T,monetary_value,total_value" + (holdout ? ",holdout_frequency,holdout_value" : "")]
        rows.reserveCapacity(s.customers.count + 1)
        for c in s.customers {
            var r = "\(CSVRendering.field(c.customerID)),\(c.frequency),\(CSVNumber.format(c.recency)),\(CSVNumber.format(c.age)),\(CSVNumber.format(c.monetaryValue)),\(CSVNumber.format(c.totalValue))"
            if holdout { r += ",\(c.holdoutFrequency),\(CSVNumber.format(c.holdoutValue))" }
            rows.append(r)
        }
        return rows.joined(separator: "\n") + "\n"
    }

    public static func cohortCSV(_ t: CohortRetentionTable) -> String {
        var rows = ["cohort,start,size,period,active,retention"]
        for c in t.cohorts {
            for (k, a) in c.active.enumerated() { rows.append("\(c.index),\(c.start),\(c.size),\(k),\(a),\(CSVNumber.format(c.retention[k]))") }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A fitted model as a readable table.
    public static func table(_ m: FittedModel, extra: [String] = []) -> String {
        var out = ["\(m.model.rawValue) fit on \(m.customers) \(initialCustomers(m.model) ? "initial customers" : "customers")\(m.period.map { ", period: \($0)" } ?? "")", ""]
        out.append("parameter        estimate    std. error")
        for name in modelParameterNames(m.model) {
            let v = m.parameters[name] ?? .nan, se = m.standardErrors[name] ?? .nan
            out.append(name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%12.4f  %12.4f", v, se))
        }
        out.append("")
        out.append(String(format: "log-likelihood %.2f, converged: %@", m.logLikelihood, m.converged ? "yes" : "no"))
        if let f = m.dataFingerprint { out.append("data fingerprint \(f)") }
        return (out + extra).joined(separator: "\n") + "\n"
    }

    /// Contractual fits count the cohort's initial customers.
    static func initialCustomers(_ k: ModelKind) -> Bool {
        (try? ModelRegistry.model(for: k).calibrationInput) == .renewals
    }

    static func modelParameterNames(_ k: ModelKind) -> [String] {
        (try? ModelRegistry.model(for: k).parameterNames) ?? []
    }

    /// Calibration/holdout check: mean holdout purchases, actual vs predicted, by calibration
    /// frequency (0, 1, …, 6, 7+), as in Fader, Hardie & Lee (2005), figure 4.
    public static func holdoutCheck(_ s: RFMSummary, predict: (CustomerSummary) -> Double) -> String {
        var actual = [Double](repeating: 0, count: 8), predicted = actual, count = [Int](repeating: 0, count: 8)
        for c in s.customers {
            let k = min(c.frequency, 7)
            actual[k] += Double(c.holdoutFrequency); predicted[k] += predict(c); count[k] += 1
        }
        var out = ["", String(format: "Holdout check over %.1f %@s: mean purchases per customer by calibration frequency", s.holdoutLength, s.period.rawValue),
                   "frequency  customers    actual  predicted"]
        for k in 0..<8 where count[k] > 0 {
            out.append((k == 7 ? "7+" : String(k)).padding(toLength: 9, withPad: " ", startingAt: 0)
                       + String(format: "  %9d  %8.3f  %9.3f", count[k], actual[k] / Double(count[k]), predicted[k] / Double(count[k])))
        }
        let ta = actual.reduce(0, +), tp = predicted.reduce(0, +)
        out.append(String(format: "total purchases: actual %.0f, predicted %.1f (%+.1f%%)", ta, tp, (tp - ta) / max(ta, 1) * 100))
        return out.joined(separator: "\n")
    }

    /// Survivors by period, actual beside the sBG projection; periods after `fittedThrough` are
    /// marked as projections.
    public static func survivorProjection(unit: String, actual: [Double], projected: [Double], fittedThrough k: Int) -> [String] {
        var lines = ["", "\(unit.padding(toLength: 6, withPad: " ", startingAt: 0))  actual  projected"]
        for t in 0..<actual.count {
            lines.append(String(format: "%6d  %6.0f  %9.1f%@", t, actual[t], projected[t], t > k ? "  (projection)" : ""))
        }
        return lines
    }

    /// Scores as tidy CSV, one customer a row (`clvlab score`).
    /// `scores.csv`: one row per customer. With intervals, `_low`/`_high` columns follow.
    public static func scoresCSV(_ scores: [CustomerScore]) -> String {
        let withIntervals = scores.first?.intervals != nil
        var header = "customer_id,frequency,recency,T,p_alive,expected_purchases,discounted_expected_purchases,dert,expected_spend,expected_value,realised_value"
        if withIntervals {
            header += ",p_alive_low,p_alive_high,expected_purchases_low,expected_purchases_high,expected_value_low,expected_value_high"
        }
        var rows = [header]
        rows.reserveCapacity(scores.count + 1)
        for s in scores {
            let c = s.customer
            var row = "\(CSVRendering.field(c.customerID)),\(c.frequency),\(CSVNumber.format(c.recency)),\(CSVNumber.format(c.age)),"
                + "\(CSVNumber.format(s.probabilityAlive)),\(CSVNumber.format(s.expectedPurchases)),\(CSVNumber.format(s.discountedExpectedPurchases)),"
                + "\(CSVNumber.format(s.dert)),\(CSVNumber.format(s.expectedSpend)),\(CSVNumber.format(s.expectedValue)),\(CSVNumber.format(s.realisedValue))"
            if let i = s.intervals {
                row += ",\(CSVNumber.format(i.probabilityAlive.low)),\(CSVNumber.format(i.probabilityAlive.high)),"
                    + "\(CSVNumber.format(i.expectedPurchases.low)),\(CSVNumber.format(i.expectedPurchases.high)),"
                    + "\(CSVNumber.format(i.expectedValue?.low)),\(CSVNumber.format(i.expectedValue?.high))"
            }
            rows.append(row)
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
