import CLVModels
import Foundation
import Testing
@testable import CLVSimulation

/// The "populates a scenario" half of the registry round trip: every registered model's file is
/// offered to `from_fit`; those with a segment form become a segment whose processes are the
/// model's own (rescaled from weeks to months: oracle written out here), the others are refused
/// with a message naming the model.
@Suite struct RegistryPopulationTests {
    /// Parameters per model, in the papers' names (values are arbitrary but valid).
    static let parameters: [String: [String: Double]] = [
        "bgnbd": ["r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426],
        "paretonbd": ["r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67],
        "gamma_gamma": ["p": 6.25, "q": 3.74, "gamma": 15.44],
        "sbg": ["gamma": 0.704, "delta": 1.182],
    ]

    @Test func everyRegisteredModelPopulatesAScenarioOrIsRefusedByName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let weeksPerMonth = (365.25 / 12) / 7
        for kind in ModelKind.allCases {
            let p = try #require(Self.parameters[kind.rawValue], "no test parameters for registered model \(kind)")
            let file = dir.appendingPathComponent("\(kind.rawValue).json")
            try JSONEncoder().encode(FittedModel(model: kind, parameters: p, logLikelihood: -1, customers: 10, period: "week", converged: true))
                .write(to: file)
            let text = """
                scenario: registry
                seed: 1
                horizon: { periods: 12, period: month }
                population: { customers: 100, from_fit: \(file.path), spend: 35, parameter_uncertainty: false }
                economics: { margin: 0.3 }
                variants: [{ name: control }]
                """
            switch kind.rawValue {
            case "bgnbd":
                let seg = try ScenarioLoader.parse(text, file: dir.appendingPathComponent("s.yaml").path).population.segments[0]
                #expect(seg.purchaseRate == .gamma(shape: 0.243, rate: 4.414 / weeksPerMonth))
                #expect(seg.lifetime == .bgnbd(dropout: .beta(a: 0.793, b: 2.426)))
            case "paretonbd":
                let seg = try ScenarioLoader.parse(text, file: dir.appendingPathComponent("s.yaml").path).population.segments[0]
                #expect(seg.purchaseRate == .gamma(shape: 0.553, rate: 10.58 / weeksPerMonth))
                #expect(seg.lifetime == .paretonbd(dropout: .gamma(shape: 0.606, rate: 11.67 / weeksPerMonth)))
            default:
                do {
                    _ = try ScenarioLoader.parse(text, file: dir.appendingPathComponent("s.yaml").path)
                    Issue.record("a \(kind) model file populated a scenario")
                } catch let e as ScenarioError {
                    #expect(e.problems.first?.description.contains("holds a \(kind.rawValue) model; expected bgnbd or paretonbd") == true,
                            "\(e.problems.first?.description ?? "")")
                }
            }
        }
    }
}
