import CLVReport
import CLVSimulation
import Foundation

/// `clvlab simulate`: a scenario with its overrides, simulated in memory, streaming or as one
/// shard, then summarised and written (``RunCompletion``).
public struct SimulateWorkflow: Sendable {
    /// Command-line overrides of the scenario file.
    public struct Overrides: Sendable {
        public var seed: UInt64?
        public var customers: Int?
        public var replications: Int?
        public init(seed: UInt64? = nil, customers: Int? = nil, replications: Int? = nil) {
            self.seed = seed
            self.customers = customers
            self.replications = replications
        }
    }

    /// What a simulation produced.
    public enum Outcome: Sendable {
        /// A whole run: its summary (also written to the output folder, if any).
        case summary(Summary)
        /// One shard: the partial result written for `clvlab merge`.
        case shard(file: String)
    }

    public var scenario: Scenario
    /// The scenario file's name, for the log.
    public var source: String
    public var threads: Int?
    public var streaming: Bool
    public var shard: Shard?
    public var completion: RunCompletion

    /// - Parameters:
    ///   - completion: output folder, bootstrap, sensitivity on/off, threads and log of what follows the run.
    public init(scenario: Scenario, source: String, overrides: Overrides = Overrides(), streaming: Bool = false, shard: Shard? = nil,
                completion: RunCompletion) {
        var s = scenario
        if let seed = overrides.seed { s.seed = seed }
        if let customers = overrides.customers { s.population = s.population.simulating(customers, seed: s.seed) }
        if let replications = overrides.replications { s.replications = replications }
        self.scenario = s
        self.source = source
        self.threads = completion.threads
        self.streaming = streaming
        self.shard = shard
        self.completion = completion
    }

    var log: WorkflowLog { completion.log }

    /// Simulate, summarise, write.
    /// - Throws: ``WorkflowError`` (memory, unusable numbers, unwritable output); engine errors as they are.
    public func run(progress: WorkflowProgress = .none) async throws -> Outcome {
        try checkSampleSize()
        try checkMemory()
        if shard == nil { try completion.claimOutput() }
        log.phase("loaded \(source): \(scenario.population.customers) customers, \(scenario.replications) replications, \(scenario.variants.count) variants")
        let started = ContinuousClock.now
        var engine = SimulationEngine(scenario: scenario, threads: threads)
        engine.recordCustomerDetail = completion.customerTable && shard == nil && !streaming
        let size = "\(scenario.population.customers) customers × \(scenario.replications) replications × \(scenario.variants.count) variants"
        if let shard {
            let partial = try await engine.runShard(shard, streaming: streaming, progress: progress.update)
            progress.finish()
            log.info("simulated shard \(shard)\(streaming ? " (streaming)" : "") of \(size) in \(started.duration(to: .now))")
            return .shard(file: try write(partial, shards: shard.count))
        }
        if streaming {
            let result = try await engine.runStreaming(progress: progress.update)
            progress.finish()
            log.info("simulated \(result.customers) customers × \(result.replications) replications × \(result.variants.count) variants (streaming) in \(started.duration(to: .now))")
            return .summary(try await completion.finish(result))
        }
        let result = try await engine.run(progress: progress.update)
        progress.finish()
        log.phase("peak memory after the simulation: \(MemoryEstimate.format(MemoryEstimate.peakResident()))")
        log.info("simulated \(result.customers) customers × \(result.replications) replications × \(result.variants.count) variants in \(started.duration(to: .now))")
        return .summary(try await completion.finish(result, backtest: try await backtest()))
    }

    /// A real base's backtest against the log's holdout (nil without one).
    func backtest() async throws -> Backtest? {
        guard let holdout = scenario.population.customerBase?.holdout else { return nil }
        let started = ContinuousClock.now
        let backtest = try await BacktestRun.run(scenario, threads: threads)
        log.info("backtest of \(holdout.periods) \(scenario.horizon.period.rawValue)s against the log's holdout "
                 + "(\(BacktestRun.replications(scenario)) replications of the control) in \(started.duration(to: .now))")
        return backtest
    }

    /// One simulated value has a mean but no interval: refuse rather than print a mean with an
    /// interval of [0, 0] (issue #23, item 8: `customers: 1` with one replication).
    func checkSampleSize() throws {
        let values = scenario.population.customers * scenario.replications
        guard values >= 2 else {
            throw WorkflowError(.input, "population.customers: \(scenario.population.customers) customer × \(scenario.replications) replication is one "
                + "simulated value, which has no Monte Carlo interval: simulate at least 2 (more customers, or --replications 2 or more)")
        }
    }

    /// Refuse a run that cannot fit, before spending any time on it.
    func checkMemory() throws {
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let needed = streaming ? MemoryEstimate.streamingBytes(scenario, workers: workers)
            : shard.map { MemoryEstimate.shardBytes(scenario, shards: $0.count) } ?? MemoryEstimate.bytes(scenario, bootstrap: completion.bootstrap > 0, customerTable: completion.customerTable)
        let available = MemoryEstimate.available()
        if needed > 0.9 * available {
            throw WorkflowError(.input, "this run needs about \(MemoryEstimate.format(needed)) of memory (\(scenario.population.customers) customers × "
                + "\(scenario.replications) replications × \(scenario.variants.count) variants) and \(MemoryEstimate.format(available)) is available; "
                + (streaming ? "simulate fewer replications or variants" : "use --streaming (no per-customer values are kept), or fewer customers (--customers) or replications (--replications)"))
        }
        log.phase("memory estimate \(MemoryEstimate.format(needed)) of \(MemoryEstimate.format(available)) available")
    }

    /// Write a shard's partial result into the output folder; the file's path.
    func write(_ partial: SimulationPartial, shards: Int) throws -> String {
        let folder = completion.output ?? "."
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
        let file = directory.appendingPathComponent(partial.fileName)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try ResultsWriter.writeAtomically(partial.encoded(), to: file)
        } catch {
            throw WorkflowError(.output, "cannot write the partial result to \(file.path): \(error.localizedDescription)")
        }
        log.info("wrote \(file.path); combine all \(shards) with: clvlab merge \(folder) --output DIR")
        return file.path
    }
}
