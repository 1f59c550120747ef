import CLVEvaluation
import CLVReport
import CLVSimulation
import Foundation

/// What follows a simulation, whether it ran in one process, streamed, or was merged from
/// shards: the sensitivity (tornado) runs, the statistics through the single ``SummaryBuilder``,
/// and the results folder.
public struct RunCompletion: Sendable {
    /// Results folder to write; `nil`: the summary is only returned.
    public var output: String?
    /// Bootstrap resamples for the median differences (0 skips them).
    public var bootstrap: Int
    /// Whether to run the one-at-a-time sensitivity for uncertain inputs.
    public var sensitivity: Bool
    public var threads: Int?
    public var log: WorkflowLog
    /// Write `customers.csv` (``CustomerTable``): the run keeps each customer's detail for it.
    public var customerTable: Bool

    public init(output: String?, bootstrap: Int = 200, sensitivity: Bool = true, threads: Int? = nil, log: WorkflowLog = .silent,
                customerTable: Bool = false) {
        self.customerTable = customerTable
        self.output = output
        self.bootstrap = bootstrap
        self.sensitivity = sensitivity
        self.threads = threads
        self.log = log
    }

    /// Customers of each sensitivity run, at most.
    public static let sensitivityCustomers = 100_000

    /// The tornado runs, when the scenario has uncertain inputs and several variants.
    func sensitivity(_ scenario: Scenario) async throws -> SensitivityAnalysis? {
        guard !InputCatalog(scenario).uncertain.isEmpty && scenario.variants.count > 1 && sensitivity else { return nil }
        let t0 = ContinuousClock.now
        let customers = min(Self.sensitivityCustomers, scenario.population.customers)
        let analysis = try await SensitivityAnalysis.run(scenario, customers: customers, threads: threads)
        log.info("sensitivity of \(InputCatalog(scenario).uncertain.count) uncertain inputs on \(customers) customers in \(t0.duration(to: .now))")
        return analysis
    }

    /// Summarise and write a `--streaming` run.
    public func finish(_ result: StreamingResult) async throws -> Summary {
        let sensitivity = try await sensitivity(result.scenario)
        let summary: Summary
        do {
            summary = try SummaryBuilder.build(result, sensitivity: sensitivity,
                                               sensitivityCustomers: min(Self.sensitivityCustomers, result.customers))
        } catch {
            throw Self.unusable(error)
        }
        warn(summary)
        try write { try ResultsWriter.write(result, summary: summary, to: $0) }
        return summary
    }

    /// The summary's warnings, on stderr (they are in the report too).
    func warn(_ summary: Summary) {
        for w in summary.warnings ?? [] { log.warning(w) }
    }

    /// Summarise and write a normal run.
    public func finish(_ result: SimulationResult, backtest: Backtest? = nil) async throws -> Summary {
        let sensitivity = try await sensitivity(result.scenario)
        announceBootstrap(rows: result.customers * result.replications, comparisons: result.variants.count - 1)
        let t1 = ContinuousClock.now
        var summary: Summary
        do {
            summary = try SummaryBuilder.build(result, sensitivity: sensitivity, sensitivityCustomers: min(Self.sensitivityCustomers, result.customers),
                                               options: .init(bootstrapResamples: bootstrap))
            summary.backtest = backtest
        } catch let error as EvaluationError {
            // Inputs are bounded so sums cannot overflow; a non-finite value means an extreme draw
            // (e.g. a spend scale near zero): report it rather than write NaN.
            throw Self.unusable(error)
        }
        log.phase("summarised in \(t1.duration(to: .now)); peak memory so far \(MemoryEstimate.format(MemoryEstimate.peakResident()))")
        warn(summary)
        try write { try ResultsWriter.write(result, summary: summary, to: $0, customerTable: customerTable) }
        log.phase("peak memory of the run: \(MemoryEstimate.format(MemoryEstimate.peakResident()))")
        return summary
    }

    /// Say how long the bootstrap will take when it is long.
    func announceBootstrap(rows: Int, comparisons: Int) {
        guard bootstrap > 0 && comparisons > 0 && rows >= 1_000_000 else { return }
        // Measured on 2 cores at 1M rows: 0.31 s per comparison at 200 resamples, 0.44 s at 2000 —
        // the sorts and the jackknife, O(n log n), plus O(√n) per resample.
        let millions = Double(rows) / 1e6
        let seconds = Double(comparisons) * (0.3 * millions + 0.00007 * Double(bootstrap) * millions.squareRoot())
        log.info("bootstrapping median differences: \(comparisons) comparison(s) × \(rows) customers × \(bootstrap) resamples, about \(Int(seconds.rounded())) s on 2 cores (--bootstrap 0 skips them, --streaming keeps no values)")
    }

    static func unusable(_ error: any Error) -> WorkflowError {
        WorkflowError(.input, "the simulation produced numbers the statistics cannot use (\(error)); check extreme spend or rate parameters")
    }

    /// Write the results folder, when there is one.
    func write(_ body: (String) throws -> Void) throws {
        guard let output else { return }
        do {
            try body(output)
        } catch let error as ResultsFolderError {
            throw WorkflowError(.output, error.description)
        } catch {
            throw WorkflowError(.output, "cannot write results to \(output): \(error.localizedDescription)")
        }
        log.info(Self.wroteLine(output))
    }

    /// What a results folder holds, read back from it, with report.html — the file a strategist
    /// opens first — last and as a full path, so a terminal can open it with one click.
    static func wroteLine(_ output: String) -> String {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let order = ["summary.json", "variants.csv", "periods.csv", "comparisons.csv", "reach.csv", "replications.csv", "customers.csv", "report.md"]
        var listed = order.filter(files.contains) + files.filter { !order.contains($0) && $0 != "report.html" && $0 != "charts" }
        let charts = (try? FileManager.default.contentsOfDirectory(atPath: output + "/charts"))?.filter { $0.hasSuffix(".svg") }.count ?? 0
        if charts > 0 { listed.append("charts/ (\(charts) SVG)") }
        let report = files.contains("report.html") ? "; open \(URL(fileURLWithPath: output).appendingPathComponent("report.html").path)" : ""
        return "wrote \(output): " + listed.joined(separator: ", ") + report
    }
}
