// Fit benchmarks: maximum-likelihood BG/NBD and Pareto/NBD fits on 1,000,000-customer RFM
// summaries (CDNOW-like cohorts at day resolution, generated in set-up). The measured part is
// what `clvlab fit --model …` does after reading its input: group the customers
// (`FrequencyRecencyData`) and fit (Nelder–Mead then BFGS, with standard errors).
import Benchmark
import CLVModels
import SyntheticData

/// The number of distinct (x, t_x, T) triples: the likelihood's cost is per group, so this says
/// what the fit worked on (it changes only if the generator does).
let groups = BenchmarkMetric.custom("Groups (distinct x, t_x, T)", useScalingFactor: false)

let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal, groups]

let customers = 1_000_000

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Fit BG/NBD, 1M customers (group + fit)",
        configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5)
    ) { (benchmark: Benchmark, summary: SyntheticSummary) in
        do {
            let data = try FrequencyRecencyData(frequency: summary.frequency, recency: summary.recency, age: summary.age)
            let fit = try BGNBD.fit(data)
            benchmark.measurement(groups, data.groupCount)
            if !fit.diagnostics.converged { benchmark.error("BG/NBD fit did not converge: \(fit.diagnostics)") }
            blackHole(fit.parameters)
        } catch {
            benchmark.error("BG/NBD fit failed: \(error)")
        }
    } setup: {
        // CDNOW's published estimates r 0.243, α 4.414, a 0.793, b 2.426 (weeks).
        SyntheticSummaries.bgnbd(customers: customers)
    }

    Benchmark(
        "Fit Pareto/NBD, 1M customers (group + fit)",
        configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(30), maxIterations: 3)
    ) { (benchmark: Benchmark, summary: SyntheticSummary) in
        do {
            let data = try FrequencyRecencyData(frequency: summary.frequency, recency: summary.recency, age: summary.age)
            let fit = try ParetoNBD.fit(data)
            benchmark.measurement(groups, data.groupCount)
            if !fit.diagnostics.converged { benchmark.error("Pareto/NBD fit did not converge: \(fit.diagnostics)") }
            blackHole(fit.parameters)
        } catch {
            benchmark.error("Pareto/NBD fit failed: \(error)")
        }
    } setup: {
        // CDNOW's published estimates r 0.55, α 10.58, s 0.61, β 11.67 (weeks).
        SyntheticSummaries.paretonbd(customers: customers)
    }
}
