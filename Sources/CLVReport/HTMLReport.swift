import Foundation

/// `report.html`: one self-contained page (inline CSS and SVG; no scripts, fonts or network).
public enum HTMLReport {
    public static func render(_ s: Summary) -> String {
        let e = SVGCanvas.escape
        var html: [String] = []
        html.append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>CLVLab — \(e(s.scenario))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1000px; color: #111; padding: 0 1rem; }
            h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
            .meta { color: #555; } .verdict { font-size: 1.05rem; margin: .3rem 0; } .good { color: #006e3a; } .bad { color: #a12; } .unsure { color: #8a5a00; }
            .decision { border: 2px solid #ccc; border-radius: 6px; padding: .4rem 1rem; margin: 1rem 0; }
            .decision.good { border-color: #006e3a; } .decision.bad { border-color: #a12; } .decision.unsure { border-color: #c98a00; }
            .decision h3 { margin: .3rem 0; font-size: 1.1rem; } .decision p { margin: .25rem 0; color: #111; }
            .scroll { overflow-x: auto; max-width: 100%; }
            table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; } th, td { padding: .3rem .6rem; border-bottom: 1px solid #eee; }
            th { text-align: left; background: #f6f6f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1rem 0; overflow-x: auto; } svg { max-width: 100%; height: auto; }
            /* Charts shrink with the page down to 560 px (12 px labels stay ≥ 9 px), then scroll sideways. */
            figure svg { min-width: 560px; } .note { color: #555; font-size: .9rem; }
            </style></head><body>
            <h1>\(e(s.scenario))</h1>
            <p class="meta">\(s.customers) customers × \(s.replications) replication\(s.replications == 1 ? "" : "s"), \(s.periods) \(e(s.period))s, seed \(s.seed), values in \(e(s.currency)) per customer. clvlab \(e(s.tool.version)).</p>
            """)
        html.append(DecisionRendering.html(s))
        html.append("<h2>Verdicts</h2>")
        if s.comparisons.isEmpty {
            html.append("<p class=\"verdict\">\(e(s.variants[0].name)): mean gross CLV \(NumberStyle.money(s.variants[0].clv.gross.mean)) \(e(s.currency)) \(NumberStyle.interval(s.variants[0].clv.gross.ci95))</p>")
        }
        for (line, c) in zip(TableRendering.comparisonLines(s), s.comparisons) {
            // Colours follow the decision (which respects the assumption interval), not the Monte Carlo p-value.
            let cls = DecisionRendering.cssClass(c.decision?.verdict)
            html.append("<p class=\"verdict \(cls)\">\(e(line))</p>")
        }
        html.append("<h2>Summary by variant</h2>")
        html.append(table(TableRendering.headers, TableRendering.rows(s)))
        html.append("<p class=\"note\">Quantiles are of net CLV (gross − CAC). Intervals: Monte Carlo 95% (how precisely the simulation estimates the mean)\(s.variants.contains { $0.clv.gross.assumptionInterval95 != nil } ? "; assumption 95% (spread caused by uncertain inputs) in the forest plot" : "").</p>")
        for chart in ReportCharts.all(s) {
            html.append("<figure id=\"\(chart.id)\">\n\(chart.svg)\n</figure>")
        }
        html.append("<h2>Segments</h2>")
        html.append(table(["variant", "segment", "customers", "mean gross CLV", "95% CI (MC)"], s.variants.flatMap { v in
            v.segments.map { [v.name, $0.name, String($0.customers), NumberStyle.money($0.clv.gross.mean), NumberStyle.interval($0.clv.gross.ci95)] }
        }))
        if !s.comparisons.isEmpty {
            html.append("<h2>Versus \(e(s.comparisons[0].baseline))</h2>")
            html.append(table(["variant", "Δ gross CLV", "95% CI", "method", "incr. revenue", "incr. margin", "campaign cost", "ROI", "P(better)"],
                              s.comparisons.map { c in
                                  [c.variant, NumberStyle.money(c.grossMeanDifference.estimate), NumberStyle.interval(c.grossMeanDifference.ci95),
                                   c.grossMeanDifference.method, NumberStyle.money(c.incrementalRevenue), NumberStyle.money(c.incrementalMargin),
                                   NumberStyle.money(c.campaignCost), c.roi.map { "\(NumberStyle.fixed($0.estimate, 2))× \(NumberStyle.interval($0.ci95)) (\($0.method))" } ?? "n/a",
                                   c.probabilityBetter.map(NumberStyle.percent) ?? "n/a"]
                              }))
        }
        let reach = ReachRendering.html(s)
        if !reach.isEmpty { html.append(reach) }
        if let b = s.backtest { html.append(backtestHTML(b)) }
        if let tables = s.sensitivity, !tables.isEmpty {
            html.append("<h2>Sensitivity</h2>")
            html.append(table(["variant", "input", "P10 value", "P90 value", "incremental at P10", "incremental at P90", "swing"], tables.flatMap { t in
                t.rows.map { [t.variant, $0.input, NumberStyle.fixed($0.lowValue, 3), NumberStyle.fixed($0.highValue, 3),
                              NumberStyle.money($0.incrementalAtLow), NumberStyle.money($0.incrementalAtHigh), NumberStyle.money($0.swing)] }
            }))
            html.append("<p class=\"note\">\(e(tables[0].method)); \(tables[0].customers) customers.</p>")
        }
        html.append("<h2>Conventions</h2><ul class=\"note\">")
        for c in [s.conventions.cashFlowTiming, s.conventions.acquisition, s.conventions.monteCarloInterval, s.conventions.assumptionInterval, s.conventions.quantiles] {
            html.append("<li>\(e(c))</li>")
        }
        html.append("</ul></body></html>")
        return html.joined(separator: "\n") + "\n"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let e = SVGCanvas.escape
        // Every table scrolls sideways on its own at phone width instead of widening the page.
        var out = ["<div class=\"scroll\"><table><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"]
        for r in rows {
            out.append("<tr>" + r.enumerated().map { i, cell in
                // Signed and grouped amounts ("+363,047") are numbers too, aligned right with the rest.
                let plain = cell.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "+", with: "")
                let numeric = i > 0 && (Double(plain) != nil || cell.hasPrefix("["))
                return "<td\(numeric ? " class=\"num\"" : "")>\(e(cell))</td>"
            }.joined() + "</tr>")
        }
        out.append("</tbody></table></div>")
        return out.joined(separator: "\n")
    }
}

extension HTMLReport {
    /// The backtest section: totals and the calibration-frequency table, actual against simulated.
    static func backtestHTML(_ b: Backtest) -> String {
        let e = SVGCanvas.escape
        func cells(_ actual: Double, _ s: Backtest.Simulated) -> [String] {
            [Backtest.format(actual), Backtest.format(s.mean), "[\(Backtest.format(s.interval95[0])), \(Backtest.format(s.interval95[1]))]",
             s.contains(actual) ? "yes" : "no"]
        }
        var out = ["<h2 id=\"backtest\">Backtest: CLV réel vs attendu</h2>",
                   "<p>\(e(b.variant)) over the \(b.periods) \(b.period)s after the history (\(b.from) to \(b.to)), \(b.baseSize) real customers, "
                   + "\(b.replications) replications.</p>"]
        out.append("<div class=\"scroll\">" + table(["", "actual", "simulated", "95% prediction interval", "inside"], [
            ["purchases"] + cells(b.total.actualPurchases, b.total.simulatedPurchases),
            ["revenue"] + cells(b.total.actualRevenue, b.total.simulatedRevenue),
        ]) + "</div>")
        out.append("<div class=\"scroll\">" + table(["repeat purchases before", "customers", "actual per customer", "simulated", "95% prediction interval", "model E[Y]"],
            b.byFrequency.map { f in
                [f.frequency, String(f.customers), Backtest.format(f.actual), Backtest.format(f.simulated.mean),
                 "[\(Backtest.format(f.simulated.interval95[0])), \(Backtest.format(f.simulated.interval95[1]))]", Backtest.format(f.expected)]
            }) + "</div>")
        out.append("<p class=\"note\">\(e(b.interval)).</p>")
        return out.joined(separator: "\n")
    }
}

/// `report.md`: the same content as Markdown, charts as SVG files in `charts/` beside it.
public enum MarkdownReport {
    public static func render(_ s: Summary, chartsFolder: String = "charts") -> String {
        var out = [TableRendering.markdown(s)]
        for chart in ReportCharts.all(s) {
            out.append("![\(chart.title)](\(chartsFolder)/\(chart.id).svg)\n")
        }
        out.append("### Segments\n")
        out.append("| variant | segment | customers | mean gross CLV | 95% CI (MC) |\n|---|---|---:|---:|---:|")
        for v in s.variants {
            for seg in v.segments {
                out.append("| \(v.name) | \(seg.name) | \(seg.customers) | \(NumberStyle.money(seg.clv.gross.mean)) | \(NumberStyle.interval(seg.clv.gross.ci95)) |")
            }
        }
        out.append("")
        return out.joined(separator: "\n") + "\n"
    }
}
