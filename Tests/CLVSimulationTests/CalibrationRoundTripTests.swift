import CLVModels
import Foundation
import Testing
@testable import CLVSimulation

/// The engine and the models agree both ways: customers simulated from known BG/NBD parameters
/// are fitted back within 3 standard errors, and a scenario built `from_fit` draws its rates from
/// the fitted distributions rescaled to the horizon's period.
@Suite struct CalibrationRoundTripTests {
    @Test func engineDataFitBackWithinThreeStandardErrors() async throws {
        // Daily periods over a year: recency at day granularity, as the models' summaries use.
        let truth = BGNBD(r: 0.5, alpha: 20, a: 0.9, b: 3.0)
        let seg = Segment(name: "s", share: 1, purchaseRate: .gamma(shape: truth.r, rate: truth.alpha),
                          lifetime: .bgnbd(dropout: .beta(a: truth.a, b: truth.b)), spend: .fixed(10), fee: nil)
        var engine = SimulationEngine(scenario: TestScenarios.single(seg, customers: 30_000, periods: 365, unit: .day, seed: 77), threads: 2)
        engine.recordCustomerDetail = true
        let r = try await engine.run()
        let v = r.variants[0]
        let data = try FrequencyRecencyData(frequency: v.purchaseCount.map(Int.init), recency: v.lastPurchasePeriod.map(Double.init),
                                            age: Array(repeating: 365, count: v.purchaseCount.count))
        let fit = try BGNBD.fit(data)
        for (name, value) in zip(BGNBD.parameterNames, truth.values) {
            let estimate = fit.parameters.values[BGNBD.parameterNames.firstIndex(of: name)!]
            let se = try #require(fit.standardError(name))
            #expect(abs(estimate - value) < 3 * se, "\(name): \(estimate) vs \(value) (SE \(se))")
        }
    }

    @Test func fromFitRescalesWeeklyRatesToMonths() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = FittedModel(model: .bgnbd, parameters: ["r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426], logLikelihood: -9582.4,
                                customers: 2357, period: "week", converged: true)
        let encoder = JSONEncoder()
        try encoder.encode(model).write(to: dir.appendingPathComponent("bg.json"))
        let text = """
            scenario: fitted
            seed: 1
            horizon: { periods: 12, period: month }
            population: { customers: 100, from_fit: bg.json, spend: 35, parameter_uncertainty: false }
            economics: { margin: 0.3 }
            variants: [{ name: control }]
            """
        let file = dir.appendingPathComponent("s.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: file.path)
        let seg = s.population.segments[0]
        // λ per week ~ Gamma(r, α) ⇒ λ per month (365.25/12 days) ~ Gamma(r, α·7/(365.25/12)).
        #expect(seg.purchaseRate == .gamma(shape: 0.243, rate: 4.414 * 7 / (365.25 / 12)))
        #expect(seg.lifetime == .bgnbd(dropout: .beta(a: 0.793, b: 2.426)))
        #expect(seg.spend == .fixed(35))

        let wrong = text.replacingOccurrences(of: "bg.json", with: "missing.json")
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(wrong, file: file.path) }
        do { _ = try ScenarioLoader.parse(wrong, file: file.path) } catch let e as ScenarioError {
            #expect(e.problems.first?.description.contains("population.from_fit: cannot read the model file") == true)
        }
    }
}
