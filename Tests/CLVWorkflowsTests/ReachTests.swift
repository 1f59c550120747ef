import CLVReport
import CLVSimulation
import Foundation
import Testing
@testable import CLVWorkflows

/// Reach counts (issue #16, item 5): how many customers each intervention made eligible,
/// targeted, contacted and enrolled, checked against direct counts — customers.csv, the
/// population layout, the contact schedule — and carried unchanged through streaming and shards.
@Suite struct ReachTests {
    /// Two segments; a retention campaign for `loyal` only from period 1 (every customer is live
    /// then), re-contacting every 3 periods through 10, and a discount with a rule that can keep
    /// nobody with `recency_at_least: 10` (at period 6 nobody can be 10 periods past a purchase).
    static func scenario(customers: Int = 3_000, replications: Int = 2, winbackRule: String = "p_alive_below: 0.5", uptake: String = "0.3") throws -> Scenario {
        try ScenarioLoader.parse("""
            scenario: reach-test
            seed: 11
            horizon: { periods: 18, period: month }
            replications: \(replications)
            population:
              customers: \(customers)
              base_size: 60000
              segments:
                - name: loyal
                  share: 0.4
                  purchases: { rate: { gamma: { shape: 2, rate: 4 } } }
                  lifetime: { model: bgnbd, dropout: { beta: { a: 1, b: 6 } } }
                  spend: { fixed: 30 }
                - name: casual
                  share: 0.6
                  purchases: { rate: { gamma: { shape: 1, rate: 4 } } }
                  lifetime: { model: bgnbd, dropout: { beta: { a: 1, b: 3 } } }
                  spend: { fixed: 20 }
            economics: { currency: EUR, margin: 0.3, cost_to_serve: 0, acquisition_cost: 10, annual_discount_rate: 0.1 }
            variants:
              - name: control
              - name: campaigns
                interventions:
                  - kind: retention
                    name: call
                    start: 1
                    end: 10
                    every: 3
                    target: { segments: [loyal] }
                    uptake: \(uptake)
                    effects: { churn: 0.7 }
                    costs: { per_contact: 1 }
                  - kind: discount
                    name: winback
                    start: 6
                    end: 7
                    depth: 0.2
                    target: { \(winbackRule) }
                    uptake: 1
                    effects: { purchase_rate: 1.3 }
            """, file: "reach-test.yaml")
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-reach-\(UUID().uuidString)").path
    }

    /// The reach table equals a direct count over customers.csv, and `eligible` of a period-1
    /// campaign equals the segment's customers (everyone is live in period 1).
    @Test func reachEqualsTheCountsOfCustomersCSV() async throws {
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let s = try Self.scenario()
        let run = SimulateWorkflow(scenario: s, source: "reach-test.yaml",
                                   completion: RunCompletion(output: out, bootstrap: 0, threads: 2, customerTable: true))
        guard case .summary(let summary) = try await run.run() else { Issue.record("a whole run gives a summary"); return }
        let reach = try #require(summary.reach)
        #expect(reach.map(\.intervention) == ["call", "winback"])

        let text = try String(contentsOfFile: out + "/customers.csv", encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0], body = rows.dropFirst()
        #expect(body.count == 3_000)
        func total(_ column: String) throws -> Double {
            let k = try #require(header.firstIndex(of: column), "no column \(column) in \(header)")
            return body.reduce(0) { $0 + Double($1[k])! }
        }
        // Shares of 2 replications: × 2 gives whole counts, compared exactly.
        for r in reach {
            #expect(try (total("campaigns.\(r.intervention).targeted") * 2).rounded() == r.simulated.targeted * 2)
            #expect(try (total("campaigns.\(r.intervention).enrolled") * 2).rounded() == r.simulated.enrolled * 2)
        }
        let loyal = body.filter { $0[1] == "loyal" }.count
        #expect(loyal == 1_200)
        #expect(reach[0].simulated.eligible == Double(loyal) && reach[0].simulated.targeted == Double(loyal))
        // Every targeted customer is contacted at 1 and at each re-contact (4, 7, 10) while live
        // and not yet enrolled — at least once, at most 4 times.
        #expect(reach[0].simulated.contacts >= reach[0].simulated.targeted && reach[0].simulated.contacts <= 4 * reach[0].simulated.targeted)
        // Enrolled customers are treated from their response through period 10.
        #expect(reach[0].simulated.treatedPeriods <= 10 * reach[0].simulated.enrolled)
        #expect(reach[0].simulated.treatedPeriods >= reach[0].simulated.enrolled)
        // Scaled to the base: × 60,000 / 3,000.
        #expect(reach[0].base.targeted == reach[0].simulated.targeted * 20)
        #expect(reach[0].shareTargeted == 0.4)

        let csv = try String(contentsOfFile: out + "/reach.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[1].hasPrefix("campaigns,call,2,3000,60000,1200,1200,"))
    }

    /// An intervention whose rule keeps nobody is reported as reaching 0 and warned about.
    @Test func anInterventionThatTargetsNobodyIsWarnedAbout() async throws {
        let s = try Self.scenario(winbackRule: "recency_at_least: 10")
        let result = try await SimulationEngine(scenario: s, threads: 2).run()
        let summary = try SummaryBuilder.build(result, options: .init(bootstrapResamples: 0))
        let winback = try #require(summary.reach?.first { $0.intervention == "winback" })
        #expect(winback.simulated.targeted == 0 && winback.simulated.contacts == 0 && winback.simulated.enrolled == 0)
        #expect(winback.simulated.eligible > 0)
        let warnings = summary.warnings ?? []
        #expect(warnings.contains { $0.hasPrefix("'winback' in variant 'campaigns' reaches nobody: its targeting rules kept none") })
        #expect(!warnings.contains { $0.contains("'call'") })
        #expect(MarkdownReport.render(summary).contains("### Warnings"))
        #expect(HTMLReport.render(summary).contains("<h2 id=\"warnings\">Warnings</h2>"))
    }

    /// An uncertain input that moves no variant is warned about.
    @Test func anUncertainInputWithoutEffectIsWarnedAbout() async throws {
        // The uptake of a campaign whose only effect is ×1 changes nothing but its contact costs:
        // make the effect and the cost nil so that the input is inert.
        let text = """
            scenario: inert-input
            seed: 3
            horizon: { periods: 6, period: month }
            replications: 4
            population:
              customers: 2000
              segments:
                - name: all
                  share: 1
                  purchases: { rate: { gamma: { shape: 2, rate: 4 } } }
                  lifetime: { model: bgnbd, dropout: { beta: { a: 1, b: 6 } } }
                  spend: { fixed: 30 }
            economics: { currency: EUR, margin: 0.3, cost_to_serve: 0, acquisition_cost: 10, annual_discount_rate: 0.1 }
            variants:
              - name: control
              - name: nudge
                interventions:
                  - kind: retention
                    name: nudge
                    start: 2
                    uptake: { uniform: [0.2, 0.6] }
                    effects: { churn: 1 }
            """
        let s = try ScenarioLoader.parse(text, file: "inert.yaml")
        let out = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = SimulateWorkflow(scenario: s, source: "inert.yaml", completion: RunCompletion(output: out, bootstrap: 0, threads: 2))
        guard case .summary(let summary) = try await run.run() else { Issue.record("a whole run gives a summary"); return }
        #expect((summary.warnings ?? []).contains("uncertain input 'nudge.uptake' has no effect on any variant: its range changes no result"),
                "\(summary.warnings ?? [])")
    }

    /// The counts travel with the period sums: a streaming run and a 3-shard merge report the
    /// same reach as the in-memory run.
    @Test func streamingAndShardsReportTheSameReach() async throws {
        let s = try Self.scenario(customers: 9_000, replications: 3)
        let normal = try await SimulationEngine(scenario: s, threads: 2).run()
        let streaming = try await SimulationEngine(scenario: s, threads: 2).runStreaming()
        #expect(normal.variants.map(\.reach) == streaming.variants.map(\.reach))
        var parts: [SimulationPartial] = []
        for i in 1...3 { parts.append(try await SimulationEngine(scenario: s, threads: 1).runShard(Shard(index: i, count: 3))) }
        let merged = try SimulationEngine.merge(parts)
        #expect(merged.variants.map(\.reach) == normal.variants.map(\.reach))
        var streamed: [SimulationPartial] = []
        for i in 1...3 { streamed.append(try await SimulationEngine(scenario: s, threads: 1).runShard(Shard(index: i, count: 3), streaming: true)) }
        #expect(try SimulationEngine.mergeStreaming(streamed).variants.map(\.reach) == normal.variants.map(\.reach))
        #expect(normal.variants[1].reach[0].perReplication.count == 3)
    }
}
