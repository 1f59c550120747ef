import Foundation

/// A minimal SVG writer for report charts: linear (or log) axes with round ticks, titled axes
/// with units, a legend, and data marks tagged `class="data"` so tests can count them.
///
/// Every margin is computed from the text it must hold (``TextMetrics``): the left margin from
/// the widest y label and the y title, the right one from the last x tick label, the top from
/// the wrapped chart title and the legend rows, the bottom from the wrapped x title. The legend
/// sits in its own rows above the plot, so it never covers data, and no text leaves the viewBox.
struct SVGCanvas {
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]  // Okabe–Ito
    static let font = "system-ui, sans-serif"
    static let tickFont = 12.0, titleFont = 15.0, axisTitleFont = 13.0, legendFont = 12.0

    let width: Double
    let height: Double
    let left: Double, right: Double, top: Double, bottom: Double
    var xDomain: ClosedRange<Double>
    var yDomain: ClosedRange<Double>
    /// y drawn on a log₁₀ scale (its domain is then in the values' own units, > 0).
    let logY: Bool
    let title: String
    private let titleLines: [String]
    private let legendItems: [(label: String, color: String, x: Double, y: Double)]
    private let xTicks: [(Double, String)]
    /// (value, label, vertical offset of the label's line in px).
    private let yTicks: [(Double, String, Double)]
    private let categorical: Bool
    private let xTitleLines: [String]
    private let yTitleLines: [String]
    private(set) var body: [String] = []

    /// - Parameters:
    ///   - yCategories: labels at y positions, replacing numeric y ticks (rows of a forest plot).
    ///   - xTicks: tick positions; nil: round numbers over the domain; []: none.
    init(title: String, width: Double = 720, plotHeight: Double = 260, x: ClosedRange<Double>, y: ClosedRange<Double>,
         xTitle: String, yTitle: String, legend: [(String, String)] = [], logY: Bool = false,
         xFormat: (Double) -> String = NiceNumbers.label, yFormat: (Double) -> String = NiceNumbers.label,
         yCategories: [(Double, String)]? = nil, xTicks: [Double]? = nil) {
        let w = TextMetrics.width
        self.title = title
        self.width = width
        self.logY = logY
        xDomain = x.lowerBound == x.upperBound ? (x.lowerBound - 1)...(x.upperBound + 1) : x
        yDomain = y.lowerBound == y.upperBound ? (y.lowerBound - 1)...(y.upperBound + 1) : y
        titleLines = TextMetrics.wrap(title, maxWidth: width - 24, fontSize: Self.titleFont, bold: true)
        var cursor = 8 + Double(titleLines.count) * 20
        // Legend rows between the title and the plot.
        var items: [(String, String, Double, Double)] = []
        var lx = 12.0
        if !legend.isEmpty { cursor += 4 }
        for (label, color) in legend {
            let text = TextMetrics.truncate(label, maxWidth: width - 48, fontSize: Self.legendFont)
            let itemWidth = 18 + w(text, Self.legendFont, false) + 18
            if lx > 12 && lx + itemWidth > width - 12 { lx = 12; cursor += 18 }
            items.append((text, color, lx, cursor))
            lx += itemWidth
        }
        if !legend.isEmpty { cursor += 18 }
        legendItems = items
        top = cursor + 10
        categorical = yCategories != nil
        let yDomainNow = yDomain
        // Category names take at most 40 % of the width, on up to two lines 14 px apart (then cut with "…").
        if let yCategories {
            yTicks = yCategories.flatMap { v, label in
                let lines = TextMetrics.wrapName(label, maxWidth: width * 0.4, fontSize: Self.tickFont)
                return lines.enumerated().map { (v, $1, (Double($0) - Double(lines.count - 1) / 2) * 14) }
            }
        } else {
            yTicks = (logY ? Self.logTicks(yDomainNow) : NiceNumbers.ticks(yDomainNow.lowerBound, yDomainNow.upperBound, count: 5))
                .map { ($0, yFormat($0), 0) }
        }
        let xDomainNow = xDomain
        self.xTicks = (xTicks ?? NiceNumbers.ticks(xDomainNow.lowerBound, xDomainNow.upperBound, count: 6)).map { ($0, xFormat($0)) }
        yTitleLines = yTitle.isEmpty ? [] : TextMetrics.wrap(yTitle, maxWidth: plotHeight, fontSize: Self.axisTitleFont)
        let yLabelWidth = yTicks.map { w($0.1, Self.tickFont, false) }.max() ?? 0
        var left = 8 + Double(yTitleLines.count) * 17 + 6 + yLabelWidth + 8
        let firstX = self.xTicks.first.map { w($0.1, Self.tickFont, false) / 2 + 4 } ?? 0
        left = max(left, firstX, 24)
        let lastX = self.xTicks.last.map { w($0.1, Self.tickFont, false) / 2 + 4 } ?? 0
        right = max(24, lastX)
        self.left = left
        xTitleLines = TextMetrics.wrap(xTitle, maxWidth: width - 16, fontSize: Self.axisTitleFont)
        bottom = 24 + Double(xTitleLines.count) * 17 + 8
        height = (top + plotHeight + bottom).rounded(.up)
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func x(_ v: Double) -> Double { left + (v - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * plotWidth }
    func y(_ v: Double) -> Double {
        if logY {
            let lo = log10(yDomain.lowerBound), hi = log10(yDomain.upperBound)
            return top + plotHeight - (log10(max(v, yDomain.lowerBound)) - lo) / (hi - lo) * plotHeight
        }
        return top + plotHeight - (v - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * plotHeight
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// An axis range from 0 (or `low`) to a round number just above `high`.
    static func roundedRange(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        let step = NiceNumbers.round((high - low) / 5)
        return ((low / step).rounded(.down) * step)...((high / step).rounded(.up) * step)
    }

    /// Powers of ten within a log axis's domain.
    static func logTicks(_ domain: ClosedRange<Double>) -> [Double] {
        let lo = Int(ceil(log10(domain.lowerBound) - 1e-9)), hi = Int(floor(log10(domain.upperBound) + 1e-9))
        return lo <= hi ? (lo...hi).map { pow(10, Double($0)) } : [domain.lowerBound]
    }

    mutating func add(_ element: String) { body.append(element) }

    /// A vertical line across the plot at `value` (a reference mark).
    mutating func verticalLine(at value: Double, color: String, dashed: Bool, cls: String, tooltip: String) {
        let px = Self.f(x(value))
        add("<line class=\"\(cls)\" x1=\"\(px)\" y1=\"\(Self.f(top))\" x2=\"\(px)\" y2=\"\(Self.f(top + plotHeight))\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")><title>\(Self.escape(tooltip))</title></line>")
    }

    /// A histogram bar over [from, to) of `height`, coloured by its side of zero: vermillion wholly
    /// below, green wholly above, grey across it; `gap` px are left between neighbouring bars.
    mutating func signedBar(from: Double, to: Double, height: Double, gap: Double, tooltip: String) {
        let x0 = x(from) + gap / 2, width = max(gap == 0 ? 0.5 : 1, x(to) - x(from) - gap)
        let fill = to <= 0 ? "#D55E00" : from >= 0 ? "#009E73" : "#999999"
        add("<rect class=\"data\" x=\"\(Self.f(x0))\" y=\"\(Self.f(y(height)))\" width=\"\(Self.f(width))\" height=\"\(Self.f(y(0) - y(height)))\" fill=\"\(fill)\" fill-opacity=\"0.75\"><title>\(Self.escape(tooltip))</title></rect>")
    }

    /// A polyline of (x, y) points.
    mutating func line(_ points: [(Double, Double)], color: String, dashed: Bool = false, label: String) {
        guard !points.isEmpty else { return }
        let d = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGCanvas.f(x($0.element.0))),\(SVGCanvas.f(y($0.element.1)))" }.joined(separator: " ")
        add("<path class=\"data\" data-series=\"\(SVGCanvas.escape(label))\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")/>")
    }

    /// A `<text>` element in the chart's font.
    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", size: Double = tickFont, extra: String = "") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(f(size))\"\(extra)>\(escape(s))</text>"
    }

    private var axes: [String] {
        let f = SVGCanvas.f
        var g = ["<g class=\"axes\" font-family=\"\(Self.font)\" fill=\"#333\">"]
        for (t, label) in xTicks {
            let px = x(t)
            g.append("<line x1=\"\(f(px))\" y1=\"\(f(top))\" x2=\"\(f(px))\" y2=\"\(f(top + plotHeight))\" stroke=\"#e5e5e5\"/>")
            g.append(Self.text(label, x: px, y: top + plotHeight + 16, anchor: "middle"))
        }
        for (t, label, dy) in yTicks {
            let py = y(t)
            if !categorical && dy == 0 {
                g.append("<line x1=\"\(f(left))\" y1=\"\(f(py))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py))\" stroke=\"#e5e5e5\"/>")
            }
            g.append(Self.text(label, x: left - 8, y: py + 4 + dy, anchor: "end"))
        }
        g.append("<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>")
        g.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>")
        for (i, line) in xTitleLines.enumerated() {
            g.append(Self.text(line, x: width / 2, y: top + plotHeight + 38 + Double(i) * 17, anchor: "middle", size: Self.axisTitleFont,
                               extra: " class=\"x-title\""))
        }
        // Rotated: glyphs rise to the left of the baseline, so the first baseline sits one ascent in.
        for (i, line) in yTitleLines.enumerated() {
            g.append("<text class=\"y-title\" transform=\"translate(\(f(8 + 13 + Double(i) * 17)) \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"\(f(Self.axisTitleFont))\">\(Self.escape(line))</text>")
        }
        g.append("</g>")
        return g
    }

    private var legend: [String] {
        guard !legendItems.isEmpty else { return [] }
        var g = ["<g class=\"legend\" font-family=\"\(Self.font)\">"]
        for item in legendItems {
            g.append("<rect x=\"\(Self.f(item.x))\" y=\"\(Self.f(item.y))\" width=\"12\" height=\"12\" fill=\"\(item.color)\"/>")
            g.append(Self.text(item.label, x: item.x + 18, y: item.y + 10, size: Self.legendFont, extra: " fill=\"#333\""))
        }
        g.append("</g>")
        return g
    }

    var svg: String {
        let heading = titleLines.enumerated().map { i, line in
            Self.text(line, x: 12, y: 22 + Double(i) * 20, size: Self.titleFont, extra: " font-family=\"\(Self.font)\" font-weight=\"600\" fill=\"#111\"")
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" role="img" aria-label="\(SVGCanvas.escape(title))">
        <title>\(SVGCanvas.escape(title))</title>
        <rect width="100%" height="100%" fill="#fff"/>
        \((heading + axes + body + legend).joined(separator: "\n"))
        </svg>
        """
    }
}
