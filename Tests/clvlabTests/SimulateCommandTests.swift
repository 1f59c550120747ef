import Foundation
import Testing

/// End-to-end: the binary, its exit codes, its files, the summary.json contract (DESIGN.md §7).
@Suite(.serialized) struct SimulateCommandTests {
    @Test func textbookScenarioPrints1800() throws {
        let r = try CLI.run(["simulate", "scenarios/textbook-subscription.yaml", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("control    1800.00  [1800.00, 1800.00]  1800.00"))
        #expect(r.stderr.isEmpty)
        let j = try CLI.run(["simulate", "scenarios/textbook-subscription.yaml", "--format", "json", "-q"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let gross = try #require(((json["variants"] as? [[String: Any]])?.first?["clv"] as? [String: Any])?["gross"] as? [String: Any])
        #expect(gross["mean"] as? Double == 1800)
        #expect(gross["ci95"] as? [Double] == [1800, 1800])
    }

    @Test func writesResultsFolderFollowingTheContract() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "5000", "--output", dir.path, "--format", "json", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["charts", "comparisons.csv", "periods.csv", "reach.csv", "replications.csv", "report.html", "report.md", "summary.json", "variants.csv"])
        let data = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        #expect(String(decoding: data, as: UTF8.self) == r.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["tool", "scenario", "seed", "replications", "customers", "periods", "period", "currency", "variants", "comparisons"] {
            #expect(json[key] != nil, "summary.json lacks \(key)")
        }
        #expect((json["tool"] as? [String: Any])?["name"] as? String == "clvlab")
        #expect(json["customers"] as? Int == 5000)
        let variant = try #require((json["variants"] as? [[String: Any]])?.first)
        for key in ["name", "clv", "retained_share", "purchases_per_customer", "revenue_per_customer", "ltv_cac", "campaign_cost", "segments"] {
            #expect(variant[key] != nil, "variant lacks \(key)")
        }
        let gross = try #require((variant["clv"] as? [String: Any])?["gross"] as? [String: Any])
        for key in ["mean", "ci95", "interval", "quantiles", "share_negative"] { #expect(gross[key] != nil, "gross lacks \(key)") }
        let quantiles = try #require(gross["quantiles"] as? [String: Double])
        #expect(Set(quantiles.keys) == ["p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"])
        // Tidy CSVs: a fixed header and one observation per row.
        let periods = try String(contentsOf: dir.appendingPathComponent("periods.csv"), encoding: .utf8).split(separator: "\n")
        #expect(periods.first == "variant,period,metric,total,per_customer")
        #expect(periods.count == 1 + 3 * 36 * 10)  // 3 variants × 36 months × 8 metrics
        let variants = try String(contentsOf: dir.appendingPathComponent("variants.csv"), encoding: .utf8).split(separator: "\n")
        #expect(variants.first == "variant,segment,metric,statistic,value")
        #expect(variants.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 5 })
    }

    @Test func threadsDoNotChangeTheOutput() throws {
        let a = try CLI.run(["simulate", "scenarios/ecommerce-two-segments.yaml", "--customers", "3000", "--threads", "1", "--format", "csv", "-q"])
        let b = try CLI.run(["simulate", "scenarios/ecommerce-two-segments.yaml", "--customers", "3000", "--threads", "3", "--format", "csv", "-q"])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        let c = try CLI.run(["simulate", "scenarios/ecommerce-two-segments.yaml", "--customers", "3000", "--seed", "8", "--format", "csv", "-q"])
        #expect(c.stdout != a.stdout)
    }

    @Test func invalidScenarioExitsOneWithLocatedMessage() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try "scenario: x\nseed: 1\nhorizon: { periods: 12, period: mnth }\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            error: \(file.path):3:33: horizon.period: unknown period unit 'mnth'; did you mean 'month'? (expected one of: day, week, month, quarter, year)
            error: \(file.path):1:1: population: missing key 'population' (customers and segments)
            error: \(file.path):1:1: economics: missing key 'economics' (margin, cost_to_serve, acquisition_cost, annual_discount_rate)
            error: \(file.path):1:1: variants: missing key 'variants' (a list of campaign variants, the first being control)

            """)
        let s = try CLI.run(["simulate", file.path])
        #expect(s.status == 1)
    }

    @Test func missingFileIsAnInputError() throws {
        let r = try CLI.run(["simulate", "no/such/file.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: no/such/file.yaml: no such file"))
    }

    @Test func validateAcceptsBundledScenarios() throws {
        let r = try CLI.run(["validate", "scenarios/demo.yaml"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("scenarios/demo.yaml: ok — demo-ecommerce"))
    }

    @Test(arguments: [["--help"], ["simulate", "--help"], ["validate", "--help"]])
    func helpIsAvailableEverywhere(_ args: [String]) throws {
        let r = try CLI.run(args)
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE:"))
    }

    @Test func usageErrorsExit64() throws {
        let r = try CLI.run(["simulate", "scenarios/demo.yaml", "--threads", "0"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--threads: expected an integer in 1…1024, found 0"))
    }

    @Test func unwritableOutputExits74() throws {
        let r = try CLI.run(["simulate", "scenarios/textbook-subscription.yaml", "--output", "/proc/clvlab-cannot-write", "-q"])
        #expect(r.status == 74)
        #expect(r.stderr.contains("cannot write results"))
    }
}
