import Foundation

/// A minimal SVG writer for report charts: linear axes with round ticks, titled axes with
/// units, a legend, and data marks tagged `class="data"` so tests can count them.
struct SVGCanvas {
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]  // Okabe–Ito

    let width: Double
    let height: Double
    let left: Double, right: Double, top: Double, bottom: Double
    var xDomain: ClosedRange<Double>
    var yDomain: ClosedRange<Double>
    private(set) var body: [String] = []
    let title: String

    init(title: String, width: Double = 720, height: Double = 360, left: Double = 78, right: Double = 24, top: Double = 40, bottom: Double = 56,
         x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.title = title
        self.width = width; self.height = height
        self.left = left; self.right = right; self.top = top; self.bottom = bottom
        xDomain = x.lowerBound == x.upperBound ? (x.lowerBound - 1)...(x.upperBound + 1) : x
        yDomain = y.lowerBound == y.upperBound ? (y.lowerBound - 1)...(y.upperBound + 1) : y
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func x(_ v: Double) -> Double { left + (v - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * plotWidth }
    func y(_ v: Double) -> Double { top + plotHeight - (v - yDomain.lowerBound) / (yDomain.upperBound - yDomain.lowerBound) * plotHeight }

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

    mutating func add(_ element: String) { body.append(element) }

    /// Axes with ticks, grid lines and titles. `yLabels` replaces numeric y ticks with categories.
    mutating func axes(xTitle: String, yTitle: String, xFormat: (Double) -> String = NiceNumbers.label,
                       yFormat: (Double) -> String = NiceNumbers.label, yCategories: [(Double, String)]? = nil, xTicks: [Double]? = nil) {
        let f = SVGCanvas.f
        var g = ["<g class=\"axes\" font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"#333\">"]
        for t in xTicks ?? NiceNumbers.ticks(xDomain.lowerBound, xDomain.upperBound, count: 6) {
            let px = x(t)
            g.append("<line x1=\"\(f(px))\" y1=\"\(f(top))\" x2=\"\(f(px))\" y2=\"\(f(top + plotHeight))\" stroke=\"#e5e5e5\"/>")
            g.append("<text x=\"\(f(px))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(SVGCanvas.escape(xFormat(t)))</text>")
        }
        if let yCategories {
            for (v, label) in yCategories {
                g.append("<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(SVGCanvas.escape(label))</text>")
            }
        } else {
            for t in NiceNumbers.ticks(yDomain.lowerBound, yDomain.upperBound, count: 5) {
                let py = y(t)
                g.append("<line x1=\"\(f(left))\" y1=\"\(f(py))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(py))\" stroke=\"#e5e5e5\"/>")
                g.append("<text x=\"\(f(left - 8))\" y=\"\(f(py + 4))\" text-anchor=\"end\">\(SVGCanvas.escape(yFormat(t)))</text>")
            }
        }
        g.append("<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>")
        g.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>")
        g.append("<text class=\"x-title\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\" font-size=\"13\">\(SVGCanvas.escape(xTitle))</text>")
        g.append("<text class=\"y-title\" transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(SVGCanvas.escape(yTitle))</text>")
        g.append("</g>")
        body.insert(contentsOf: g, at: 0)
    }

    /// A legend in the top-right corner.
    mutating func legend(_ items: [(String, String)]) {
        let f = SVGCanvas.f
        var g = ["<g class=\"legend\" font-family=\"system-ui, sans-serif\" font-size=\"12\">"]
        var yy = top + 4
        for (label, color) in items {
            let xx = left + plotWidth - 170
            g.append("<rect x=\"\(f(xx))\" y=\"\(f(yy))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>")
            g.append("<text x=\"\(f(xx + 18))\" y=\"\(f(yy + 10))\" fill=\"#333\">\(SVGCanvas.escape(label))</text>")
            yy += 18
        }
        g.append("</g>")
        body.append(contentsOf: g)
    }

    /// A polyline of (x, y) points.
    mutating func line(_ points: [(Double, Double)], color: String, dashed: Bool = false, label: String) {
        guard !points.isEmpty else { return }
        let d = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(SVGCanvas.f(x($0.element.0))),\(SVGCanvas.f(y($0.element.1)))" }.joined(separator: " ")
        add("<path class=\"data\" data-series=\"\(SVGCanvas.escape(label))\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")/>")
    }

    var svg: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" role="img" aria-label="\(SVGCanvas.escape(title))">
        <title>\(SVGCanvas.escape(title))</title>
        <rect width="100%" height="100%" fill="#fff"/>
        <text x="12" y="22" font-family="system-ui, sans-serif" font-size="15" font-weight="600" fill="#111">\(SVGCanvas.escape(title))</text>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }
}
