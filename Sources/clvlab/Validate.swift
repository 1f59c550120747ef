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
    }
}
