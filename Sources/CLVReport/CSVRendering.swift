import CLVSimulation

/// Tidy (long) CSV: one observation a row, so pandas, R and spreadsheets read it without reshaping.
public enum CSVRendering {
    /// `variants.csv`: `variant,segment,metric,statistic,value`.
    public static func variants(_ summary: Summary) -> String {
        var rows = ["variant,segment,metric,statistic,value"]
        func add(_ variant: String, _ segment: String, _ metric: String, _ statistic: String, _ value: Double) {
            rows.append([field(variant), field(segment), metric, statistic, NumberStyle.exact(value)].joined(separator: ","))
        }
        func addDistribution(_ v: String, _ seg: String, _ metric: String, _ d: Distribution) {
            add(v, seg, metric, "mean", d.mean)
            add(v, seg, metric, "ci95_low", d.ci95[0])
            add(v, seg, metric, "ci95_high", d.ci95[1])
            if let a = d.assumptionInterval95 {
                add(v, seg, metric, "assumption95_low", a[0])
                add(v, seg, metric, "assumption95_high", a[1])
            }
            if let s = d.shareNegative { add(v, seg, metric, "share_negative", s) }
            for (name, q) in d.quantiles?.all ?? [] { add(v, seg, metric, name, q) }
        }
        for v in summary.variants {
            addDistribution(v.name, "all", "clv_gross", v.clv.gross)
            addDistribution(v.name, "all", "clv_net", v.clv.net)
            add(v.name, "all", "retained_share", "value", v.retainedShare)
            add(v.name, "all", "purchases_per_customer", "value", v.purchasesPerCustomer)
            add(v.name, "all", "revenue_per_customer", "value", v.revenuePerCustomer)
            add(v.name, "all", "campaign_cost", "value", v.campaignCost)
            if let r = v.ltvCac {
                add(v.name, "all", "ltv_cac", "estimate", r.estimate)
                add(v.name, "all", "ltv_cac", "ci95_low", r.ci95[0])
                add(v.name, "all", "ltv_cac", "ci95_high", r.ci95[1])
            }
            for s in v.segments {
                add(v.name, s.name, "customers", "value", Double(s.customers))
                addDistribution(v.name, s.name, "clv_gross", s.clv.gross)
            }
        }
        for c in summary.comparisons {
            add(c.variant, "all", "gross_mean_difference_vs_\(c.baseline)", "estimate", c.grossMeanDifference.estimate)
            add(c.variant, "all", "gross_mean_difference_vs_\(c.baseline)", "ci95_low", c.grossMeanDifference.ci95[0])
            add(c.variant, "all", "gross_mean_difference_vs_\(c.baseline)", "ci95_high", c.grossMeanDifference.ci95[1])
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// `periods.csv`: `variant,period,metric,total,per_customer`, totals averaged over
    /// replications (the expected total for a population of the scenario's size).
    public static func periods(_ result: SimulationResult) -> String {
        periods(result.variants.map { ($0.name, $0.periodTotals) }, periods: result.periods, replications: result.replications, customers: result.customers)
    }

    public static func periods(_ result: StreamingResult) -> String {
        periods(result.variants.map { ($0.name, $0.periodTotals) }, periods: result.periods, replications: result.replications, customers: result.customers)
    }

    /// `periods.csv` from each variant's per-replication period totals.
    static func periods(_ variants: [(name: String, periodTotals: [PeriodTotals])], periods: Int, replications: Int, customers: Int) -> String {
        var rows = ["variant,period,metric,total,per_customer"]
        let r = Double(replications)
        let n = Double(customers)
        for v in variants {
            let totals = PeriodTotals.sum(v.periodTotals, periods: periods)
            for t in 1...periods {
                for metric in PeriodMetric.allCases {
                    let total = totals[t, metric] / r
                    rows.append("\(field(v.name)),\(t),\(metric.name),\(NumberStyle.exact(total)),\(NumberStyle.exact(total / n))")
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting when a field holds a comma, quote or line break.
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

import Foundation
