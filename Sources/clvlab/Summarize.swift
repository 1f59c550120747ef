import ArgumentParser
import CLVModels
import CLVReport
import CLVWorkflows
import Foundation

struct Summarize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a transaction log into per-customer frequency, recency, T and monetary value.",
        discussion: """
            One row per customer: frequency (repeat purchases), recency (time of the last purchase \
            since the first), T (time from the first purchase to the end of observation), monetary \
            value (mean of repeat purchase amounts, as lifetimes computes it), total value (all \
            purchases, the realised value), and with --calibration-end the holdout purchases and \
            value. Purchases on the same day count as one (amounts summed) unless --keep-same-day. \
            Bad rows are skipped and reported on stderr with their line numbers.

            Example (the CDNOW sample, 39-week calibration):
              clvlab summarize data/cdnow/CDNOW_sample.txt --preset cdnow-sample --calibration-end 1997-09-30
            """)

    @Argument(help: "Transaction log (CSV or whitespace-separated).") var log: String
    @OptionGroup var transactions: TransactionOptions
    @Flag(help: "Print the cohort retention table (by acquisition period) instead of the summary.") var cohorts = false
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

    func run() throws {
        let (summary, rows) = try transactions.reading.summarize(log, log: WorkflowLog(quiet: false))
        if cohorts {
            let table = try CohortRetentionTable(transactions: rows, period: summary.period)
            try emit(CalibrationRendering.cohortCSV(table), to: output)
        } else {
            try emit(CalibrationRendering.summaryCSV(summary, holdout: transactions.calibrationEnd != nil), to: output)
        }
    }
}
