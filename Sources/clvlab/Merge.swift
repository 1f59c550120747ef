import ArgumentParser
import CLVReport
import CLVWorkflows
import Foundation

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the partial results of `clvlab simulate --shard i/n` into one run's results.",
        discussion: """
            Reads the n partial results (files, or folders holding *.clvpart files), checks that \
            they are the n different shards of one scenario, and writes and prints what \
            `clvlab simulate` would have for the whole run — the same numbers, bit for bit.

            Example (4 shards, e.g. on 4 machines, then one merge):
              for i in 1 2 3 4; do clvlab simulate scenarios/demo.yaml --shard $i/4 --output parts; done
              clvlab merge parts --output results/demo
            """)

    @Argument(help: "Partial results (.clvpart files, or folders of them).", completion: .file(extensions: ["clvpart"]))
    var parts: [String]

    @Option(name: .shortAndLong, help: "Results folder to write (summary.json, variants.csv, periods.csv, comparisons.csv with several variants, report.md, charts/, report.html).")
    var output: String?

    @Option(name: .shortAndLong, help: "Summary format on stdout: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(parsing: .unconditional, help: "Bootstrap resamples for the quantile differences between variants (0 skips them).")
    var bootstrap = 200

    @Flag(help: "Skip the one-at-a-time sensitivity (tornado) runs for uncertain inputs.")
    var noSensitivity = false

    @Option(parsing: .unconditional, help: "Parallel workers for the sensitivity runs (default: all cores).")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "No log lines on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each phase with its timing on stderr.")
    var verbose = false

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give the partial results to merge") }
        try OptionRange.check("--bootstrap", bootstrap, in: 0...OptionRange.maxBootstrap)
        if let threads { try OptionRange.check("--threads", threads, in: 1...OptionRange.maxThreads) }
    }

    func run() async throws {
        let log = WorkflowLog(quiet: quiet, verbose: verbose)
        let workflow = MergeWorkflow(parts: parts, completion: RunCompletion(output: output, bootstrap: bootstrap, sensitivity: !noSensitivity,
                                                                             threads: threads, log: log))
        let summary = try await runReportingErrors(log) { try await workflow.run() }
        try printSummary(summary, format: format)
    }
}
