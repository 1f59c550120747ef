import ArgumentParser
import CLVEvaluation
import CLVReport
import CLVWorkflows
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare campaign variants: a simulation's results folder, or observed outcomes of a real A/B test.",
        discussion: """
            A results folder (from clvlab simulate) shows its variants versus the baseline: paired \
            per-customer differences, ROI, LTV/CAC, quantile differences, Holm-adjusted p-values.

            A CSV of observed outcomes has a header and columns customer,variant,value, optionally \
            segment, cost (campaign cost per customer), revenue, acquisition_cost and replication. \
            Different customers per arm are compared with Welch intervals (bootstrap for quantiles); \
            --paired matches rows by customer instead.

            Examples:
              clvlab compare results/demo
              clvlab compare --observed data/experiments/retention-ab.csv --baseline control --currency EUR --format markdown
            """)

    @Argument(help: "Results folder written by clvlab simulate.") var results: String?
    @Option(help: "CSV of observed outcomes (customer,variant,value[,segment][,cost]).") var observed: String?
    @Option(help: "Baseline variant of the observed data (default: the first one in the file).") var baseline: String?
    @Option(help: "Currency of the observed values.") var currency = "EUR"
    @Flag(help: "Observed rows are paired by customer (the same customers under every variant).") var paired = false
    @Option(parsing: .unconditional, help: "Bootstrap resamples for quantile differences (0 skips them).") var bootstrap = 1000
    @Option(parsing: .unconditional, help: "Seed of the bootstrap.") var seed: UInt64 = 1
    @Option(name: .shortAndLong, help: "Output format: table, json, csv, markdown.") var format: OutputFormat = .table

    func validate() throws {
        guard (results == nil) != (observed == nil) else { throw ValidationError("give either a results folder or --observed FILE") }
        try OptionRange.check("--bootstrap", bootstrap, in: 0...OptionRange.maxBootstrap)
    }

    func run() throws {
        if let observed {
            let data: Data
            do { data = try Calibration.readInput(observed) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
            do {
                let comparison = try ObservedComparison.evaluate(data, source: observed, baseline: baseline, currency: currency, paired: paired,
                                                                 bootstrap: BootstrapSettings(resamples: bootstrap, seed: seed))
                print(try comparison.render(format), terminator: "")
            } catch let error as EvaluationError {
                FileHandle.standardError.write(Data("error: \(observed): \(error)\n".utf8))
                throw ExitCode(1)
            }
            return
        }
        let summary = try loadSummary(resultsFolder: results!)
        switch format {
        case .json: print(String(decoding: try JSONRendering.render(summary.comparisons), as: UTF8.self), terminator: "")
        case .csv: print(CSVRendering.variants(summary), terminator: "")
        case .markdown: print(TableRendering.markdown(summary), terminator: "")
        case .table: print(TableRendering.table(summary), terminator: "")
        }
    }
}
