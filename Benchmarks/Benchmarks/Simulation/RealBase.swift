// A real base of 1,000,000 customers (issue #15, item 7): a CDNOW-like summary generated at
// set-up (SyntheticSummaries.bgnbd at the published CDNOW estimates, written as a summary CSV
// in a temporary folder, never committed), simulated 36 months forward from each customer's
// posterior (`from_customers`), beside 1,000,000 new customers drawn from the same model file
// (`from_fit`). The bound: the real base costs at most 2× the synthetic run. Loading the summary
// is set-up, not measured (the measured part is `SimulationEngine.run()`, as for the others).
import Benchmark
import CLVSimulation
import Foundation
import SyntheticData

/// data/fits of the repository, from this file's path.
let fitsDirectory = scenarioDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/fits")

/// The folder with the 1M-customer summary and the two scenarios, made once per process.
let realBaseFolder: URL = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-bench-base-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let summary = SyntheticSummaries.bgnbd(customers: 1_000_000)
    var csv = "customer,x,t_x,T,zbar\n"
    csv.reserveCapacity(40_000_000)
    for i in 0..<summary.count {
        // A repeat buyer's mean spend near the CDNOW mean; its value moves ν's posterior, not the speed.
        csv += "c\(i),\(summary.frequency[i]),\(summary.recency[i]),\(summary.age[i]),\(summary.frequency[i] > 0 ? "35.22" : "")\n"
    }
    try? csv.write(to: dir.appendingPathComponent("base.csv"), atomically: true, encoding: .utf8)
    let economics = "economics: { currency: USD, margin: 0.25, cost_to_serve: 0.1, acquisition_cost: 0, annual_discount_rate: 0.1 }"
    let model = fitsDirectory.appendingPathComponent("cdnow-bgnbd.json").path
    let spend = fitsDirectory.appendingPathComponent("cdnow-gamma-gamma.json").path
    let real = """
        scenario: bench-real-base-1m
        seed: 1
        horizon: { periods: 36, period: month }
        population:
          from_customers: { summary: base.csv, observed_until: 2026-12-31, model: \(model), spend_model: \(spend), parameter_uncertainty: false }
        \(economics)
        variants: [{ name: control }]
        """
    let synthetic = """
        scenario: bench-from-fit-1m
        seed: 1
        horizon: { periods: 36, period: month }
        population: { customers: 1_000_000, from_fit: \(model), spend_fit: \(spend), parameter_uncertainty: false }
        \(economics)
        variants: [{ name: control }]
        """
    try? real.write(to: dir.appendingPathComponent("real.yaml"), atomically: true, encoding: .utf8)
    try? synthetic.write(to: dir.appendingPathComponent("synthetic.yaml"), atomically: true, encoding: .utf8)
    return dir
}()

func realBaseBenchmarks(_ configuration: Benchmark.Configuration) {
    let runs = [("Simulate 1M x 36 months: real base (from_customers, CDNOW BG/NBD fit), 1 variant", "real.yaml"),
                ("Simulate 1M x 36 months: new customers of the same fit (from_fit), 1 variant", "synthetic.yaml")]
    for (name, file) in runs {
        Benchmark(name, configuration: configuration) { benchmark, scenario in
            let result = try await withTaskExecutorPreference(engineThreads) {
                try await SimulationEngine(scenario: scenario).run()
            }
            precondition(result.customers == 1_000_000)
            blackHole(result.variants.map { $0.grossCLV.reduce(0, +) })
        } setup: {
            try ScenarioLoader.load(path: realBaseFolder.appendingPathComponent(file).path)
        }
    }
}
