import Stochastic

/// CLV réel vs attendu (issue #15, item 5): when the log continues past `observed_until`, the
/// control variant's simulated purchases and revenue next to what the base actually did, per
/// period of the holdout and by calibration frequency — the papers' calibration/holdout check
/// (Fader, Hardie & Lee 2005, Figure 4 and Table 2), done by simulation.
///
/// Intervals are prediction intervals: the 2.5–97.5 % percentiles of the replications' simulated
/// values, i.e. where the actual value should fall if the model (with its parameter uncertainty,
/// when drawn) is right. They do not shrink with more replications; an actual outside them is
/// evidence against the model.
public struct Backtest: Codable, Sendable, Equatable {
    public var variant: String
    /// First and last day of the holdout compared (the day after `observed_until`, the end of period K).
    public var from: String
    public var to: String
    public var periods: Int
    public var period: String
    /// Real customers and simulated ones (fewer with `sample`: simulated totals are scaled by base/customers).
    public var baseSize: Int
    public var customers: Int
    public var replications: Int
    public var interval: String
    public var byPeriod: [PeriodRow]
    public var total: PeriodRow
    public var byFrequency: [FrequencyRow]

    /// A simulated quantity: mean over replications and the 95 % prediction interval.
    public struct Simulated: Codable, Sendable, Equatable {
        public var mean: Double
        public var interval95: [Double]
        enum CodingKeys: String, CodingKey { case mean, interval95 = "interval95" }
        public init(_ values: [Double]) {
            let sorted = values.sorted()
            mean = values.reduce(0, +) / Double(max(values.count, 1))
            interval95 = sorted.isEmpty ? [0, 0] : [Quantile.ofSorted(sorted, 0.025), Quantile.ofSorted(sorted, 0.975)]
        }

        public func contains(_ x: Double) -> Bool { x >= interval95[0] && x <= interval95[1] }
    }

    /// One holdout period (or all K of them): totals over the whole base.
    public struct PeriodRow: Codable, Sendable, Equatable {
        public var period: Int?
        public var actualPurchases: Double
        public var simulatedPurchases: Simulated
        public var actualRevenue: Double
        public var simulatedRevenue: Simulated
        enum CodingKeys: String, CodingKey {
            case period
            case actualPurchases = "actual_purchases", simulatedPurchases = "simulated_purchases"
            case actualRevenue = "actual_revenue", simulatedRevenue = "simulated_revenue"
        }
        public init(period: Int?, actualPurchases: Double, simulatedPurchases: Simulated, actualRevenue: Double, simulatedRevenue: Simulated) {
            self.period = period; self.actualPurchases = actualPurchases; self.simulatedPurchases = simulatedPurchases
            self.actualRevenue = actualRevenue; self.simulatedRevenue = simulatedRevenue
        }
    }

    /// Customers with x repeat purchases in calibration ("7+": seven or more): purchases per
    /// customer over the K holdout periods, actual, simulated and the model's closed form
    /// E[Y(K) | x, t_x, T] at the estimates.
    public struct FrequencyRow: Codable, Sendable, Equatable {
        public var frequency: String
        public var customers: Int
        public var actual: Double
        public var simulated: Simulated
        public var expected: Double
        public init(frequency: String, customers: Int, actual: Double, simulated: Simulated, expected: Double) {
            self.frequency = frequency; self.customers = customers; self.actual = actual; self.simulated = simulated; self.expected = expected
        }
    }

    enum CodingKeys: String, CodingKey {
        case variant, from, to, periods, period, customers, replications, interval, total
        case baseSize = "base_size", byPeriod = "by_period", byFrequency = "by_frequency"
    }

    public init(variant: String, from: String, to: String, periods: Int, period: String, baseSize: Int, customers: Int, replications: Int,
                byPeriod: [PeriodRow], total: PeriodRow, byFrequency: [FrequencyRow]) {
        self.variant = variant; self.from = from; self.to = to; self.periods = periods; self.period = period
        self.baseSize = baseSize; self.customers = customers; self.replications = replications
        self.interval = "95% prediction interval: 2.5-97.5% percentiles of the \(replications) replications' simulated values; "
            + "an actual value outside it is evidence against the model"
        self.byPeriod = byPeriod; self.total = total; self.byFrequency = byFrequency
    }

    /// The terminal's lines: the totals, and the frequency groups whose actual falls outside.
    public var lines: [String] {
        func line(_ what: String, _ actual: Double, _ s: Simulated) -> String {
            "  \(what): actual \(Self.format(actual)), simulated \(Self.format(s.mean)) [\(Self.format(s.interval95[0])), "
                + "\(Self.format(s.interval95[1]))] — \(s.contains(actual) ? "inside" : "OUTSIDE") the 95% prediction interval"
        }
        var out = ["Backtest (CLV réel vs attendu), \(variant) over \(periods) \(period)s from \(from) to \(to), \(replications) replications:",
                   line("purchases", total.actualPurchases, total.simulatedPurchases),
                   line("revenue", total.actualRevenue, total.simulatedRevenue)]
        let outside = byFrequency.filter { !$0.simulated.contains($0.actual) }
        if !outside.isEmpty {
            out.append("  outside by calibration frequency: " + outside.map { "x=\($0.frequency) (actual \(Self.format($0.actual)), simulated \(Self.format($0.simulated.mean)) a customer)" }.joined(separator: ", "))
        }
        return out
    }

    /// The Markdown section of the report.
    public var markdown: String {
        var lines = ["## Backtest: CLV réel vs attendu", "",
                     "The \(variant) variant over the \(periods) \(period)s the log holds after the history (\(from) to \(to)), "
                     + "\(baseSize) real customers, \(replications) replications. Intervals are 95 % prediction intervals: where the "
                     + "actual value should fall if the model is right.", "",
                     "| | actual | simulated | 95 % prediction interval | inside |", "|---|---:|---:|---|:---:|"]
        func row(_ name: String, _ actual: Double, _ s: Simulated) -> String {
            "| \(name) | \(Self.format(actual)) | \(Self.format(s.mean)) | [\(Self.format(s.interval95[0])), \(Self.format(s.interval95[1]))] | \(s.contains(actual) ? "yes" : "**no**") |"
        }
        lines.append(row("purchases, all \(periods) \(period)s", total.actualPurchases, total.simulatedPurchases))
        lines.append(row("revenue, all \(periods) \(period)s", total.actualRevenue, total.simulatedRevenue))
        lines += ["", "By calibration frequency (purchases per customer over the holdout):", "",
                  "| repeat purchases before | customers | actual | simulated | 95 % prediction interval | model E[Y] |",
                  "|---|---:|---:|---:|---|---:|"]
        for f in byFrequency {
            lines.append("| \(f.frequency) | \(f.customers) | \(Self.format(f.actual)) | \(Self.format(f.simulated.mean)) | "
                         + "[\(Self.format(f.simulated.interval95[0])), \(Self.format(f.simulated.interval95[1]))] | \(Self.format(f.expected)) |")
        }
        lines += ["", "Per \(period): `periods.csv` rows of variant `observed` next to the simulated ones; all numbers in summary.json `backtest`."]
        return lines.joined(separator: "\n")
    }

    /// `periods.csv` rows of the actual holdout, as variant `observed`: totals scaled to the
    /// simulated customers (per_customer is per real customer), so they sit beside the simulated rows.
    public func periodRows(customers: Int) -> [String] {
        let scale = Double(customers) / Double(baseSize)
        return byPeriod.flatMap { row -> [String] in
            let t = row.period ?? 0
            return [("purchases", row.actualPurchases), ("revenue", row.actualRevenue)].map { metric, actual in
                "observed,\(t),\(metric),\(NumberStyle.exact(actual * scale)),\(NumberStyle.exact(actual / Double(baseSize)))"
            }
        }
    }

    static func format(_ v: Double) -> String {
        abs(v) >= 100 ? String(format: "%.0f", v) : String(format: "%.2f", v)
    }
}
