import CLVSimulation
import Foundation

/// libFuzzer entry: any bytes that load as a valid scenario are run through the engine, shrunk
/// to a small run so each input takes milliseconds. The run must finish (`-timeout=10` turns a
/// hang — such as GSL's Poisson sampler looping on an absurd rate, defect 3 of #23 — into a
/// reported failure), and its per-customer values must be finite unless the statistics would
/// stop on them with an error (see `isReported`); no crash, no silent non-finite value.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard var s = try? ScenarioLoader.parse(Data(bytes: data, count: size), file: "fuzz.yaml", warn: { _ in }) else {
        return 0  // FuzzScenario checks the loader's errors; here only valid scenarios matter.
    }
    // Small: the same operations as `simulate --customers/--replications` and `power` (horizon).
    s.population = s.population.simulating(min(s.population.customers, 200))
    s.replications = min(s.replications, 2)
    s.horizon.periods = min(s.horizon.periods, 60)
    let result: SimulationResult
    switch runBlocking(SimulationEngine(scenario: s, threads: 1)) {
    case .success(let r): result = r
    case .failure(let error): preconditionFailure("the engine threw on a valid scenario: \(error)")
    }
    check(result)
    return 0
}

/// The invariants of a finished run.
func check(_ result: SimulationResult) {
    let n = result.customers, replications = result.replications
    precondition(n == result.scenario.population.customers && replications == result.scenario.replications)
    for inputs in result.inputs {
        precondition([inputs.margin, inputs.costToServe, inputs.acquisitionCost, inputs.annualDiscountRate].allSatisfy(\.isFinite),
                     "non-finite economics drawn: \(inputs)")
    }
    var allFinite = true
    for v in result.variants {
        precondition(v.grossCLV.count == n * replications && v.fixedCostPerCustomer.count == replications)
        precondition(v.campaignCost.isEmpty || v.campaignCost.count == n * replications)
        precondition(v.aliveAtHorizon.allSatisfy { 0...n ~= $0 })
        allFinite = allFinite && isReported(v) == nil
    }
    // Per-customer values all finite: nothing stops the statistics, so the period sums that the
    // reports show (periods.csv, charts) must be finite too — else a NaN would pass silently.
    guard allFinite else { return }
    for v in result.variants {
        for totals in v.periodTotals + v.segmentPeriodTotals {
            precondition(totals.values.allSatisfy(\.isFinite),
                         "variant '\(v.name)': per-customer values are finite but a period sum is not")
        }
    }
}

/// The first non-finite value that the statistics stop on, if any. Mirrors
/// `SufficientStatistics.checkFinite` (Sources/CLVWorkflows/SimulationStatistics.swift), which
/// every report goes through: a non-finite gross CLV, fixed-cost share or campaign cost is an
/// `EvaluationError.invalidTable` naming its row — reported, not silent, so accepted here.
func isReported(_ v: VariantOutcome) -> Int? {
    v.grossCLV.firstIndex { !$0.isFinite } ?? v.fixedCostPerCustomer.firstIndex { !$0.isFinite }
        ?? v.campaignCost.firstIndex { !$0.isFinite }
}

/// Runs the engine to completion from libFuzzer's synchronous callback. The callback runs on the
/// process's main thread, not on a thread of Swift's cooperative pool, so blocking it on a
/// semaphore while a detached task runs the engine on the pool cannot starve the pool.
func runBlocking(_ engine: SimulationEngine) -> Result<SimulationResult, any Error> {
    final class Box: @unchecked Sendable {  // written once by the task, read after the semaphore
        var result: Result<SimulationResult, any Error>?
    }
    let box = Box(), done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await engine.run()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return box.result!
}
