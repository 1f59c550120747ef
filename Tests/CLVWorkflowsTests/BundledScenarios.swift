import Foundation
@testable import CLVSimulation

/// The scenarios shipped in `scenarios/`, loaded and cut to a test's size.
enum BundledScenarios {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios").standardized

    /// Every bundled scenario (file name, scenario), at most `customers` simulated customers and
    /// `replications` clamped to the range given.
    static func all(customers: Int, replications: ClosedRange<Int>) throws -> [(file: String, scenario: Scenario)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { file in
            var s = try ScenarioLoader.load(path: folder.appendingPathComponent(file).path)
            s.population = s.population.simulating(min(s.population.customers, customers))
            s.replications = min(max(s.replications, replications.lowerBound), replications.upperBound)
            return (file, s)
        }
    }
}
