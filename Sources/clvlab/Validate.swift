import ArgumentParser
import CLVSimulation
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file without running it.",
        discussion: """
            Reports every problem at once as file:line:column: key.path: message and exits 1, \
            or prints a one-line description of the scenario and exits 0.

            Example:
              clvlab validate scenarios/demo.yaml
            """)

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    func run() throws {
        let s = try loadScenario(scenario)
        let segments = s.population.segments.map { "\($0.name) (\($0.lifetime.name))" }.joined(separator: ", ")
        print("\(scenario): ok — \(s.name): \(s.population.customers) customers in \(s.population.segments.count) segment(s) [\(segments)], \(s.horizon.periods) \(s.horizon.period.rawValue)s, \(s.variants.count) variant(s), \(s.replications) replication(s)")
        if let base = s.population.customerBase {
            let source = URL(fileURLWithPath: base.source.log ?? base.source.summary ?? "").lastPathComponent
            let sample = base.source.sample.map { ", a sample of \($0)" } ?? ""
            let holdout = base.holdout.map { "; the log holds \($0.periods) \(s.horizon.period.rawValue)s after it (backtest)" } ?? ""
            print("  real base: \(base.source.realCustomers) customers of \(source) observed until \(base.source.observedUntil)\(sample)\(holdout); "
                  + "parameter uncertainty \(s.population.drawsParameters ? "drawn per replication" : "off")")
        }
    }
}
