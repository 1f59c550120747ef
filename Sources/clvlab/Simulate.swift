import ArgumentParser
import CLVReport
import CLVSimulation
import CLVWorkflows
import Foundation

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a scenario and summarise CLV per variant.",
        discussion: """
            Runs every customer of every replication through the scenario's horizon in every variant, \
            prints a per-variant summary (mean CLV gross and net with 95% Monte Carlo intervals, \
            quantiles of net CLV, share with negative net CLV, share retained at the horizon, LTV/CAC) \
            and, with --output, writes the results folder: summary.json, variants.csv, periods.csv, comparisons.csv (with several variants), report.md, charts/*.svg and report.html (open it in a browser).

            Example:
              clvlab simulate scenarios/demo.yaml --output results/demo --threads 2
              clvlab simulate scenarios/textbook-subscription.yaml --format json

            On several machines: run `clvlab simulate S.yaml --shard i/n --output parts` for \
            i = 1…n (e.g. a Slurm job array or a Kubernetes Indexed Job), then \
            `clvlab merge parts --output results`: the merged results equal a single run's bit for bit.
            """)

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(name: .shortAndLong, help: "Results folder to write (summary.json, variants.csv, periods.csv, comparisons.csv with several variants, report.md, charts/, report.html).")
    var output: String?

    @Option(name: .shortAndLong, help: "Summary format on stdout: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(parsing: .unconditional, help: "Override the scenario's seed.")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Parallel workers (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Override the number of customers.")
    var customers: Int?

    @Option(parsing: .unconditional, help: "Override the number of replications.")
    var replications: Int?

    @Option(parsing: .unconditional, help: "Bootstrap resamples for the quantile differences between variants (0 skips them).")
    var bootstrap = 200

    @Flag(help: "Skip the one-at-a-time sensitivity (tornado) runs for uncertain inputs.")
    var noSensitivity = false

    @Option(help: ArgumentHelp("Simulate only shard i of n (1 ≤ i ≤ n) and write its partial result into the --output folder; combine all n with `clvlab merge`.",
                               valueName: "i/n"), transform: { text in
        guard let shard = Shard(parsing: text) else { throw ValidationError("--shard expects i/n with 1 ≤ i ≤ n, e.g. --shard 3/8; got '\(text)'") }
        return shard
    })
    var shard: Shard?

    @Flag(help: "Keep no per-customer values: exact moments, a mergeable quantile sketch (quantiles within 0.5 %) and totals — for populations whose values do not fit in memory (100M customers and more).")
    var streaming = false

    @Flag(help: "Also write customers.csv into the --output folder: one row per simulated customer with its mean CLV and campaign cost per variant and which interventions targeted and enrolled it (a target list; keeps about 25 more bytes per customer and variant in memory).")
    var customersCsv = false

    @Flag(name: .shortAndLong, help: "No progress bar or log lines on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each phase with its timing on stderr.")
    var verbose = false

    func validate() throws {
        if let threads { try OptionRange.check("--threads", threads, in: 1...OptionRange.maxThreads) }
        try OptionRange.check("--bootstrap", bootstrap, in: 0...OptionRange.maxBootstrap)
        if let customers { try OptionRange.check("--customers", customers, in: 1...ScenarioLoader.maxCustomers) }
        if shard != nil && output == nil { throw ValidationError("--shard needs --output FOLDER for the partial result") }
        if customersCsv && output == nil { throw ValidationError("--customers-csv needs --output FOLDER to write customers.csv into") }
        if customersCsv && (streaming || shard != nil) {
            throw ValidationError("--customers-csv needs every customer's values: it cannot be combined with --streaming or --shard")
        }
        if let replications { try OptionRange.check("--replications", replications, in: 1...ScenarioLoader.maxReplications) }
    }

    func run() async throws {
        let log = WorkflowLog(quiet: quiet, verbose: verbose)
        let workflow = SimulateWorkflow(
            scenario: try loadScenario(scenario), source: scenario,
            overrides: .init(seed: seed, customers: customers, replications: replications), streaming: streaming, shard: shard,
            completion: RunCompletion(output: output, bootstrap: bootstrap, sensitivity: !noSensitivity, threads: threads, log: log,
                                      customerTable: customersCsv))
        let bar = ProgressBar(quiet: quiet)
        let outcome = try await runReportingErrors(log) {
            try await workflow.run(progress: WorkflowProgress(update: { bar.update(done: $0, total: $1) }, finish: { bar.finish() }))
        }
        if case .summary(let summary) = outcome { try printSummary(summary, format: format) }
    }
}

/// Run a workflow; a ``WorkflowError`` is printed (after `error: `) and becomes its exit code.
func runReportingErrors<T>(_ log: WorkflowLog, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as WorkflowError {
        log.error(error.description)
        throw ExitCode(error.exitCode)
    }
}

/// The summary on stdout in the chosen format.
func printSummary(_ summary: Summary, format: OutputFormat) throws {
    switch format {
    case .table: print(TableRendering.table(summary), terminator: "")
    case .markdown: print(TableRendering.markdown(summary), terminator: "")
    case .csv: print(CSVRendering.variants(summary), terminator: "")
    case .json: print(String(decoding: try JSONRendering.render(summary), as: UTF8.self), terminator: "")
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Load a scenario; on problems print them all to stderr and exit 1.
func loadScenario(_ path: String) throws -> Scenario {
    do {
        return try ScenarioLoader.load(path: path)
    } catch let error as ScenarioError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}
