// Simulation benchmarks: 1,000,000 customers × 36 monthly periods through the public engine
// (`ScenarioLoader` + `SimulationEngine`), one variant per lifetime model, and the BG/NBD base
// with four variants. Scenarios: Benchmarks/Scenarios/*.yaml. Loading the YAML is set-up (not
// measured); the measured part is `SimulationEngine.run()` with its default thread count (all
// active cores, on threads of their own: see `DedicatedThreads`), i.e. what `clvlab simulate`
// reports as "simulated … in X seconds".
import Benchmark
import CLVSimulation
import Foundation

/// Benchmarks/Scenarios, found from this file's own path (the suite runs from the sources).
let scenarioDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Simulation/
    .deletingLastPathComponent()  // Benchmarks/Benchmarks/
    .deletingLastPathComponent()  // Benchmarks/
    .appendingPathComponent("Scenarios")

func loadScenario(_ file: String) throws -> Scenario {
    try ScenarioLoader.load(path: scenarioDirectory.appendingPathComponent(file).path)
}

/// The engine's parallel workers are Swift tasks. package-benchmark runs an async benchmark by
/// blocking one thread of Swift's cooperative pool until it finishes (`Benchmark.runAsync`), and
/// that pool has one thread per core: on 2 cores the engine would get one thread, not the two
/// `clvlab simulate` gets. So the simulation runs on its own threads, one per active core, via a
/// task-executor preference (inherited by the engine's task group).
final class DedicatedThreads: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(count: Int) {
        for _ in 0..<count {
            let thread = Thread { [unowned self] in self.work() }
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// One per process (each benchmark runs in its own process); the threads live as long as it.
let engineThreads = DedicatedThreads(count: ProcessInfo.processInfo.activeProcessorCount)

/// Wall clock first; CPU time shows how well the run used the cores; peak RSS (whole process and
/// growth during the measurement) is what the run costs in memory.
let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal]

let benchmarks: @Sendable () -> Void = {
    // A run takes 0.4–3 s on 2 cores: one warm-up and at most five measured runs (or 20 s) each.
    let configuration = Benchmark.Configuration(
        metrics: metrics,
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 5
    )
    // One variant per lifetime model the engine supports. The names keep "1 variant" and
    // "4 variants" side by side for the BG/NBD base, so the ratio reads off the table.
    let runs: [(name: String, file: String)] = [
        ("Simulate 1M x 36 months: bgnbd, 1 variant", "bgnbd-1m.yaml"),
        ("Simulate 1M x 36 months: bgnbd, 4 variants", "bgnbd-1m-4-variants.yaml"),
        ("Simulate 1M x 36 months: paretonbd, 1 variant", "paretonbd-1m.yaml"),
        ("Simulate 1M x 36 months: contractual (sBG), 1 variant", "contractual-1m.yaml"),
        ("Simulate 1M x 36 months: fixed, 1 variant", "fixed-1m.yaml"),
    ]
    for run in runs {
        Benchmark(run.name, configuration: configuration) { benchmark, scenario in
            let result = try await withTaskExecutorPreference(engineThreads) {
                try await SimulationEngine(scenario: scenario).run()
            }
            // Keep the work observable (and catch a scenario that simulated nothing).
            precondition(result.customers == 1_000_000 && result.variants.count == scenario.variants.count)
            blackHole(result.variants.map { $0.grossCLV.reduce(0, +) })
        } setup: {
            try loadScenario(run.file)
        }
    }
    realBaseBenchmarks(configuration)
}
