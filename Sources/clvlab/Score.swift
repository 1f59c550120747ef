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
            The realised value (sum of past purchases) is shown beside it. Columns also give the \
            discounted expected purchases over the horizon at the per-period rate and, for Pareto/NBD, \
            DERT (discounted expected residual transactions over an unlimited horizon, continuous rate). \
            --summary scores a ready summary; --intervals N adds 95% bands from the fit's covariance.

            Example:
              clvlab score data/cdnow/CDNOW_sample.txt --preset cdnow-sample --model data/fits/cdnow-bgnbd.json \\
                --spend-model data/fits/cdnow-gamma-gamma.json --horizon 52 --output scores.csv
            """)

    @Argument(help: "Transaction log (omit with --summary).") var log: String?
    @OptionGroup var transactions: TransactionOptions
    @Option(help: "A ready per-customer summary (customer_id, x, t_x, T[, zbar] or frequency, recency, T[, monetary_value]) in --period units, instead of a log.") var summary: String?
    @Option(help: "Subscriptions (customer, start, end) to score with an sbg --model on --calibration-end: retention, expected renewals over --horizon, DERL.") var subscribers: String?
    @Option(help: "Fitted bgnbd, paretonbd (or, with --subscribers, sbg) model file.") var model: String
    @Option(help: "Fitted gamma_gamma model file, for expected spend and value.") var spendModel: String?
    @Option(parsing: .unconditional, help: "Horizon of the expectations, in periods; fractions allowed (the discounted sum runs over its whole periods).") var horizon = 52.0
    @Option(parsing: .unconditional, help: "Annual discount rate for the discounted expectations (per period: (1 + rate)^(days/365.25) − 1; DERT uses its continuous equivalent ln(1 + d)).") var annualDiscountRate = 0.10
    @Option(parsing: .unconditional, help: "Margin applied to expected spend.") var margin = 1.0
    @Option(parsing: .unconditional, help: "Add 95% intervals from the estimates' covariance, over this many parameter draws (e.g. 200).") var intervals = 0
    @Option(name: .shortAndLong, help: "Write the scores CSV here instead of stdout.") var output: String?

    func validate() throws {
        guard horizon.isFinite, horizon > 0, horizon <= Double(OptionRange.maxHorizon) else {
            let found = horizon == horizon.rounded() && abs(horizon) < 1e15 ? String(Int64(horizon)) : "\(horizon)"
            throw ValidationError("--horizon: expected a number of periods in (0, \(OptionRange.maxHorizon)], found \(found)")
        }
        guard (0...1).contains(margin) else { throw ValidationError("--margin must be in [0, 1]") }
        try OptionRange.check("--intervals", intervals, in: 0...100_000)
        guard [log != nil, summary != nil, subscribers != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of: a transaction log, --summary FILE, --subscribers FILE")
        }
        if subscribers != nil && transactions.calibrationEnd == nil {
            throw ValidationError("--subscribers: give --calibration-end, the day the subscriptions are scored on")
        }
    }

    func run() throws {
        if let subscribers {
            let rows = try SubscriberScores.run(subscribers: subscribers, on: transactions.calibrationEnd ?? "", model: model, period: transactions.period,
                                                horizon: horizon, annualDiscountRate: annualDiscountRate, log: WorkflowLog(quiet: false))
            try emit(SubscriberScores.csv(rows), to: output)
            return
        }
        let scores = try ScoreWorkflow.run(.init(log: log, reading: transactions.reading, summary: summary, model: model, spendModel: spendModel,
                                                 horizon: horizon, annualDiscountRate: annualDiscountRate, margin: margin, intervalDraws: intervals),
                                           log: WorkflowLog(quiet: false))
        try emit(CalibrationRendering.scoresCSV(scores), to: output)
    }
}
