/// The comparison charts: the forest plot of differences, the waterfall from margin to
/// incremental value, LTV/CAC against 3:1 and the tornado of uncertain inputs. Rows are
/// horizontal so that long variant and input names sit in a left margin sized to them.
extension ReportCharts {
    /// Differences vs the baseline: Monte Carlo interval (thin, dark) and assumption interval (wide, light).
    static func forest(_ s: Summary) -> Chart {
        let title = "Difference in mean gross CLV vs \(s.comparisons.first?.baseline ?? "control")"
        var values: [Double] = [0]
        for cmp in s.comparisons {
            values += cmp.grossMeanDifference.ci95 + (cmp.assumptionInterval95 ?? []) + [cmp.grossMeanDifference.estimate]
        }
        let span: Double = (values.max()! - values.min()!) * 0.1 + 1e-9
        let n = s.comparisons.count
        let categories = s.comparisons.enumerated().map { (Double(n - $0.offset) - 0.5, $0.element.variant) }
        var c = SVGCanvas(title: title, plotHeight: 46 * Double(n) + 10, x: (values.min()! - span)...(values.max()! + span), y: 0...Double(n),
                          xTitle: "Δ mean gross CLV (\(s.currency)/customer)", yTitle: "",
                          legend: [("thin dark line: Monte Carlo 95%", "#111111"), ("wide light bar: assumption 95% (uncertain inputs)", "#bbbbbb")], yCategories: categories)
        c.add("<line class=\"zero\" x1=\"\(SVGCanvas.f(c.x(0)))\" y1=\"\(SVGCanvas.f(c.top))\" x2=\"\(SVGCanvas.f(c.x(0)))\" y2=\"\(SVGCanvas.f(c.top + c.plotHeight))\" stroke=\"#888\"/>")
        for (i, cmp) in s.comparisons.enumerated() {
            let py = SVGCanvas.f(c.y(categories[i].0))
            if let a = cmp.assumptionInterval95 {
                c.add("<line class=\"data assumption\" x1=\"\(SVGCanvas.f(c.x(a[0])))\" y1=\"\(py)\" x2=\"\(SVGCanvas.f(c.x(a[1])))\" y2=\"\(py)\" stroke=\"\(color(i + 1))\" stroke-opacity=\"0.35\" stroke-width=\"12\"><title>assumption interval 95%: \(NumberStyle.interval(a))</title></line>")
            }
            let d = cmp.grossMeanDifference
            c.add("<line class=\"data monte-carlo\" x1=\"\(SVGCanvas.f(c.x(d.ci95[0])))\" y1=\"\(py)\" x2=\"\(SVGCanvas.f(c.x(d.ci95[1])))\" y2=\"\(py)\" stroke=\"#111\" stroke-width=\"2\"><title>Monte Carlo 95% (\(d.method)): \(NumberStyle.interval(d.ci95))</title></line>")
            c.add("<circle class=\"data\" cx=\"\(SVGCanvas.f(c.x(d.estimate)))\" cy=\"\(py)\" r=\"5\" fill=\"\(color(i + 1))\"><title>\(SVGCanvas.escape(cmp.variant)): \(NumberStyle.money(d.estimate)) \(s.currency)</title></circle>")
        }
        return Chart(id: "forest", title: title, svg: c.svg)
    }

    /// From the margin at list price to the incremental value over the base: each step a
    /// floating bar from the running total, the last one the total itself.
    static func waterfall(_ c: ComparisonReport, _ d: DecisionReport, currency: String) -> Chart {
        let title = "\(c.variant): from margin to incremental value over \(DecisionRendering.grouped(Double(d.baseSize), 0)) customers"
        var running = 0.0
        var bars: [(label: String, from: Double, to: Double, kind: String)] = []
        for step in d.waterfall {
            bars.append((step.label, running, running + step.total, step.total >= 0 ? "gain" : "cost"))
            running += step.total
        }
        bars.append(("= incremental value", 0, running, "total"))
        let values: [Double] = bars.flatMap { [$0.from, $0.to] } + [0]
        let span: Double = (values.max()! - values.min()!) * 0.08 + 1e-9
        let n = bars.count
        let categories = bars.enumerated().map { (Double(n - $0.offset) - 0.5, $0.element.label) }
        var chart = SVGCanvas(title: title, plotHeight: 30 * Double(n) + 10, x: (values.min()! - span)...(values.max()! + span), y: 0...Double(n),
                              xTitle: "\(currency) over the base, discounted, vs \(c.baseline)", yTitle: "",
                              legend: [("adds value", "#009E73"), ("costs", "#D55E00"), ("incremental value", "#0072B2")],
                              xFormat: NiceNumbers.compact, yCategories: categories)
        chart.verticalLine(at: 0, color: "#888888", dashed: false, cls: "zero", tooltip: "0")
        for (i, bar) in bars.enumerated() {
            let x0 = chart.x(min(bar.from, bar.to)), x1 = chart.x(max(bar.from, bar.to))
            let fill = bar.kind == "total" ? "#0072B2" : bar.kind == "gain" ? "#009E73" : "#D55E00"
            let yy = chart.y(categories[i].0)
            chart.add("<rect class=\"data waterfall-step\" x=\"\(SVGCanvas.f(x0))\" y=\"\(SVGCanvas.f(yy - 10))\" width=\"\(SVGCanvas.f(max(1, x1 - x0)))\" height=\"20\" fill=\"\(fill)\"><title>\(SVGCanvas.escape(bar.label)): \(DecisionRendering.signedMoney(bar.to - bar.from)) \(SVGCanvas.escape(currency))</title></rect>")
        }
        return Chart(id: "waterfall-\(slug(c.variant))", title: title, svg: chart.svg)
    }

    /// LTV/CAC per variant with its Monte Carlo interval as whiskers with caps (drawn over a
    /// white halo so they show on the bar), the estimate printed beside it, and the 3:1 line.
    static func ltvCac(_ s: Summary) -> Chart {
        let title = "LTV/CAC by variant (3:1 guideline)"
        let highest: Double = s.variants.compactMap { $0.ltvCac?.ci95[1] }.max() ?? 3
        let n = s.variants.count
        let categories = s.variants.enumerated().map { (Double(n - $0.offset) - 0.5, $0.element.name) }
        var c = SVGCanvas(title: title, plotHeight: 40 * Double(n) + 10, x: SVGCanvas.roundedRange(0, max(3.5, highest * 1.45)), y: 0...Double(n),
                          xTitle: "LTV/CAC (gross CLV / CAC, ×); whiskers: Monte Carlo 95%", yTitle: "",
                          legend: [("3:1 guideline", "#D55E00")], yCategories: categories)
        for (k, v) in s.variants.enumerated() {
            guard let r = v.ltvCac else { continue }
            let yy = c.y(categories[k].0), x0 = c.x(0)
            c.add("<rect class=\"data\" x=\"\(SVGCanvas.f(x0))\" y=\"\(SVGCanvas.f(yy - 12))\" width=\"\(SVGCanvas.f(c.x(r.estimate) - x0))\" height=\"24\" fill=\"\(color(k))\" fill-opacity=\"0.8\"><title>\(SVGCanvas.escape(v.name)): \(NumberStyle.fixed(r.estimate, 2)) \(NumberStyle.interval(r.ci95))</title></rect>")
            let lo = c.x(r.ci95[0]), hi = c.x(r.ci95[1])
            for (stroke, width) in [("#fff", 5.0), ("#111", 2.0)] {
                let path = "M\(SVGCanvas.f(lo)),\(SVGCanvas.f(yy - 8)) L\(SVGCanvas.f(lo)),\(SVGCanvas.f(yy + 8)) M\(SVGCanvas.f(lo)),\(SVGCanvas.f(yy)) L\(SVGCanvas.f(hi)),\(SVGCanvas.f(yy)) M\(SVGCanvas.f(hi)),\(SVGCanvas.f(yy - 8)) L\(SVGCanvas.f(hi)),\(SVGCanvas.f(yy + 8))"
                c.add("<path class=\"whisker\" d=\"\(path)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVGCanvas.f(width))\" stroke-linecap=\"square\"/>")
            }
            c.add(SVGCanvas.text("\(NumberStyle.fixed(r.estimate, 2)) \(NumberStyle.interval(r.ci95))", x: hi + 10, y: yy + 4, extra: " class=\"value\" font-family=\"\(SVGCanvas.font)\" fill=\"#111\""))
        }
        c.verticalLine(at: 3, color: "#D55E00", dashed: true, cls: "threshold", tooltip: "3:1")
        return Chart(id: "ltv-cac", title: title, svg: c.svg)
    }

    /// Tornado: for each variant, the P10–P90 swing of its incremental value for each uncertain
    /// input that moves it (an input that changes nothing in a variant is left out of its rows).
    static func tornado(_ s: Summary) -> Chart {
        let title = "Sensitivity of incremental value to uncertain inputs (P10 → P90)"
        let tables = s.sensitivity ?? []
        let rows = tables.flatMap { t in t.rows.filter { $0.swing != 0 }.map { (t.variant, t.incrementalAtMeans, $0) } }
        var values: [Double] = [0]
        for row in rows { values += [row.2.incrementalAtLow, row.2.incrementalAtHigh, row.1] }
        let span: Double = (values.max()! - values.min()!) * 0.1 + 1e-9
        let categories = rows.enumerated().map { (Double(rows.count - $0.offset) - 0.5, "\($0.element.0): \($0.element.2.input)") }
        var c = SVGCanvas(title: title, plotHeight: 30 * Double(max(rows.count, 1)) + 10, x: (values.min()! - span)...(values.max()! + span),
                          y: 0...Double(max(rows.count, 1)),
                          xTitle: "Incremental value per customer vs \(tables.first?.baseline ?? "control") (\(s.currency)); line: all inputs central",
                          yTitle: "", yCategories: categories)
        for (i, (variant, central, row)) in rows.enumerated() {
            let yy = categories[i].0
            let lo = min(row.incrementalAtLow, row.incrementalAtHigh), hi = max(row.incrementalAtLow, row.incrementalAtHigh)
            let k = tables.firstIndex { $0.variant == variant } ?? 0
            c.add("<rect class=\"data\" x=\"\(SVGCanvas.f(c.x(lo)))\" y=\"\(SVGCanvas.f(c.y(yy) - 9))\" width=\"\(SVGCanvas.f(max(1, c.x(hi) - c.x(lo))))\" height=\"18\" fill=\"\(color(k + 1))\"><title>\(SVGCanvas.escape(row.input)): \(NumberStyle.money(row.incrementalAtLow)) at P10, \(NumberStyle.money(row.incrementalAtHigh)) at P90</title></rect>")
            c.add("<line x1=\"\(SVGCanvas.f(c.x(central)))\" y1=\"\(SVGCanvas.f(c.y(yy) - 12))\" x2=\"\(SVGCanvas.f(c.x(central)))\" y2=\"\(SVGCanvas.f(c.y(yy) + 12))\" stroke=\"#111\"/>")
        }
        return Chart(id: "tornado", title: title, svg: c.svg)
    }
}
