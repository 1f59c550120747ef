import Foundation

/// The report's charts, drawn from a ``Summary`` alone (so `clvlab report` can redraw them from
/// a results folder).
public enum ReportCharts {
    public struct Chart: Sendable {
        /// File name stem, e.g. `clv-distribution`.
        public var id: String
        public var title: String
        public var svg: String
    }

    public static func all(_ s: Summary) -> [Chart] {
        var charts = [clvDistribution(s), survival(s), cumulativeValue(s)]
        if !s.comparisons.isEmpty { charts.append(forest(s)) }
        if s.variants.contains(where: { $0.ltvCac != nil }) { charts.append(ltvCac(s)) }
        if let tables = s.sensitivity, tables.contains(where: { !$0.rows.isEmpty }) { charts.append(tornado(s)) }
        return charts
    }

    static func color(_ i: Int) -> String { SVGCanvas.palette[i % SVGCanvas.palette.count] }

    /// Overlaid histograms of gross CLV, with p5 / p50 / p95 marks.
    static func clvDistribution(_ s: Summary) -> Chart {
        let title = "Distribution of gross CLV per customer"
        let hists = s.variants.compactMap(\.histogram)
        let edges = hists.first?.edges ?? [0, 1]
        var ymax = 0.0
        for (v, h) in zip(s.variants, hists) {
            let total = Double(h.counts.reduce(0, +) + h.below + h.above)
            _ = v
            ymax = max(ymax, (h.counts.max().map(Double.init) ?? 0) / max(total, 1) * 100)
        }
        var c = SVGCanvas(title: title, x: edges.first!...edges.last!, y: SVGCanvas.roundedRange(0, max(ymax * 1.05, 1e-9)))
        for (k, (v, h)) in zip(s.variants, hists).enumerated() {
            let total = Double(h.counts.reduce(0, +) + h.below + h.above)
            var points: [(Double, Double)] = [(edges[0], 0)]
            for (i, count) in h.counts.enumerated() {
                let share = Double(count) / max(total, 1) * 100
                points.append((edges[i], share)); points.append((edges[i + 1], share))
            }
            points.append((edges.last!, 0))
            let d = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGCanvas.f(c.x($0.element.0))),\(SVGCanvas.f(c.y($0.element.1)))" }.joined(separator: " ")
            c.add("<path class=\"data\" data-series=\"\(SVGCanvas.escape(v.name))\" d=\"\(d) Z\" fill=\"\(color(k))\" fill-opacity=\"0.18\" stroke=\"\(color(k))\" stroke-width=\"1.5\"/>")
            if let q = v.clv.gross.quantiles {
                for (name, value) in [("p5", q.p5), ("p50", q.p50), ("p95", q.p95)] where c.xDomain.contains(value) {
                    c.add("<line class=\"quantile\" x1=\"\(SVGCanvas.f(c.x(value)))\" y1=\"\(SVGCanvas.f(c.top))\" x2=\"\(SVGCanvas.f(c.x(value)))\" y2=\"\(SVGCanvas.f(c.top + c.plotHeight))\" stroke=\"\(color(k))\" stroke-dasharray=\"3 3\"><title>\(SVGCanvas.escape(v.name)) \(name): \(NumberStyle.money(value)) \(s.currency)</title></line>")
                }
            }
        }
        c.axes(xTitle: "Gross CLV per customer (\(s.currency)); dashed: p5, median, p95", yTitle: "Share of customers (%)")
        c.legend(s.variants.enumerated().map { ($0.element.name, color($0.offset)) })
        return Chart(id: "clv-distribution", title: title, svg: c.svg)
    }

    static func survival(_ s: Summary) -> Chart {
        let title = "Customers still active"
        var c = SVGCanvas(title: title, x: 0...Double(s.periods), y: 0...100)
        for (k, v) in s.variants.enumerated() {
            let pts = [(0.0, 100.0)] + (v.survival ?? []).enumerated().map { (Double($0.offset + 1), $0.element * 100) }
            c.line(pts, color: color(k), dashed: k > 0, label: v.name)
        }
        c.axes(xTitle: "Period (\(s.period)s since acquisition)", yTitle: "Customers live in the period (%)")
        c.legend(s.variants.enumerated().map { ($0.element.name, color($0.offset)) })
        return Chart(id: "survival", title: title, svg: c.svg)
    }

    static func cumulativeValue(_ s: Summary) -> Chart {
        let title = "Cumulative discounted value per customer"
        let all = s.variants.flatMap { $0.cumulativeDiscountedValue ?? [] }
        let lo = min(0, all.min() ?? 0), hi = max(0, all.max() ?? 1)
        let step = NiceNumbers.round((hi - lo) / 5)
        var c = SVGCanvas(title: title, x: 0...Double(s.periods), y: ((lo / step).rounded(.down) * step)...((hi / step).rounded(.up) * step))
        for (k, v) in s.variants.enumerated() {
            c.line([(0, 0)] + (v.cumulativeDiscountedValue ?? []).enumerated().map { (Double($0.offset + 1), $0.element) },
                   color: color(k), dashed: k > 0, label: v.name)
        }
        c.axes(xTitle: "Period (\(s.period)s since acquisition)", yTitle: "Cumulative discounted value (\(s.currency) per customer)")
        c.legend(s.variants.enumerated().map { ($0.element.name, color($0.offset)) })
        return Chart(id: "cumulative-value", title: title, svg: c.svg)
    }

    /// Differences vs the baseline: Monte Carlo interval (thin, dark) and assumption interval (wide, light).
    static func forest(_ s: Summary) -> Chart {
        let title = "Difference in mean gross CLV vs \(s.comparisons.first?.baseline ?? "control")"
        var values: [Double] = [0]
        for cmp in s.comparisons {
            values += cmp.grossMeanDifference.ci95
            values += cmp.assumptionInterval95 ?? []
            values.append(cmp.grossMeanDifference.estimate)
        }
        let span: Double = (values.max()! - values.min()!) * 0.1 + 1e-9
        let height = 110 + 46 * Double(s.comparisons.count)
        var c = SVGCanvas(title: title, height: height, left: 140, x: (values.min()! - span)...(values.max()! + span),
                          y: 0...Double(s.comparisons.count))
        c.add("<line class=\"zero\" x1=\"\(SVGCanvas.f(c.x(0)))\" y1=\"\(SVGCanvas.f(c.top))\" x2=\"\(SVGCanvas.f(c.x(0)))\" y2=\"\(SVGCanvas.f(c.top + c.plotHeight))\" stroke=\"#888\"/>")
        var categories: [(Double, String)] = []
        for (i, cmp) in s.comparisons.enumerated() {
            let yy = Double(s.comparisons.count - i) - 0.5
            categories.append((yy, cmp.variant))
            let py = c.y(yy)
            if let a = cmp.assumptionInterval95 {
                c.add("<line class=\"data assumption\" x1=\"\(SVGCanvas.f(c.x(a[0])))\" y1=\"\(SVGCanvas.f(py))\" x2=\"\(SVGCanvas.f(c.x(a[1])))\" y2=\"\(SVGCanvas.f(py))\" stroke=\"\(color(i + 1))\" stroke-opacity=\"0.35\" stroke-width=\"12\"><title>assumption interval 95%: \(NumberStyle.interval(a))</title></line>")
            }
            let d = cmp.grossMeanDifference
            c.add("<line class=\"data monte-carlo\" x1=\"\(SVGCanvas.f(c.x(d.ci95[0])))\" y1=\"\(SVGCanvas.f(py))\" x2=\"\(SVGCanvas.f(c.x(d.ci95[1])))\" y2=\"\(SVGCanvas.f(py))\" stroke=\"#111\" stroke-width=\"2\"><title>Monte Carlo 95% (\(d.method)): \(NumberStyle.interval(d.ci95))</title></line>")
            c.add("<circle class=\"data\" cx=\"\(SVGCanvas.f(c.x(d.estimate)))\" cy=\"\(SVGCanvas.f(py))\" r=\"5\" fill=\"\(color(i + 1))\"><title>\(SVGCanvas.escape(cmp.variant)): \(NumberStyle.money(d.estimate)) \(s.currency)</title></circle>")
        }
        c.axes(xTitle: "Δ mean gross CLV (\(s.currency)/customer) — thin: Monte Carlo 95%, wide: assumption 95%",
               yTitle: "", yCategories: categories)
        return Chart(id: "forest", title: title, svg: c.svg)
    }

    static func ltvCac(_ s: Summary) -> Chart {
        let title = "LTV/CAC by variant (3:1 guideline)"
        let ratios = s.variants.map { $0.ltvCac }
        let highest: Double = ratios.compactMap { $0?.ci95[1] }.max() ?? 3
        let top = max(3.5, highest * 1.15)
        var c = SVGCanvas(title: title, x: 0...Double(s.variants.count), y: SVGCanvas.roundedRange(0, top))
        let band = c.plotWidth / Double(s.variants.count)
        for (k, v) in s.variants.enumerated() {
            guard let r = v.ltvCac else { continue }
            let x0 = c.left + band * (Double(k) + 0.2), w = band * 0.6
            c.add("<rect class=\"data\" x=\"\(SVGCanvas.f(x0))\" y=\"\(SVGCanvas.f(c.y(r.estimate)))\" width=\"\(SVGCanvas.f(w))\" height=\"\(SVGCanvas.f(c.y(0) - c.y(r.estimate)))\" fill=\"\(color(k))\"><title>\(SVGCanvas.escape(v.name)): \(NumberStyle.fixed(r.estimate, 2)) \(NumberStyle.interval(r.ci95))</title></rect>")
            let mid = x0 + w / 2
            c.add("<line class=\"whisker\" x1=\"\(SVGCanvas.f(mid))\" y1=\"\(SVGCanvas.f(c.y(r.ci95[0])))\" x2=\"\(SVGCanvas.f(mid))\" y2=\"\(SVGCanvas.f(c.y(r.ci95[1])))\" stroke=\"#111\" stroke-width=\"2\"/>")
            c.add("<text x=\"\(SVGCanvas.f(mid))\" y=\"\(SVGCanvas.f(c.top + c.plotHeight + 16))\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\(SVGCanvas.escape(v.name))</text>")
        }
        c.add("<line class=\"threshold\" x1=\"\(SVGCanvas.f(c.left))\" y1=\"\(SVGCanvas.f(c.y(3)))\" x2=\"\(SVGCanvas.f(c.left + c.plotWidth))\" y2=\"\(SVGCanvas.f(c.y(3)))\" stroke=\"#D55E00\" stroke-dasharray=\"6 4\"/>")
        c.add("<text x=\"\(SVGCanvas.f(c.left + c.plotWidth - 4))\" y=\"\(SVGCanvas.f(c.y(3) - 6))\" text-anchor=\"end\" font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"#D55E00\">3:1</text>")
        c.axes(xTitle: "Variant (bars: estimate; whiskers: Monte Carlo 95%)", yTitle: "LTV/CAC (gross CLV / CAC, ×)", xTicks: [])
        return Chart(id: "ltv-cac", title: title, svg: c.svg)
    }

    /// Tornado: for each variant, each uncertain input's P10–P90 swing of incremental value.
    static func tornado(_ s: Summary) -> Chart {
        let title = "Sensitivity of incremental value to uncertain inputs (P10 → P90)"
        let tables = s.sensitivity ?? []
        let rows = tables.flatMap { t in t.rows.map { (t.variant, t.incrementalAtMeans, $0) } }
        var values: [Double] = [0]
        for row in rows { values += [row.2.incrementalAtLow, row.2.incrementalAtHigh, row.1] }
        let span: Double = (values.max()! - values.min()!) * 0.1 + 1e-9
        var c = SVGCanvas(title: title, height: 110 + 30 * Double(rows.count), left: 300,
                          x: (values.min()! - span)...(values.max()! + span), y: 0...Double(max(rows.count, 1)))
        var categories: [(Double, String)] = []
        for (i, (variant, central, row)) in rows.enumerated() {
            let yy = Double(rows.count - i) - 0.5
            categories.append((yy, "\(variant): \(row.input)"))
            let lo = min(row.incrementalAtLow, row.incrementalAtHigh), hi = max(row.incrementalAtLow, row.incrementalAtHigh)
            let k = tables.firstIndex { $0.variant == variant } ?? 0
            c.add("<rect class=\"data\" x=\"\(SVGCanvas.f(c.x(lo)))\" y=\"\(SVGCanvas.f(c.y(yy) - 9))\" width=\"\(SVGCanvas.f(max(1, c.x(hi) - c.x(lo))))\" height=\"18\" fill=\"\(color(k + 1))\"><title>\(SVGCanvas.escape(row.input)): \(NumberStyle.money(row.incrementalAtLow)) at P10, \(NumberStyle.money(row.incrementalAtHigh)) at P90</title></rect>")
            c.add("<line x1=\"\(SVGCanvas.f(c.x(central)))\" y1=\"\(SVGCanvas.f(c.y(yy) - 12))\" x2=\"\(SVGCanvas.f(c.x(central)))\" y2=\"\(SVGCanvas.f(c.y(yy) + 12))\" stroke=\"#111\"/>")
        }
        c.axes(xTitle: "Incremental value per customer vs \(tables.first?.baseline ?? "control") (\(s.currency))", yTitle: "", yCategories: categories)
        return Chart(id: "tornado", title: title, svg: c.svg)
    }
}
