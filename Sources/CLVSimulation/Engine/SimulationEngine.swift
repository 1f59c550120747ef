import Stochastic

/// Runs a scenario: every customer of every replication through the horizon, in every variant.
///
/// Work is split into fixed-size chunks of customers (independent of the core count) that run
/// in parallel with Swift concurrency; each chunk writes its customers' CLVs to their own slots
/// and its period sums to its own buffer, and sums are merged in chunk order. Results are
/// therefore bit-identical for any number of threads and any scheduling (DESIGN.md §4).
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "scenarios/demo.yaml")
/// let result = try await SimulationEngine(scenario: scenario).run()
/// ```
public struct SimulationEngine: Sendable {
    /// Customers per chunk. Fixed, so period sums are added in the same order on any machine.
    public static let chunkSize = 4096

    public internal(set) var scenario: Scenario
    /// Parallel workers; defaults to the number of active processors.
    public var threads: Int
    /// Order in which workers pick up chunks (tests use it to show results do not depend on it).
    var scheduling: Scheduling = .inOrder
    /// Use these inputs in every replication instead of drawing them (sensitivity analysis).
    public var inputOverride: ResolvedInputs?
    /// Keep each customer's undiscounted revenue and whether they are alive at the horizon
    /// (for test-sizing analyses); off by default to save memory.
    public var recordCustomerDetail = false
    /// Index of the first replication: a long run can be done in batches with the same draws.
    public var firstReplication = 0
    /// Top-k % rules: the expected-value threshold of each (replication, variant, intervention);
    /// computed by scoring passes when nil.
    var valueThresholds: [[[Double]]]?
    /// Set in a scoring pass: record the scores of this intervention of variant 0 into `buffer`
    /// (replication-major) instead of targeting.
    var scoringPass: (intervention: Int, buffer: SharedBuffer<Double>)?
    /// The full horizon, when this engine runs a truncated scoring pass.
    var valueHorizon: Int?
    /// Take the path with interventions for every variant, even those without (tests compare
    /// it with the specialised path customer by customer).
    var generalPathOnly = false

    enum Scheduling: Sendable { case inOrder, reversed }

    public init(scenario: Scenario, threads: Int? = nil) {
        self.scenario = scenario
        self.threads = max(1, threads ?? ProcessInfoCores.active)
    }

    /// Simulate. `progress` is called from worker threads with (customers done, customers total)
    /// after each chunk.
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> SimulationResult {
        let plan = try await RunPlan(engine: self, thresholds: topPercentThresholds())
        let (buffers, _) = try await simulate(plan, items: 0..<plan.workItems, streaming: false, progress: progress)
        return plan.assemble([buffers])
    }

    /// Simulate without keeping per-customer values: moments, sketches and totals only
    /// (``StreamingResult``), for populations whose values would not fit in memory.
    public func runStreaming(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> StreamingResult {
        let plan = try await RunPlan(engine: self, thresholds: topPercentThresholds())
        let (_, streaming) = try await simulate(plan, items: 0..<plan.workItems, streaming: true, progress: progress)
        return try plan.assembleStreaming([streaming!])
    }

    /// Simulate the work items `items` (replication-major chunks of ``chunkSize`` customers)
    /// into fresh buffers that cover exactly those items: per-customer values, or with
    /// `streaming` the chunk records and accumulators of ``StreamingBuffers``.
    ///
    /// - Complexity: O(customers × replications × variants × periods) for the items' customers.
    func simulate(_ run: RunPlan, items: Range<Int>, streaming: Bool,
                  progress: (@Sendable (Int, Int) -> Void)?) async throws -> (RunBuffers, StreamingBuffers?) {
        // Output slots: every work item owns disjoint ranges, so workers never share a write.
        let buffers = RunBuffers(run, items: items, detail: recordCustomerDetail, values: !streaming)
        let work = ChunkSimulation(engine: self, run: run, firstCustomer: buffers.customers.lowerBound)
        let total = buffers.customers.count
        guard streaming else {
            await work.distribute(items, threads: threads, order: scheduling, customers: total, progress: progress) {
                InMemorySink(buffers, run: run)
            }
            try Task.checkCancellation()
            return (buffers, nil)
        }
        let streamed = StreamingBuffers(run, items: items)
        let collector = AccumulatorCollector()
        await work.distribute(items, threads: threads, order: scheduling, customers: total, progress: progress) {
            StreamingSink(run, streamed: streamed, collector: collector)
        }
        try Task.checkCancellation()
        // Integer sums: the order in which workers finished does not matter.
        for acc in collector.finished.withLock({ $0 }) { streamed.totals.add(acc) }
        return (buffers, streamed)
    }
}
