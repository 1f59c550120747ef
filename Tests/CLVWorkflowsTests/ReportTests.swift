import Foundation
import Testing
@testable import CLVReport
@testable import CLVSimulation
@testable import CLVWorkflows

/// The HTML and Markdown reports from a small fixed-seed run: every chart present with data,
/// axes titled with units, and the numbers those of summary.json.
@Suite struct ReportTests {
    static func summary() async throws -> Summary {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios/loyalty-programme.yaml").standardized
        var s = try ScenarioLoader.load(path: url.path)
        s.population.customers = 4000
        s.replications = 4
        let result = try await SimulationEngine(scenario: s, threads: 2).run()
        let sensitivity = try await SensitivityAnalysis.run(s, customers: 2000)
        return try SummaryBuilder.build(result, sensitivity: sensitivity, sensitivityCustomers: 2000, options: .init(bootstrapResamples: 50))
    }

    @Test func everyChartIsPresentWithDataAndUnits() async throws {
        let s = try await Self.summary()
        let charts = ReportCharts.all(s)
        let variants = s.comparisons.map { ReportCharts.slug($0.variant) }
        #expect(charts.map(\.id) == ["clv-distribution", "survival", "survival-difference", "cumulative-value", "cumulative-value-difference", "forest"]
                + variants.map { "waterfall-" + $0 } + variants.map { "treated-" + $0 } + ["ltv-cac", "tornado"])
        for chart in charts {
            #expect(chart.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), "\(chart.id)")
            #expect(chart.svg.components(separatedBy: "class=\"data").count - 1 > 0, "\(chart.id) has no data marks")
            #expect(chart.svg.contains("class=\"x-title\""), "\(chart.id) has no x-axis title")
            #expect(!chart.svg.contains("nan") && !chart.svg.contains("inf"), "\(chart.id) has non-finite coordinates")
        }
        let byID = Dictionary(uniqueKeysWithValues: charts.map { ($0.id, $0.svg) })
        #expect(byID["clv-distribution"]!.contains("Net CLV per customer (EUR)") && byID["clv-distribution"]!.contains("log scale"))
        #expect(byID["survival"]!.contains("Period (months since acquisition)"))
        #expect(byID["cumulative-value"]!.contains("(EUR per customer)"))
        #expect(byID["forest"]!.contains("EUR/customer"))
        #expect(byID["ltv-cac"]!.contains("3:1"))
        // One histogram outline per variant, one survival line per variant.
        #expect(byID["clv-distribution"]!.components(separatedBy: "class=\"data\"").count - 1 == s.variants.count)
        #expect(byID["survival"]!.components(separatedBy: "class=\"data\"").count - 1 == s.variants.count)
        // Forest plot: Monte Carlo interval, assumption interval (uptake is uncertain) and a point per comparison.
        #expect(byID["forest"]!.components(separatedBy: "class=\"data monte-carlo\"").count - 1 == s.comparisons.count)
        #expect(byID["forest"]!.components(separatedBy: "class=\"data assumption\"").count - 1 == s.comparisons.count)
    }

    @Test func htmlIsSelfContainedAndQuotesTheSummary() async throws {
        let s = try await Self.summary()
        let html = HTMLReport.render(s)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for forbidden in ["<script", "http://", "https://", "@import", "url("] where forbidden != "http://" {
            #expect(!html.contains(forbidden), "report.html must not reference \(forbidden)")
        }
        // The only http: reference allowed is the SVG namespace.
        #expect(html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
        for v in s.variants {
            #expect(html.contains(">\(NumberStyle.money(v.clv.gross.mean))<"), "mean CLV of \(v.name)")
            #expect(html.contains(SVGCanvas.escape(NumberStyle.interval(v.clv.gross.ci95))), "CI of \(v.name)")
        }
        for c in s.comparisons {
            #expect(html.contains(SVGCanvas.escape(try #require(c.verdict))), "verdict of \(c.variant)")
        }
        #expect(html.components(separatedBy: "<figure").count - 1 == ReportCharts.all(s).count)
    }

    @Test func markdownLinksEveryChart() async throws {
        let s = try await Self.summary()
        let md = MarkdownReport.render(s)
        for chart in ReportCharts.all(s) { #expect(md.contains("(charts/\(chart.id).svg)")) }
        #expect(md.contains("| control | \(NumberStyle.money(s.variants[0].clv.gross.mean)) |"))
    }

    @Test func summaryRoundTripsThroughJSON() async throws {
        let s = try await Self.summary()
        let data = try JSONRendering.render(s)
        let back = try JSONDecoder().decode(Summary.self, from: data)
        #expect(try JSONRendering.render(back) == data)
        // Charts redrawn from the decoded summary are the same (clvlab report relies on it).
        #expect(ReportCharts.all(back).map(\.svg) == ReportCharts.all(s).map(\.svg))
    }
}

/// Per-segment curves are consistent with the overall ones.
@Suite struct SegmentCurvesTests {
    @Test func segmentSurvivalAndValueAddUpToTheWhole() async throws {
        let s = try await ReportTests.summary()
        for v in s.variants {
            let total = Double(v.segments.reduce(0) { $0 + $1.customers })
            for t in 0..<s.periods {
                let weighted = v.segments.reduce(0.0) { $0 + Double($1.customers) / total * $1.survival![t] }
                #expect(abs(weighted - v.survival![t]) < 1e-12)
            }
            // Overall cumulative value also carries the fixed costs shared by the whole base.
            let fixedShare = v.segments.reduce(0.0) { $0 + Double($1.customers) / total * $1.cumulativeDiscountedValue!.last! } - v.cumulativeDiscountedValue!.last!
            #expect(fixedShare >= -1e-9)
            #expect(v.segments.allSatisfy { $0.payback!.customers == $0.customers * s.replications })
        }
    }
}
