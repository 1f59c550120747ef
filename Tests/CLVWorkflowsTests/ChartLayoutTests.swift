import Foundation
import Testing
@testable import CLVReport
@testable import CLVSimulation
@testable import CLVWorkflows

/// Chart text stays inside the chart (issue #16, item 6): every `<text>` element of every chart
/// of every bundled scenario — and of a scenario with long names — lies within its SVG's
/// viewBox, its extent computed from DejaVu Sans's advance widths (``TextMetrics``, the widest
/// of the fonts a browser picks for `system-ui, sans-serif`) and its anchor, size and rotation.
@Suite struct ChartLayoutTests {
    struct TextBox { var text: String; var minX, maxX, minY, maxY: Double }

    /// The extents of the SVG's text elements, parsed from the markup.
    static func textBoxes(_ svg: String) -> (width: Double, height: Double, boxes: [TextBox]) {
        let viewBox = svg.firstMatch(of: /viewBox="0 0 ([0-9.]+) ([0-9.]+)"/)!
        var boxes: [TextBox] = []
        for m in svg.matches(of: /<text([^>]*)>([^<]*)<\/text>/) {
            let attributes = String(m.1)
            func attribute(_ name: String) -> String? {
                attributes.firstMatch(of: try! Regex("\\s\(name)=\"([^\"]*)\"")).map { String($0.output[1].substring!) }
            }
            let text = String(m.2).replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            let size = Double(attribute("font-size") ?? "16")!
            let bold = (Int(attribute("font-weight") ?? "400") ?? 400) >= 600
            let w = TextMetrics.width(text, fontSize: size, bold: bold)
            let anchor = ["start": 0.0, "middle": 0.5, "end": 1.0][attribute("text-anchor") ?? "start"]!
            let up = TextMetrics.ascent * size, down = TextMetrics.descent * size
            if let t = attribute("transform") {
                // translate(X Y) rotate(-90): the line runs upwards from (X, Y); glyphs rise to the left.
                let p = t.firstMatch(of: /translate\(([-0-9.]+) ([-0-9.]+)\) rotate\(-90\)/)!
                let (x, y) = (Double(p.1)!, Double(p.2)!)
                boxes.append(TextBox(text: text, minX: x - up, maxX: x + down, minY: y - (1 - anchor) * w, maxY: y + anchor * w))
            } else {
                let x = Double(attribute("x")!)!, y = Double(attribute("y")!)!
                boxes.append(TextBox(text: text, minX: x - anchor * w, maxX: x + (1 - anchor) * w, minY: y - up, maxY: y + down))
            }
        }
        return (Double(viewBox.1)!, Double(viewBox.2)!, boxes)
    }

    static func outside(_ chart: ReportCharts.Chart) -> [String] {
        let (width, height, boxes) = textBoxes(chart.svg)
        return boxes.filter { $0.minX < 0 || $0.maxX > width || $0.minY < 0 || $0.maxY > height }
            .map { "\(chart.id): '\($0.text)' spans x \(Int($0.minX))…\(Int($0.maxX)) y \(Int($0.minY))…\(Int($0.maxY)) in \(Int(width))×\(Int(height))" }
    }

    static func summary(_ s: Scenario, sensitivity: Bool = true) async throws -> Summary {
        let result = try await SimulationEngine(scenario: s, threads: 2).run()
        let analysis = sensitivity && !InputCatalog(s).uncertain.isEmpty ? try await SensitivityAnalysis.run(s, customers: 1_000, threads: 2) : nil
        return try SummaryBuilder.build(result, sensitivity: analysis, sensitivityCustomers: 1_000, options: .init(bootstrapResamples: 0))
    }

    @Test func noTextLeavesTheViewBoxInAnyBundledScenario() async throws {
        let scenarios = try BundledScenarios.all(customers: 3_000, replications: 2...12)
        #expect(scenarios.count >= 7)
        var texts = 0
        for (file, s) in scenarios {
            for chart in ReportCharts.all(try await Self.summary(s)) {
                #expect(Self.outside(chart).isEmpty, "\(file): \(Self.outside(chart))")
                texts += Self.textBoxes(chart.svg).boxes.count
            }
        }
        #expect(texts > 300, "the parser found the charts' text: \(texts)")
    }

    /// Long variant and input names, a long currency and large totals: the margins grow with
    /// the labels, long titles wrap, and nothing is cut off.
    @Test func longNamesWidenTheMarginsInsteadOfLeavingTheChart() async throws {
        let long = "personalised-recommendations-with-a-very-long-campaign-name"
        let s = try ScenarioLoader.parse("""
            scenario: layout
            seed: 3
            horizon: { periods: 12, period: month }
            replications: 10
            population:
              customers: 2000
              base_size: 25000000
              segments:
                - name: regulars
                  share: 1
                  purchases: { rate: { gamma: { shape: 0.9, rate: 0.8 } } }
                  lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }
                  spend: { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }
            economics: { currency: EUR, margin: 0.3, acquisition_cost: 20 }
            variants:
              - name: control
              - name: \(long)
                interventions:
                  - kind: personalisation
                    name: a-personalisation-programme-whose-name-is-longer-than-any-margin
                    start: 2
                    effects: { spend: { uniform: [1.0, 1.2] } }
                    costs: { per_contact: 0.1 }
            """, file: "layout.yaml")
        let charts = ReportCharts.all(try await Self.summary(s))
        #expect(charts.contains { $0.id == "incremental-value-" + long } && charts.contains { $0.id == "tornado" })
        for chart in charts {
            #expect(Self.outside(chart).isEmpty, "\(Self.outside(chart))")
            #expect(chart.svg.contains("class=\"data"), "\(chart.id) has no data marks")
        }
        // The replication histogram counts every replication once.
        let spread = try #require(charts.first { $0.id == "incremental-value-" + long })
        let bars = spread.svg.matches(of: /<title>([0-9]+) replications? in/).map { Int($0.1)! }
        #expect(bars.reduce(0, +) == 10)
        // The forest plot's left margin holds the whole variant name on two lines, not a clipped one.
        let forest = try #require(charts.first { $0.id == "forest" })
        #expect(Self.textBoxes(forest.svg).boxes.map(\.text).joined().contains(long))
    }

    /// A summary.json written before net histograms existed is still drawn (`clvlab report`), on
    /// gross CLV and saying so; with them, the chart is on net CLV, the table's basis.
    @Test func clvChartSaysWhichBasisItDraws() async throws {
        let s = try await Self.summary(try BundledScenarios.all(customers: 2_000, replications: 1...2)[0].scenario, sensitivity: false)
        #expect(ReportCharts.clvDistribution(s).svg.contains("Net CLV per customer"))
        var old = s
        for k in old.variants.indices { old.variants[k].netHistogram = nil }
        let chart = ReportCharts.clvDistribution(old)
        #expect(chart.title == "Distribution of gross CLV per customer" && chart.svg.contains("Gross CLV per customer"))
        #expect(Self.outside(chart).isEmpty)
    }

    /// The parser and the extents: a label that does stick out is caught.
    @Test func aLabelPastTheEdgeIsCaught() {
        let svg = "<svg viewBox=\"0 0 100 50\"><text x=\"90\" y=\"20\" text-anchor=\"start\" font-size=\"12\">wide label</text>"
            + "<text transform=\"translate(21.0 25.0) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">this title is taller than fifty</text></svg>"
        let chart = ReportCharts.Chart(id: "probe", title: "", svg: svg)
        #expect(Self.outside(chart).count == 2)
    }
}
