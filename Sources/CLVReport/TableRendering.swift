/// The human-readable summary: a terminal table or Markdown tables.
public enum TableRendering {
    static let headers = ["variant", "CLV gross", "95% CI (MC)", "CLV net", "p5", "p25", "p50", "p75", "p95", "net < 0", "retained", "LTV/CAC"]

    static func rows(_ summary: Summary) -> [[String]] {
        summary.variants.map { v in
            let q = v.clv.net.quantiles
            let ltv = v.ltvCac.map { NumberStyle.fixed($0.estimate, 2) + ($0.meetsThreeToOne == true ? " ≥ 3" : " < 3") } ?? "n/a"
            return [
                v.name,
                NumberStyle.money(v.clv.gross.mean),
                NumberStyle.interval(v.clv.gross.ci95),
                NumberStyle.money(v.clv.net.mean),
                q.map { NumberStyle.money($0.p5) } ?? "", q.map { NumberStyle.money($0.p25) } ?? "",
                q.map { NumberStyle.money($0.p50) } ?? "", q.map { NumberStyle.money($0.p75) } ?? "",
                q.map { NumberStyle.money($0.p95) } ?? "",
                NumberStyle.percent(v.clv.net.shareNegative ?? 0),
                NumberStyle.percent(v.retainedShare),
                ltv,
            ]
        }
    }

    static func heading(_ s: Summary) -> String {
        "\(s.scenario): \(s.customers) customers × \(s.replications) replication\(s.replications == 1 ? "" : "s"), \(s.periods) \(s.period)s, CLV in \(s.currency) per customer"
    }

    /// One verdict line per variant (CLVEvaluation's `Verdict`), e.g.
    /// `loyalty: +4.12 EUR/customer [3.98, 4.26], ROI 2.30× [2.10, 2.50], LTV/CAC 3.4 ≥ 3`,
    /// followed by the campaign cost and how often the variant won across replications.
    static func comparisonLines(_ s: Summary) -> [String] {
        s.comparisons.map { c in
            var line = c.verdict ?? "\(c.variant): \(NumberStyle.money(c.grossMeanDifference.estimate)) \(s.currency)/customer \(NumberStyle.interval(c.grossMeanDifference.ci95))"
            line += " — campaign cost \(NumberStyle.money(c.campaignCost)) \(s.currency)/customer"
            if let p = c.probabilityBetter { line += ", better in \(NumberStyle.percent(p)) of replications" }
            return line
        }
    }

    static func sensitivityLines(_ s: Summary) -> [String] {
        guard let tables = s.sensitivity, !tables.isEmpty else { return [] }
        var out: [String] = []
        for t in tables {
            out.append("Sensitivity of \(t.variant)'s incremental value (\(s.currency)/customer, \(NumberStyle.money(t.incrementalAtMeans)) at input means):")
            for row in t.rows {
                out.append("  \(row.input): \(NumberStyle.money(row.incrementalAtLow)) at P10 (\(NumberStyle.fixed(row.lowValue, 3))) → \(NumberStyle.money(row.incrementalAtHigh)) at P90 (\(NumberStyle.fixed(row.highValue, 3))), swing \(NumberStyle.money(row.swing))")
            }
        }
        return out
    }

    /// Aligned plain-text table for a terminal.
    public static func table(_ summary: Summary) -> String {
        let body = rows(summary)
        let all = [headers] + body
        let widths = headers.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var out = [heading(summary), ""]
        let decision = DecisionRendering.lines(summary)
        if !decision.isEmpty { out += decision + [""] }
        out += [line(headers), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += body.map(line)
        let comparisons = comparisonLines(summary)
        if !comparisons.isEmpty { out += [""] + comparisons }
        let sensitivity = sensitivityLines(summary)
        if !sensitivity.isEmpty { out += [""] + sensitivity }
        let reach = ReachRendering.lines(summary)
        if !reach.isEmpty { out += [""] + reach }
        if let b = summary.backtest { out += [""] + b.lines }
        out += ["", "Quantiles are of net CLV (gross − CAC). MC = Monte Carlo interval of the mean."]
        if let m = summary.multiplicity, summary.comparisons.count > 1 { out.append("Multiplicity: \(m).") }
        return out.joined(separator: "\n") + "\n"
    }

    /// GitHub-flavoured Markdown.
    public static func markdown(_ summary: Summary) -> String {
        var out = ["## \(heading(summary))", ""]
        out += DecisionRendering.markdown(summary)
        out.append("| " + headers.joined(separator: " | ") + " |")
        out.append("|" + headers.indices.map { $0 == 0 ? "---" : "---:" }.joined(separator: "|") + "|")
        out += rows(summary).map { "| " + $0.joined(separator: " | ") + " |" }
        let comparisons = comparisonLines(summary)
        if !comparisons.isEmpty { out += [""] + comparisons.map { "- " + $0 } }
        let sensitivity = sensitivityLines(summary)
        if !sensitivity.isEmpty { out += ["", "```"] + sensitivity + ["```"] }
        let reach = ReachRendering.markdown(summary)
        if !reach.isEmpty { out += [""] + reach }
        if let backtest = summary.backtest { out += ["", backtest.markdown] }
        out += ["", "_Quantiles are of net CLV (gross − CAC). MC = Monte Carlo interval of the mean._"]
        return out.joined(separator: "\n") + "\n"
    }
}

import Foundation
