/// Survival and cumulative value by period, and each variant's difference from the baseline:
/// curves that differ by 1 % overlap on an absolute scale, so the difference gets its own panel.
extension ReportCharts {
    static func survival(_ s: Summary) -> Chart {
        let title = "Customers still active"
        let names = s.variants.map(\.name)
        var c = SVGCanvas(title: title, x: 0...Double(s.periods), y: 0...100, xTitle: "Period (\(s.period)s since acquisition)",
                          yTitle: "Customers live in the period (%)", legend: names.enumerated().map { ($1, color($0)) })
        for (k, v) in s.variants.enumerated() {
            let pts = [(0.0, 100.0)] + (v.survival ?? []).enumerated().map { (Double($0.offset + 1), $0.element * 100) }
            c.line(pts, color: color(k), dashed: k > 0, label: v.name)
        }
        return Chart(id: "survival", title: title, svg: c.svg)
    }

    static func cumulativeValue(_ s: Summary) -> Chart {
        let title = "Cumulative discounted value per customer"
        let series = s.variants.map { [(0.0, 0.0)] + ($0.cumulativeDiscountedValue ?? []).enumerated().map { (Double($0.offset + 1), $0.element) } }
        return curves(s, id: "cumulative-value", title: title, series: series,
                      yTitle: "Value (\(s.currency) per customer)", first: 0)
    }

    /// Share live in each period, variant minus baseline, in percentage points.
    static func survivalDifference(_ s: Summary) -> Chart {
        let base = s.variants[0].survival ?? []
        let series = s.variants.dropFirst().map { v in
            [(0.0, 0.0)] + zip(v.survival ?? [], base).enumerated().map { (Double($0.offset + 1), ($0.element.0 - $0.element.1) * 100) }
        }
        return curves(s, id: "survival-difference", title: "Customers still active: difference from \(s.variants[0].name)", series: series,
                      yTitle: "Δ customers live (percentage points)", first: 1)
    }

    /// Cumulative discounted value per customer, variant minus baseline.
    static func cumulativeValueDifference(_ s: Summary) -> Chart {
        let base = s.variants[0].cumulativeDiscountedValue ?? []
        let series = s.variants.dropFirst().map { v in
            [(0.0, 0.0)] + zip(v.cumulativeDiscountedValue ?? [], base).enumerated().map { (Double($0.offset + 1), $0.element.0 - $0.element.1) }
        }
        return curves(s, id: "cumulative-value-difference", title: "Cumulative discounted value: difference from \(s.variants[0].name)",
                      series: series, yTitle: "Δ value (\(s.currency) per customer)", first: 1)
    }

    /// Lines over periods for variants `first…`, on a y range that holds them and zero.
    private static func curves(_ s: Summary, id: String, title: String, series: [[(Double, Double)]], yTitle: String, first: Int) -> Chart {
        let all = series.flatMap { $0.map(\.1) }
        let lo = min(0, all.min() ?? 0), hi = max(0, all.max() ?? 1)
        let names = s.variants.map(\.name)
        var c = SVGCanvas(title: title, x: 0...Double(s.periods), y: SVGCanvas.roundedRange(lo, hi == lo ? lo + 1 : hi),
                          xTitle: "Period (\(s.period)s since acquisition)", yTitle: yTitle,
                          legend: (first..<names.count).map { (names[$0], color($0)) })
        if first > 0 {
            c.add("<line class=\"zero\" x1=\"\(SVGCanvas.f(c.left))\" y1=\"\(SVGCanvas.f(c.y(0)))\" x2=\"\(SVGCanvas.f(c.left + c.plotWidth))\" y2=\"\(SVGCanvas.f(c.y(0)))\" stroke=\"#666\"/>")
        }
        for (i, pts) in series.enumerated() {
            let k = i + first
            c.line(pts, color: color(k), dashed: k > 0, label: names[k])
        }
        return Chart(id: id, title: title, svg: c.svg)
    }
}
