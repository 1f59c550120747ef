import CLVEvaluation
import Foundation
import Stochastic

/// Distributions: per-customer CLV by variant, the campaign's incremental value across
/// replications (the picture of the decision), and per-customer incremental value among the
/// customers a campaign touched.
extension ReportCharts {
    /// Overlaid histograms of net CLV — the basis of the summary table's quantiles beside it —
    /// with p5 / p50 / p95 marks, on a log share axis so that the few high-value customers of
    /// the right tail stay visible next to the mass near zero. Summaries written before net
    /// histograms existed are drawn on gross CLV, and say so.
    static func clvDistribution(_ s: Summary) -> Chart {
        let net = s.variants.allSatisfy { $0.netHistogram != nil }
        let basis = net ? "net" : "gross"
        let title = "Distribution of \(basis) CLV per customer"
        let hists = s.variants.compactMap { net ? $0.netHistogram : $0.histogram }
        let edges = hists.first?.edges ?? [0, 1]
        let shares = hists.map(percentages)
        let positive = shares.flatMap { $0 }.filter { $0 > 0 }
        let floor = pow(10, (log10(positive.min() ?? 0.01)).rounded(.down))
        let ceiling = pow(10, (log10(max(positive.max() ?? 100, floor * 10))).rounded(.up))
        let outside = hists.map { h in Double(h.below + h.above) / Double(max(h.counts.reduce(0, +) + h.below + h.above, 1)) * 100 }
        var c = SVGCanvas(title: title, x: edges.first!...edges.last!, y: floor...ceiling,
                          xTitle: "\(basis.capitalized) CLV per customer (\(s.currency)); dashed: p5, median, p95; "
                              + "\(NumberStyle.fixed(outside.max() ?? 0, 1))% of customers beyond the axis",
                          yTitle: "Share of customers (%, log scale)",
                          legend: s.variants.enumerated().map { ($1.name, color($0)) }, logY: true,
                          yFormat: { NumberStyle.fixed($0, max(0, Int(-log10($0).rounded(.up)))) })
        for (k, (v, h)) in zip(s.variants, zip(hists, shares)).enumerated() {
            c.add("<path class=\"data\" data-series=\"\(SVGCanvas.escape(v.name))\" d=\"\(histogramPath(edges: h.0.edges, heights: h.1, floor: floor, on: c))\" fill=\"\(color(k))\" fill-opacity=\"0.18\" stroke=\"\(color(k))\" stroke-width=\"1.5\"/>")
            guard let q = net ? v.clv.net.quantiles : v.clv.gross.quantiles else { continue }
            for (name, value) in [("p5", q.p5), ("p50", q.p50), ("p95", q.p95)] where c.xDomain.contains(value) {
                c.verticalLine(at: value, color: color(k), dashed: true, cls: "quantile", tooltip: "\(v.name) \(name): \(NumberStyle.money(value)) \(s.currency)")
            }
        }
        return Chart(id: "clv-distribution", title: title, svg: c.svg)
    }

    /// The campaign's incremental value over the base in each replication (each one a draw of
    /// the uncertain inputs): the @RISK-style picture of the decision, with zero, the 5th, 50th
    /// and 95th percentiles and P(loss) marked. Drawn from ``minimumReplicationsForHistogram``
    /// replications on.
    static func incrementalValueAcrossReplications(_ s: Summary, _ c: ComparisonReport) -> Chart? {
        let base = Double(s.baseSize ?? s.customers)
        let values = (s.replicationResults ?? []).compactMap { r in r.variants.first { $0.variant == c.variant }?.incrementalValue.map { $0 * base } }
        guard values.count >= minimumReplicationsForHistogram else { return nil }
        let sorted = values.sorted()
        // Bins over the values alone; the axis reaches out to zero so the distance to break-even shows.
        let edges = edges(for: values)
        let counts = Histogram(values: values, edges: edges).counts
        let pad = (edges.last! - edges.first!) * 0.04
        let domain = (min(edges.first!, -pad))...(max(edges.last!, pad))
        let loss = Double(values.filter { $0 < 0 }.count) / Double(values.count)
        let title = "\(c.variant): incremental value over the base in each of \(values.count) replications"
        let (p5, p50, p95) = (Quantile.ofSorted(sorted, 0.05), Quantile.ofSorted(sorted, 0.5), Quantile.ofSorted(sorted, 0.95))
        var chart = SVGCanvas(title: title, x: domain, y: SVGCanvas.roundedRange(0, Double(counts.max() ?? 1)),
                              xTitle: "Incremental value over \(DecisionRendering.grouped(base, 0)) customers (\(s.currency)) vs \(c.baseline)",
                              yTitle: "Replications",
                              legend: [("P(loss) \(NumberStyle.percent(loss)): below 0", "#D55E00"), ("median \(DecisionRendering.money(p50))", "#111111"),
                                       ("p5 \(DecisionRendering.money(p5)), p95 \(DecisionRendering.money(p95))", "#666666")],
                              xFormat: NiceNumbers.compact)
        for (i, n) in counts.enumerated() where n > 0 {
            chart.signedBar(from: edges[i], to: edges[i + 1], height: Double(n), gap: 1,
                            tooltip: "\(n) replication\(n == 1 ? "" : "s") in [\(NumberStyle.money(edges[i])), \(NumberStyle.money(edges[i + 1])))")
        }
        chart.verticalLine(at: 0, color: "#D55E00", dashed: false, cls: "zero", tooltip: "break-even: 0")
        chart.verticalLine(at: p50, color: "#111111", dashed: false, cls: "percentile", tooltip: "median \(NumberStyle.money(p50)) \(s.currency)")
        for (name, v) in [("p5", p5), ("p95", p95)] {
            chart.verticalLine(at: v, color: "#666666", dashed: true, cls: "percentile", tooltip: "\(name) \(NumberStyle.money(v)) \(s.currency)")
        }
        return Chart(id: "incremental-value-\(slug(c.variant))", title: title, svg: chart.svg)
    }

    /// Per-customer incremental value among the customers the campaign touched (a campaign cost
    /// or a changed value): who gains, and who is paid for what they would have done anyway.
    static func treatedDistribution(_ c: ComparisonReport, _ t: TreatedDistribution, currency: String) -> Chart {
        let h = t.histogram
        let shares = percentages(h)
        let title = "\(c.variant): incremental value per touched customer"
        var chart = SVGCanvas(title: title, x: h.edges.first!...h.edges.last!, y: SVGCanvas.roundedRange(0, max(shares.max() ?? 1, 1e-9)),
                              xTitle: "Incremental value per customer (\(currency)) vs \(c.baseline), \(DecisionRendering.grouped(Double(t.customers), 0)) touched customers "
                                  + "(\(NumberStyle.percent(t.shareOfCustomers)) of those simulated)",
                              yTitle: "Share of touched customers (%)",
                              legend: [("gain: \(NumberStyle.percent(t.shareGaining))", "#009E73"),
                                       ("cost more than they brought: \(NumberStyle.percent(t.shareLosing))", "#D55E00"),
                                       ("mean \(NumberStyle.money(t.mean)) \(currency)", "#111111")])
        for (i, share) in shares.enumerated() where share > 0 {
            chart.signedBar(from: h.edges[i], to: h.edges[i + 1], height: share, gap: 0,
                            tooltip: "\(NumberStyle.fixed(share, 2))% in [\(NumberStyle.money(h.edges[i])), \(NumberStyle.money(h.edges[i + 1])))")
        }
        if chart.xDomain.contains(0) { chart.verticalLine(at: 0, color: "#333333", dashed: false, cls: "zero", tooltip: "no change") }
        if chart.xDomain.contains(t.mean) {
            chart.verticalLine(at: t.mean, color: "#111111", dashed: true, cls: "mean", tooltip: "mean \(NumberStyle.money(t.mean)) \(currency)")
        }
        return Chart(id: "treated-\(slug(c.variant))", title: title, svg: chart.svg)
    }
}
