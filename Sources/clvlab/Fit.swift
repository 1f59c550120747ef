import ArgumentParser
import CLVModels
import CLVReport
import CLVWorkflows
import Foundation

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a buy-till-you-die model (BG/NBD, Pareto/NBD, Gamma-Gamma, sBG) by maximum likelihood.",
        discussion: """
            Input: a transaction log (summarised as clvlab summarize does), a ready summary \
            (--summary FILE with columns x,t_x,T[,zbar] or frequency,recency,T[,monetary_value]), \
            or survivor counts for sBG (--survivors FILE with period,survivors; --fit-periods K fits \
            on the first K periods and projects the rest). Writes the model file (--output, JSON: \
            model, parameters, standard_errors, covariance, log_likelihood, customers, period, \
            converged, data_fingerprint) and prints the estimates with standard errors. With \
            --calibration-end, BG/NBD and Pareto/NBD fits print a holdout check.

            Examples:
              clvlab fit data/cdnow/CDNOW_sample.txt --preset cdnow-sample --calibration-end 1997-09-30 \\
                --model bgnbd --output fits/cdnow-bgnbd.json
              clvlab fit --survivors data/sbg/regular.csv --fit-periods 7 --model sbg
            """)

    @Argument(help: "Transaction log (omit with --summary or --survivors).") var log: String?
    @OptionGroup var transactions: TransactionOptions
    @Option(help: "Model: bgnbd, paretonbd, gamma_gamma or sbg.") var model: ModelKind
    @Option(help: "A ready per-customer summary instead of a log.") var summary: String?
    @Option(help: "Survivor counts for sbg: period,survivors.") var survivors: String?
    @Option(parsing: .unconditional, help: "sbg: fit on the first K periods (after period 0) and project the rest.") var fitPeriods: Int?
    @Option(name: .shortAndLong, help: "Write the model file here.") var output: String?
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        let sources = [log != nil, summary != nil, survivors != nil].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of: a transaction log, --summary FILE, --survivors FILE") }
        if survivors != nil && model != .sbg { throw ValidationError("--survivors goes with --model sbg") }
        if model == .sbg && survivors == nil { throw ValidationError("--model sbg needs --survivors FILE") }
        if let k = fitPeriods { try OptionRange.check("--fit-periods", k, in: 1...OptionRange.maxHorizon) }
        // csv and markdown would print the table: refuse them rather than ignore them.
        guard format == .table || format == .json else { throw ValidationError("--format: fit writes table or json, found \(format.rawValue)") }
    }

    func run() throws {
        let source: FitWorkflow.Source = survivors.map { .survivors(path: $0, fitPeriods: fitPeriods) }
            ?? summary.map { .summary(path: $0, period: transactions.period) } ?? .log(path: log!, reading: transactions.reading)
        let outcome = try FitWorkflow.run(.init(source: source, model: model), log: WorkflowLog(quiet: false))
        // The model file and `--format json` are the same document, with every JSON output's key style.
        let json = String(decoding: try JSONRendering.render(outcome.fitted), as: UTF8.self)
        if let output { try emit(json, to: output) }
        if format == .json {
            print(json, terminator: "")
        } else {
            print(CalibrationRendering.table(outcome.fitted, extra: outcome.notes), terminator: "")
        }
    }
}

extension ModelKind: ExpressibleByArgument {}
