import CLVEvaluation
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

    /// Replications needed before the incremental value's spread across them is drawn as a
    /// histogram (fewer bars say nothing about its shape).
    public static let minimumReplicationsForHistogram = 10

    public static func all(_ s: Summary) -> [Chart] {
        var charts = [clvDistribution(s), survival(s)]
        if s.variants.count > 1 { charts.append(survivalDifference(s)) }
        charts.append(cumulativeValue(s))
        if s.variants.count > 1 { charts.append(cumulativeValueDifference(s)) }
        if !s.comparisons.isEmpty { charts.append(forest(s)) }
        for c in s.comparisons {
            if let d = c.decision, !d.waterfall.isEmpty { charts.append(waterfall(c, d, currency: s.currency)) }
        }
        for c in s.comparisons {
            if let chart = incrementalValueAcrossReplications(s, c) { charts.append(chart) }
        }
        for c in s.comparisons {
            if let t = c.treated, t.customers > 0 { charts.append(treatedDistribution(c, t, currency: s.currency)) }
        }
        if s.variants.contains(where: { $0.ltvCac != nil }) { charts.append(ltvCac(s)) }
        if let tables = s.sensitivity, tables.contains(where: { $0.rows.contains { $0.swing != 0 } }) { charts.append(tornado(s)) }
        return charts
    }

    static func color(_ i: Int) -> String { SVGCanvas.palette[i % SVGCanvas.palette.count] }

    /// A file-name-safe form of a variant name, for chart ids.
    static func slug(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" }
        return String(kept).split(separator: "-").joined(separator: "-")
    }

    /// The outline of a histogram (step path from the first edge to the last), as path data.
    static func histogramPath(edges: [Double], heights: [Double], floor: Double, on c: SVGCanvas) -> String {
        var points: [(Double, Double)] = [(edges[0], floor)]
        for (i, h) in heights.enumerated() {
            points.append((edges[i], max(h, floor))); points.append((edges[i + 1], max(h, floor)))
        }
        points.append((edges[edges.count - 1], floor))
        return points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGCanvas.f(c.x($0.element.0))),\(SVGCanvas.f(c.y($0.element.1)))" }
            .joined(separator: " ") + " Z"
    }

    /// Histogram edges for a small sample: √n bins (at least 5) over its range.
    static func edges(for values: [Double]) -> [Double] {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let bins = max(5, Int(Double(values.count).squareRoot().rounded()))
        guard hi > lo else { return [lo - 0.5, lo + 0.5] }
        let step = NiceNumbers.round((hi - lo) / Double(bins))
        let first = (lo / step).rounded(.down) * step
        var out = [first]
        while out.last! <= hi { out.append(first + Double(out.count) * step) }
        return out
    }

    /// Each bin's share of all counted values (those beyond the edges included), in %.
    static func percentages(_ h: Histogram) -> [Double] {
        let total = Double(max(h.counts.reduce(0, +) + h.below + h.above, 1))
        return h.counts.map { Double($0) / total * 100 }
    }
}
