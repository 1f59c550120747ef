import ArgumentParser
import CLVSimulation

/// One wording for every integer option range, so each message names both bounds (issue #23, point 6).
enum OptionRange {
    /// Bootstrap resamples: 100,000 is far past where a quantile interval stops changing,
    /// and stops `--bootstrap 100000000` before any work.
    static let maxBootstrap = 100_000

    /// `score --horizon` shares the scenario horizon cap, so both commands refuse the same lengths.
    static let maxHorizon = ScenarioLoader.maxPeriods

    /// Parallel workers: far above any machine's cores; results never depend on the count.
    static let maxThreads = 1024

    /// Simulated tests per sample size in `power`.
    static let maxTests = 100_000

    static func check(_ option: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option): expected an integer in \(range.lowerBound)…\(range.upperBound), found \(value)")
        }
    }
}
