import ArgumentParser
import CLVReport
import CLVWorkflows
import CLVSimulation
import Foundation

struct Power: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Size a real A/B test of a campaign by simulating many tests from the scenario.",
        discussion: """
            Draws --tests A/B tests of --customers-per-arm customers each (baseline arm vs the \
            --variant arm, different customers) observed for --periods periods, analyses each with \
            Welch's two-sided t-test at --alpha, and reports the distribution of the estimated lift, \
            the power, and the minimum detectable effect — beside what the normal-theory formula says \
            with the same true lift and standard deviations. With --target-power, searches the \
            customers per arm needed.

            Example:
              clvlab power scenarios/retention-test.yaml --variant retention-call --metric retention \\
                --periods 6 --target-power 0.8
            """)

    @Argument(help: "Scenario file (YAML).") var scenario: String
    @Option(help: "Variant tested against the baseline (the first variant).") var variant: String
    @Option(help: "Outcome: revenue, retention or margin (per customer over the test).") var metric: PowerAnalysis.Metric = .revenue
    @Option(parsing: .unconditional, help: "Customers in each arm.") var customersPerArm: Int = 5000
    @Option(parsing: .unconditional, help: "Test length in periods (default: the scenario's horizon).") var periods: Int?
    @Option(parsing: .unconditional, help: "Significance level (two-sided).") var alpha: Double = 0.05
    @Option(parsing: .unconditional, help: "Simulated tests per sample size.") var tests: Int = 400
    @Option(parsing: .unconditional, help: "Search the customers per arm reaching this power.") var targetPower: Double?
    @Option(parsing: .unconditional, help: "Parallel workers (results do not depend on it).") var threads: Int?
    @Option(name: .shortAndLong, help: "Output format: table, json, csv, markdown.") var format: OutputFormat = .table
    @Flag(name: .shortAndLong, help: "No progress lines on stderr.") var quiet = false

    func validate() throws {
        try OptionRange.check("--customers-per-arm", customersPerArm, in: 2...ScenarioLoader.maxCustomers)
        guard alpha > 0 && alpha < 1 else { throw ValidationError("--alpha must be in (0, 1)") }
        try OptionRange.check("--tests", tests, in: 20...OptionRange.maxTests)
        if let targetPower, !(targetPower > 0 && targetPower < 1) { throw ValidationError("--target-power must be in (0, 1)") }
        if let periods { try OptionRange.check("--periods", periods, in: 1...ScenarioLoader.maxPeriods) }
        if let threads { try OptionRange.check("--threads", threads, in: 1...OptionRange.maxThreads) }
    }

    func run() async throws {
        let s = try loadScenario(scenario)
        let h = periods ?? s.horizon.periods
        guard h <= s.horizon.periods else {
            FileHandle.standardError.write(Data("error: --periods \(h) is beyond the scenario's horizon of \(s.horizon.periods)\n".utf8))
            throw ExitCode(1)
        }
        let analysis: PowerAnalysis
        do {
            analysis = try PowerAnalysis(.init(scenario: s, variant: variant, metric: metric, periods: h, alpha: alpha, tests: tests))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let log = WorkflowLog(quiet: quiet)
        if let targetPower {
            let search = try await analysis.search(targetPower: targetPower, start: customersPerArm, threads: threads) { p in
                log.info("n = \(p.customersPerArm) per arm: simulated power \(String(format: "%.3f", p.power)) (normal formula \(String(format: "%.3f", p.normalPower)))")
            }
            print(PowerRendering.render(search, query: analysis.query, currency: s.economics.currency, format: format), terminator: "")
        } else {
            let point = try await analysis.evaluate(n: customersPerArm, threads: threads)
            print(PowerRendering.render([point], query: analysis.query, currency: s.economics.currency, format: format), terminator: "")
        }
    }
}

extension PowerAnalysis.Metric: ExpressibleByArgument {}
