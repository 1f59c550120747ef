@testable import CLVEvaluation
import CLVReport
@testable import CLVSimulation
import Foundation
import Testing
@testable import CLVWorkflows

/// Decisions in money (issue #16): base size, verdicts that respect the assumption interval, the
/// waterfall and the campaign payback, each against a truth computed outside the decision code.
@Suite struct DecisionTests {
    /// A loyalty programme with a 50,000 set-up cost shared by a base of 100,000 customers;
    /// `uptake` may be a range.
    static func scenario(customers: Int, baseSize: Int? = 100_000, replications: Int = 2, uptake: String = "0.4",
                         fixed: Double = 50_000, start: Int = 4, seed: Int = 7) throws -> Scenario {
        let base = baseSize.map { "\n  base_size: \($0)" } ?? ""
        return try ScenarioLoader.parse("""
            scenario: decision-test
            seed: \(seed)
            horizon: { periods: 24, period: month }
            replications: \(replications)
            population:
              customers: \(customers)\(base)
              segments:
                - name: regulars
                  share: 1
                  purchases: { rate: { gamma: { shape: 0.9, rate: 0.8 } } }
                  lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }
                  spend: { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }
            economics: { currency: EUR, margin: 0.3, cost_to_serve: 0.5, acquisition_cost: 20, annual_discount_rate: 0.1 }
            variants:
              - name: control
              - name: loyalty
                interventions:
                  - kind: loyalty_programme
                    start: \(start)
                    uptake: \(uptake)
                    effects: { churn: 0.6, purchase_rate: 1.2 }
                    costs: { reward_rate: 0.03, per_member_per_period: 0.2, fixed: \(fixed) }
            """, file: "decision-test.yaml")
    }

    static func summary(_ s: Scenario, bootstrap: Int = 0) async throws -> Summary {
        let result = try await SimulationEngine(scenario: s, threads: 2).run()
        return try SummaryBuilder.build(result, options: .init(bootstrapResamples: bootstrap))
    }

    /// Per-customer incremental value with a shared fixed cost does not depend on how many
    /// customers were simulated: 20,000 and 200,000 agree within their combined Monte Carlo error
    /// (before base sizes, the fixed cost per customer alone differed by 50,000/20,000 −
    /// 50,000/200,000 = 2.25 EUR). Totals are per-customer values times the base.
    @Test func perCustomerValueDoesNotDependOnTheSimulatedCount() async throws {
        let small = try await Self.summary(try Self.scenario(customers: 20_000))
        let large = try await Self.summary(try Self.scenario(customers: 200_000))
        let a = small.comparisons[0].grossMeanDifference, b = large.comparisons[0].grossMeanDifference
        let se = { (e: Estimate) in (e.ci95[1] - e.ci95[0]) / (2 * 1.96) }
        let combined = (se(a) * se(a) + se(b) * se(b)).squareRoot()
        #expect(abs(a.estimate - b.estimate) < 4 * combined, "\(a.estimate) vs \(b.estimate), combined SE \(combined)")
        for s in [small, large] {
            let d = try #require(s.comparisons[0].decision)
            #expect(s.baseSize == 100_000 && d.baseSize == 100_000)
            #expect(d.total.incrementalValue == d.perCustomer.incrementalValue * 100_000)
            #expect(d.total.campaignCost == d.perCustomer.campaignCost * 100_000)
        }
        // The fixed cost's share is the base's: 50,000 discounted to period 4 over 100,000.
        let d = pow(1.1, 1.0 / 12) - 1
        let share = 50_000 * pow(1 + d, -4) / 100_000
        let fixed = try #require(small.comparisons[0].decision?.waterfall.first { $0.step == "fixed_costs" })
        #expect(abs(-fixed.perCustomer - share) < 1e-12)
    }

    /// Without `base_size`, `--customers` (the workflow's override) keeps the file's count as the base.
    @Test func theCustomersOverrideKeepsTheFilesBase() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-decision-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = SimulateWorkflow(scenario: try Self.scenario(customers: 50_000, baseSize: nil), source: "decision-test.yaml",
                                   overrides: .init(customers: 2_000), completion: RunCompletion(output: out, bootstrap: 0, threads: 2))
        guard case .summary(let s) = try await run.run() else { Issue.record("a whole run gives a summary"); return }
        #expect(s.customers == 2_000 && s.baseSize == 50_000)
    }

    /// The waterfall's steps sum to the incremental value per customer (to rounding), and the
    /// campaign-cost steps to the incremental campaign cost, in every bundled scenario.
    @Test func waterfallSumsToTheIncrementalValueInEveryBundledScenario() async throws {
        let scenarios = try BundledScenarios.all(customers: 5_000, replications: 1...3)
        #expect(scenarios.count >= 7)
        var checked = 0
        for (file, s) in scenarios {
            for c in try await Self.summary(s).comparisons {
                let d = try #require(c.decision)
                let sum = d.waterfall.reduce(0) { $0 + $1.perCustomer }
                let scale = d.waterfall.reduce(0) { $0 + abs($1.perCustomer) } + 1
                #expect(abs(sum - d.perCustomer.incrementalValue) <= 1e-9 * scale, "\(file) \(c.variant): \(sum) vs \(d.perCustomer.incrementalValue)")
                let costs = d.waterfall.filter { ["discount_subsidy", "rewards", "contacts_and_memberships", "fixed_costs"].contains($0.step) }
                    .reduce(0) { $0 - $1.perCustomer }
                #expect(abs(costs - d.perCustomer.campaignCost) <= 1e-9 * scale, "\(file) \(c.variant) costs")
                checked += 1
            }
        }
        #expect(checked >= 5)
    }

    /// The Monte Carlo interval excludes zero while the assumption interval straddles it:
    /// `uncertain`, with P(gain) stated; a wholly positive assumption interval: `gain`.
    @Test func verdictsRespectTheAssumptionInterval() async throws {
        // A set-up cost that breaks even at an uptake of 0.2 (from the value per customer at
        // uptake 0.4 without it), and uptake anywhere in [0.05, 0.35]: a loss when few join, a
        // gain when many do. The preconditions below check the construction.
        let probe = try await Self.summary(try Self.scenario(customers: 20_000, replications: 1, uptake: "0.4", fixed: 0))
        let perMember = probe.comparisons[0].grossMeanDifference.estimate / 0.4
        let breakEvenCost = perMember * 0.2 * pow(1 + (pow(1.1, 1.0 / 12) - 1), 4) * 100_000
        let spread = try await Self.summary(try Self.scenario(customers: 20_000, replications: 30, uptake: "{ uniform: [0.05, 0.35] }",
                                                              fixed: breakEvenCost * 0.8))
        let c = spread.comparisons[0], d = try #require(c.decision)
        let mc = c.grossMeanDifference.ci95, assumption = try #require(d.perCustomer.assumptionInterval95)
        #expect(mc[0] > 0 || mc[1] < 0, "precondition: the Monte Carlo interval excludes zero, \(mc)")
        #expect(assumption[0] < 0 && assumption[1] > 0, "precondition: the assumption interval straddles zero, \(assumption)")
        #expect(d.verdict == "uncertain")
        let p = try #require(d.probabilityOfGain)
        #expect(d.replications == 30 && p > 0 && p < 1)
        #expect(d.statement.contains("gain in") && d.statement.contains("30 replications"))
        #expect(d.advice?.contains("--replications") == true || p <= 0.1 || p >= 0.9)

        let sure = try await Self.summary(try Self.scenario(customers: 20_000, replications: 10, uptake: "{ uniform: [0.5, 0.6] }", fixed: 0))
        let g = try #require(sure.comparisons[0].decision)
        #expect(try #require(g.perCustomer.assumptionInterval95)[0] > 0)
        #expect(g.verdict == "gain" && g.probabilityOfGain == 1 && g.probabilityOfLoss == 0)
    }

    /// The verdict rule itself, on hand-made comparisons (no simulation): each clause matters.
    @Test func verdictRule() {
        func comparison(_ lo: Double, _ hi: Double, significant: Bool, assumption: (Double, Double)?, better: Double?) -> Comparison {
            let est = (lo + hi) / 2
            return Comparison(
                variant: "v", baseline: "b", pairing: .paired, variantCustomers: 10, baselineCustomers: 10,
                meanDifference: TTest(interval: IntervalEstimate(estimate: est, lower: lo, upper: hi, level: 0.95, method: .pairedT),
                                      standardError: 0.1, degreesOfFreedom: 9, statistic: 5, pValue: significant ? 0.001 : 0.4),
                adjustedPValue: significant ? 0.001 : 0.4, pValueAdjustment: .none, significant: significant, incrementalCost: nil,
                incrementalValue: nil, incrementalRevenue: nil, roi: nil, probabilityBetter: better, replications: better == nil ? nil : 20,
                assumptionInterval: assumption.map { IntervalEstimate(estimate: est, lower: $0.0, upper: $0.1, level: 0.95, method: .assumptionPercentile) },
                quantileDifferences: [], kolmogorovSmirnov: nil, segments: [])
        }
        #expect(Decision(comparison(1, 2, significant: true, assumption: (0.5, 3), better: 1), uncertainInputs: true).verdict == .gain)
        #expect(Decision(comparison(1, 2, significant: true, assumption: (-0.5, 3), better: 0.8), uncertainInputs: true).verdict == .uncertain)
        #expect(Decision(comparison(1, 2, significant: false, assumption: (0.5, 3), better: 1), uncertainInputs: true).verdict == .uncertain)
        #expect(Decision(comparison(-2, -1, significant: true, assumption: (-3, -0.5), better: 0), uncertainInputs: true).verdict == .loss)
        #expect(Decision(comparison(-2, -1, significant: true, assumption: (-3, 0.5), better: 0.1), uncertainInputs: true).verdict == .uncertain)
        // Without uncertain inputs the replication spread is Monte Carlo noise: not consulted.
        #expect(Decision(comparison(1, 2, significant: true, assumption: (-0.5, 3), better: 0.8), uncertainInputs: false).verdict == .gain)
        // Uncertain inputs but one replication: their effect is unseen, so nothing is certain.
        #expect(Decision(comparison(1, 2, significant: true, assumption: Optional<(Double, Double)>.none, better: Optional<Double>.none), uncertainInputs: true).verdict == .uncertain)
        let few = Decision(comparison(1, 2, significant: true, assumption: (-0.5, 3), better: 0.6), uncertainInputs: true)
        #expect(few.statement == "uncertain: gain in 60% of assumption draws (20 replications)")
        #expect(few.advice?.contains("20 replications") == true)
    }

    /// Payback equals the first period of non-negative cumulative incremental discounted cash
    /// flow computed from periods.csv's `discounted_cash_flow` rows.
    @Test func paybackMatchesPeriodsCSV() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-payback-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = SimulateWorkflow(scenario: try Self.scenario(customers: 20_000, replications: 1, fixed: 100_000), source: "decision-test.yaml",
                                   completion: RunCompletion(output: out, bootstrap: 0, threads: 2))
        guard case .summary(let s) = try await run.run() else { Issue.record("a whole run gives a summary"); return }
        let csv = try String(contentsOfFile: out + "/periods.csv", encoding: .utf8)
        var flows: [String: [Int: Double]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            if f[2] == "discounted_cash_flow" { flows[f[0], default: [:]][Int(f[1])!] = Double(f[3])! }
        }
        var cumulative = 0.0, started = false, expected: Int?
        for t in 1...24 {
            let d = flows["loyalty"]![t]! - flows["control"]![t]!
            cumulative += d
            if d != 0 { started = true }
            if started && cumulative >= 0 { expected = t; break }
        }
        let decision = try #require(s.comparisons[0].decision)
        #expect(expected != nil && expected! > 4, "the set-up cost must take a while to earn back: \(String(describing: expected))")
        #expect(decision.paybackPeriod == expected)
        #expect(decision.payback == "period \(expected!)")
    }

    /// The decision box leads every human-readable report, with the waterfall.
    @Test func reportsLeadWithTheDecision() async throws {
        let s = try await Self.summary(try Self.scenario(customers: 5_000, replications: 3, uptake: "{ uniform: [0.2, 0.5] }"))
        let table = TableRendering.table(s), markdown = MarkdownReport.render(s), html = HTMLReport.render(s)
        #expect(table.split(separator: "\n", omittingEmptySubsequences: false)[2].hasPrefix("Decision over a base of 100,000 customers"))
        #expect(markdown.contains("### Decision over a base of 100,000 customers") && markdown.contains("| = incremental value |"))
        let box = try #require(html.range(of: "id=\"decision\""))
        #expect(box.lowerBound < html.range(of: "Summary by variant")!.lowerBound)
        #expect(html.contains("from margin to incremental value"))
    }
}

extension DecisionTests {
    /// comparisons.csv carries summary.json's decision numbers, flat: read back, each equals the
    /// JSON's value (shortest round-trip printing), and the waterfall columns sum to the value.
    @Test func comparisonsCSVCarriesTheDecision() async throws {
        let s = try await Self.summary(try Self.scenario(customers: 4_000, replications: 4, uptake: "{ uniform: [0.2, 0.5] }"))
        let lines = ComparisonsCSV.render(s).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0] == ComparisonsCSV.header && lines.count == 2)
        let row = Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
        let d = try #require(s.comparisons[0].decision)
        #expect(row["verdict"] == d.verdict && row["base_size"] == "100000" && row["replications"] == "4")
        #expect(Double(row["incremental_value"]!) == d.perCustomer.incrementalValue)
        #expect(Double(row["assumption95_low_total"]!) == d.total.assumptionInterval95?[0])
        #expect(Double(row["roi_ci95_high"]!) == d.roi?.ci95[1])
        #expect(row["payback_period"] == d.paybackPeriod.map(String.init) ?? "")
        let steps = ["margin_at_list_price", "discount_subsidy", "rewards", "contacts_and_memberships", "cost_to_serve", "fixed_costs"]
        let sum = steps.reduce(0) { $0 + Double(row[$1]!)! }
        #expect(abs(sum - d.perCustomer.incrementalValue) <= 1e-9 * (abs(sum) + 1))
    }

    /// replications.csv holds what the decision rests on: the mean of its per-replication
    /// incremental values is the comparison's estimate (equal-size replications), its share of
    /// positive values is P(gain), its values × the base are the totals, and the drawn input is a
    /// column whose values lie in the input's range.
    @Test func replicationsCSVRedoesTheDecision() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-replications-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = SimulateWorkflow(scenario: try Self.scenario(customers: 4_000, replications: 12, uptake: "{ uniform: [0.2, 0.6] }"),
                                   source: "decision-test.yaml", completion: RunCompletion(output: out, bootstrap: 0, sensitivity: false, threads: 2))
        guard case .summary(let s) = try await run.run() else { Issue.record("a whole run gives a summary"); return }
        let lines = try String(contentsOfFile: out + "/replications.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(header == ["replication", "variant", "loyalty_programme.uptake", "gross_clv", "net_clv", "incremental_value", "incremental_cost",
                           "roi", "total_incremental_value", "total_incremental_cost"])
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(rows.count == 24)
        let loyalty = rows.filter { $0["variant"] == "loyalty" }
        let values = loyalty.map { Double($0["incremental_value"]!)! }
        let d = try #require(s.comparisons[0].decision)
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(mean - s.comparisons[0].grossMeanDifference.estimate) < 1e-9)
        #expect(d.probabilityOfGain == Double(values.filter { $0 > 0 }.count) / 12)
        for r in loyalty {
            let uptake = Double(r["loyalty_programme.uptake"]!)!
            #expect(uptake >= 0.2 && uptake <= 0.6)
            #expect(abs(Double(r["total_incremental_value"]!)! - Double(r["incremental_value"]!)! * 100_000) < 1e-6)
            #expect(abs(Double(r["roi"]!)! - Double(r["incremental_value"]!)! / Double(r["incremental_cost"]!)!) < 1e-12)
        }
        #expect(rows.filter { $0["variant"] == "control" }.allSatisfy { $0["incremental_value"] == "" })
    }
}

extension DecisionTests {
    /// The break-even value of the most influential input is the one at which the variant's
    /// incremental value is zero: a scenario with the input fixed there gives, on the same
    /// customers, the search's residual (so the reported value is the scenario's own number), and
    /// on 20,000 independent customers (another seed) zero within Monte Carlo error.
    @Test func breakEvenInputGivesZeroIncrementalValue() async throws {
        // Set-up cost about what an uptake of 0.2 earns back: the break-even lies inside [0.05, 0.35].
        let probe = try await Self.summary(try Self.scenario(customers: 20_000, replications: 1, uptake: "0.4", fixed: 0))
        let perMember = probe.comparisons[0].grossMeanDifference.estimate / 0.4
        let cost = perMember * 0.2 * pow(1 + (pow(1.1, 1.0 / 12) - 1), 4) * 100_000
        let uncertain = try Self.scenario(customers: 20_000, replications: 1, uptake: "{ uniform: [0.05, 0.35] }", fixed: cost)
        let analysis = try await SensitivityAnalysis.run(uncertain, customers: 20_000, threads: 2)
        let b = try #require(analysis.breakEven.first ?? nil)
        let value = try #require(b.value), residual = try #require(b.residual)
        #expect(b.input == "loyalty_programme.uptake" && b.paysAbove == true)
        #expect(value > 0.05 && value < 0.35, "break-even uptake \(value)")
        #expect(b.statement.hasPrefix("loyalty pays if loyalty_programme.uptake is above "))

        let same = try await Self.summary(try Self.scenario(customers: 20_000, replications: 1, uptake: "\(value)", fixed: cost))
        let d = same.comparisons[0].grossMeanDifference
        #expect(abs(d.estimate - residual) < 1e-9, "same customers: \(d.estimate) vs the search's \(residual)")
        let se = (d.ci95[1] - d.ci95[0]) / (2 * 1.96)
        #expect(abs(residual) < 0.05 * se, "the search converged: residual \(residual), SE \(se)")

        let other = try await Self.summary(try Self.scenario(customers: 20_000, replications: 1, uptake: "\(value)", fixed: cost, seed: 8))
        let o = other.comparisons[0].grossMeanDifference
        let seOther = (o.ci95[1] - o.ci95[0]) / (2 * 1.96)
        // Both samples carry Monte Carlo error of about one SE each: 3 combined SEs.
        #expect(abs(o.estimate) < 3 * (seOther * seOther + se * se).squareRoot(), "independent customers: \(o.estimate), SE \(seOther)")
    }

    /// The search itself, on functions with known roots: the Illinois iteration finds a smooth
    /// root to its stopping rule within its budget, reports the side that pays and
    /// the input's level; without a sign change it reports none and says which way it goes.
    @Test func breakEvenSearchFindsKnownRoots() async throws {
        let entry = InputCatalog.Entry(id: .economics(.margin), value: .uniform(low: 0, high: 10))
        let cubic = try await BreakEven.search(variant: "v", input: entry) { u in (10 * u, pow(10 * u, 3) - 8) }
        // The stopping rule: |f| within 1e-4 of the sum of |f| at the range's ends (8 and 989 here),
        // which puts the cubic's root within 0.1 / f'(2) = 0.1 / 12 of 2.
        let root = try #require(cubic.value), level = try #require(cubic.level)
        let tolerance = 1e-4 * (abs(cubic.incrementalAtLowest) + abs(cubic.incrementalAtHighest))
        #expect(abs(pow(root, 3) - 8) <= tolerance && abs(root - 2) < 0.1 / 12 && abs(level - root / 10) < 1e-15)
        #expect(cubic.paysAbove == true && cubic.evaluations <= BreakEven.maxEvaluations)
        let falling = try await BreakEven.search(variant: "v", input: entry) { u in (10 * u, 3 - 10 * u) }
        let fallingRoot = try #require(falling.value)
        #expect(abs(fallingRoot - 3) < 1e-9 && falling.paysAbove == false)
        #expect(falling.statement == "v pays if economics.margin is below 3 (chance 30 % under its range; other inputs at their central values)")
        let never = try await BreakEven.search(variant: "v", input: entry) { u in (10 * u, -1 - u) }
        #expect(never.value == nil && never.evaluations == 2)
        #expect(never.statement.hasPrefix("v loses whatever the value of economics.margin in its plausible range"))
    }
}

extension DecisionTests {
    /// The touched customers of a loyalty programme are its members (members cost a fee; nobody
    /// else is changed), counted independently by the engine's reach counts; and since every
    /// untouched customer's difference is exactly zero (common random numbers), the touched
    /// customers carry the whole paired difference: their sum equals the comparison's mean
    /// difference (fixed-cost share added back) times the simulated customers.
    @Test func touchedCustomersAreTheMembersAndCarryTheWholeDifference() async throws {
        let s = try await Self.summary(try Self.scenario(customers: 20_000, replications: 2))
        let c = s.comparisons[0], t = try #require(c.treated)
        let reach = try #require(s.reach?.first { $0.variant == "loyalty" })
        #expect(Double(t.customers) == reach.simulated.enrolled * 2, "\(t.customers) touched vs \(reach.simulated.enrolled) members per replication")
        #expect(t.shareOfCustomers == Double(t.customers) / 40_000)
        let fixedShare = -(try #require(c.decision?.waterfall.first { $0.step == "fixed_costs" })).perCustomer
        let whole = (c.grossMeanDifference.estimate + fixedShare) * 40_000
        #expect(abs(t.mean * Double(t.customers) - whole) <= 1e-9 * abs(whole), "\(t.mean * Double(t.customers)) vs \(whole)")
        #expect(abs(t.shareGaining + t.shareLosing - 1) < 1e-12 || t.shareGaining + t.shareLosing < 1)
        #expect(t.histogram.counts.reduce(0, +) + t.histogram.below + t.histogram.above == t.customers)
    }
}
