import ArgumentParser
import CLVReport
import CLVWorkflows
import Foundation

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score customers with a fitted model: P(alive), expected purchases, expected residual value (CLV attendu) and realised value (CLV réel).",
        discussion: """
            For every customer of the log (summarised as clvlab summarize does): P(alive), expected \
            purchases over the next --horizon periods, and — with a Gamma-Gamma --spend-model — the \
            conditional expected spend per purchase and the expected residual value: the discounted \
            sum over the horizon of expected purchases in each period × expected spend × --margin. \
            The realised value (sum of past purchases) is shown beside it.

            Example:
              clvlab score data/cdnow/CDNOW_sample.txt --preset cdnow-sample --model data/fits/cdnow-bgnbd.json \\
                --spend-model data/fits/cdnow-gamma-gamma.json --horizon 52 --output scores.csv
            """)

    @Argument(help: "Transaction log.") var log: String
    @OptionGroup var transactions: TransactionOptions
    @Option(help: "Fitted bgnbd or paretonbd model file.") var model: String
    @Option(help: "Fitted gamma_gamma model file, for expected spend and value.") var spendModel: String?
    @Option(parsing: .unconditional, help: "Horizon of the expectations, in periods.") var horizon = 52
    @Option(parsing: .unconditional, help: "Annual discount rate for the expected residual value.") var annualDiscountRate = 0.10
    @Option(parsing: .unconditional, help: "Margin applied to expected spend.") var margin = 1.0
    @Option(name: .shortAndLong, help: "Write the scores CSV here instead of stdout.") var output: String?

    func validate() throws {
        try OptionRange.check("--horizon", horizon, in: 1...OptionRange.maxHorizon)
        guard (0...1).contains(margin) else { throw ValidationError("--margin must be in [0, 1]") }
    }

    func run() throws {
        let scores = try ScoreWorkflow.run(.init(log: log, reading: transactions.reading, model: model, spendModel: spendModel,
                                                 horizon: horizon, annualDiscountRate: annualDiscountRate, margin: margin),
                                           log: WorkflowLog(quiet: false))
        try emit(CalibrationRendering.scoresCSV(scores), to: output)
    }
}
