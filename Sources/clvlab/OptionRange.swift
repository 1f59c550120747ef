import ArgumentParser
import CLVSimulation

/// One wording for every integer option range, so each message names both bounds (issue #23, point 6).
enum OptionRange {
    /// Bootstrap resamples: 100,000 is far past where a quantile interval stops changing,
    /// and stops `--bootstrap 100000000` before any work.
    static let maxBootstrap = 100_000

    /// `score --horizon` shares the scenario horizon cap, so both commands refuse the same lengths.
    static let maxHorizon = ScenarioLoader.maxPeriods

    static func check(_ option: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option): expected an integer in \(range.lowerBound)…\(range.upperBound), found \(value)")
        }
    }
}
