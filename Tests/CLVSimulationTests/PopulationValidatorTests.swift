import CLVModels
import Foundation
import Testing
@testable import CLVSimulation

/// One validator for populations (issue #23.3): a model file read by `from_fit`/`spend_fit` gets
/// the same range checks, with the same words, as a hand-written segment, plus the file's name.
@Suite struct PopulationValidatorTests {
    /// Writes model files into a fresh folder and loads scenarios that use them.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-validator-\(UUID().uuidString)")
        init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }

        func model(_ name: String, _ kind: ModelKind, _ parameters: [String: Double], converged: Bool = true) throws -> String {
            let path = url.appendingPathComponent(name).path
            try JSONEncoder().encode(FittedModel(model: kind, parameters: parameters, logLikelihood: -1, customers: 10,
                                                 period: "week", converged: converged)).write(to: URL(fileURLWithPath: path))
            return path
        }

        /// The problems (key path: message) of a scenario whose population is `population`.
        func problems(_ population: String, warnings: inout [String]) -> [String] {
            let text = """
                scenario: v
                seed: 1
                horizon: { periods: 12, period: week }
                population: \(population)
                economics: { margin: 0.3 }
                variants: [{ name: control }]
                """
            do {
                _ = try ScenarioLoader.parse(text, file: url.appendingPathComponent("s.yaml").path) { warnings.append($0) }
                return []
            } catch let e as ScenarioError {
                return e.problems.map { "\($0.keyPath): \($0.message)" }
            } catch { return ["\(error)"] }
        }

        func problems(_ population: String) -> [String] {
            var ignored: [String] = []
            return problems(population, warnings: &ignored)
        }
    }

    static let bg = ["r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426]
    static let gg = ["p": 6.25, "q": 3.74, "gamma": 15.44]

    static func handWritten(rate: String, dropout: String = "{ gamma: { shape: 0.6, rate: 12 } }", spend: String = "35") -> String {
        "{ customers: 100, segments: [{ name: a, share: 1, purchases: { rate: \(rate) }, lifetime: { model: paretonbd, dropout: \(dropout) }, spend: \(spend) }] }"
    }

    /// Defect 3: r = 1, α = 1e-10 made GSL's Poisson sampler loop (μ·7/8 truncated to 32 bits);
    /// refused before simulating, with the same words on both paths.
    @Test func tinyGammaRateIsRefusedOnBothPaths() throws {
        let folder = Folder()
        let file = try folder.model("pn.json", .paretonbd, ["r": 1, "alpha": 1e-10, "s": 0.6, "beta": 12])
        let message = "the purchase rate's Gamma rate α = 1e-10 per period is outside [5e-08, 1e+12]"
        #expect(folder.problems("{ customers: 100, from_fit: \(file), spend: 35, parameter_uncertainty: false }") == ["population.from_fit: \(file): \(message)"])
        #expect(folder.problems(Self.handWritten(rate: "{ gamma: { shape: 1, rate: 1e-10 } }")) == ["population.segments[0]: \(message)"])
    }

    @Test func meanRateCapIsTheSameOnBothPaths() throws {
        let folder = Folder()
        let file = try folder.model("pn.json", .paretonbd, ["r": 2e4, "alpha": 1, "s": 0.6, "beta": 12])
        let message = "the mean purchase rate r/α = 20000 per period is outside [0, 10000]"
        #expect(folder.problems("{ customers: 100, from_fit: \(file), spend: 35, parameter_uncertainty: false }") == ["population.from_fit: \(file): \(message)"])
        #expect(folder.problems(Self.handWritten(rate: "{ gamma: { shape: 2e4, rate: 1 } }")) == ["population.segments[0]: \(message)"])
        let dropout = "the mean dropout rate s/β = 12000 per period is outside [0, 10000]"
        let pn = try folder.model("pn2.json", .paretonbd, ["r": 1, "alpha": 1, "s": 1.2e4, "beta": 1])
        #expect(folder.problems("{ customers: 100, from_fit: \(pn), spend: 35, parameter_uncertainty: false }") == ["population.from_fit: \(pn): \(dropout)"])
        #expect(folder.problems(Self.handWritten(rate: "{ gamma: { shape: 1, rate: 1 } }", dropout: "{ gamma: { shape: 1.2e4, rate: 1 } }"))
                == ["population.segments[0]: \(dropout)"])
    }

    /// r = −1 in a model file named the parameter but not the file or its range.
    @Test func impossibleParameterNamesFileParameterAndRange() throws {
        let folder = Folder()
        let file = try folder.model("pn.json", .paretonbd, ["r": -1, "alpha": 1, "s": 0.6, "beta": 12])
        #expect(folder.problems("{ customers: 100, from_fit: \(file), spend: 35, parameter_uncertainty: false }")
                == ["population.from_fit: \(file): the purchase rate's Gamma shape r = -1 is outside [1e-08, 1e+08]"])
        let bg = try folder.model("bg.json", .bgnbd, ["r": 0.243, "alpha": 4.414, "a": 0, "b": 2.426])
        #expect(folder.problems("{ customers: 100, from_fit: \(bg), spend: 35, parameter_uncertainty: false }")
                == ["population.from_fit: \(bg): the dropout probability after a purchase's Beta a = 0 is outside [1e-08, 1e+08]"])
        let gg = try folder.model("gg.json", .gammaGamma, ["p": 6.25, "q": 3.74, "gamma": -2])
        let bgOK = try folder.model("bg-ok.json", .bgnbd, Self.bg)
        #expect(folder.problems("{ customers: 100, from_fit: \(bgOK), spend_fit: \(gg), parameter_uncertainty: false }")
                == ["population.spend_fit: \(gg): the Gamma-Gamma spend rate γ = -2 is outside [1e-12, 1e+12]"])
    }

    /// Defect 5: spend is bounded through the mean of its distribution, p·γ/(q − 1), under the
    /// cap of a fixed spend, and absurd shapes are refused at load time, naming the parameter.
    @Test func gammaGammaSpendIsBoundedOnBothPaths() throws {
        let folder = Folder()
        let bg = try folder.model("bg.json", .bgnbd, Self.bg)
        let cases: [([String: Double], String, String)] = [
            (["p": 1e6, "q": 1.001, "gamma": 1e6], "{ gamma_gamma: { p: 1e6, q: 1.001, gamma: 1e6 } }",
             "the mean spend per purchase p·γ/(q − 1) = 1e+15 is outside [0, 1e+09]"),
            (["p": 1e300, "q": 2, "gamma": 1], "{ gamma_gamma: { p: 1e300, q: 2, gamma: 1 } }",
             "the Gamma-Gamma spend shape p = 1e+300 is outside [1e-08, 1e+08]"),
        ]
        for (parameters, yaml, message) in cases {
            let gg = try folder.model("gg.json", .gammaGamma, parameters)
            #expect(folder.problems("{ customers: 100, from_fit: \(bg), spend_fit: \(gg), parameter_uncertainty: false }") == ["population.spend_fit: \(gg): \(message)"])
            #expect(folder.problems(Self.handWritten(rate: "{ gamma: { shape: 1, rate: 1 } }", spend: yaml)) == ["population.segments[0]: \(message)"])
        }
        let q = try folder.model("gq.json", .gammaGamma, ["p": 6.25, "q": 0.9, "gamma": 15.44])
        #expect(folder.problems("{ customers: 100, from_fit: \(bg), spend_fit: \(q) }")
                == ["population.spend_fit: \(q): the Gamma-Gamma shape q = 0.9 is outside (1, 1e+08]: the mean spend p·γ/(q − 1) is infinite for q ≤ 1"])
    }

    /// `converged: false` is accepted with a warning naming the file; a converged file gives none.
    @Test func unconvergedFitIsAWarningNamingTheFile() throws {
        let folder = Folder()
        let file = try folder.model("pn.json", .paretonbd, ["r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67], converged: false)
        var warnings: [String] = []
        #expect(folder.problems("{ customers: 100, from_fit: \(file), spend: 35, parameter_uncertainty: false }", warnings: &warnings) == [])
        #expect(warnings == ["\(file): the paretonbd fit did not converge (converged: false), so its parameters may not be the "
                             + "maximum-likelihood estimates; the scenario uses them as they are; refit before relying on the results"])
        let ok = try folder.model("ok.json", .paretonbd, ["r": 0.553, "alpha": 10.58, "s": 0.606, "beta": 11.67])
        warnings = []
        #expect(folder.problems("{ customers: 100, from_fit: \(ok), spend: 35, parameter_uncertainty: false }", warnings: &warnings) == [])
        #expect(warnings.isEmpty)
    }

    /// The check sees what the samplers get: rates per horizon period after rescaling. A weekly
    /// α = 2e-7 is α = 2e-7·7/30.4375 ≈ 4.6e-8 per month, below the sampler's bound.
    @Test func rescaledRatesAreChecked() throws {
        let folder = Folder()
        let file = try folder.model("pn.json", .paretonbd, ["r": 1e-4, "alpha": 2e-7, "s": 0.6, "beta": 12])
        let text = """
            scenario: v
            seed: 1
            horizon: { periods: 12, period: month }
            population: { customers: 100, from_fit: \(file), spend: 35, parameter_uncertainty: false }
            economics: { margin: 0.3 }
            variants: [{ name: control }]
            """
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: folder.url.appendingPathComponent("m.yaml").path) }
        do { _ = try ScenarioLoader.parse(text, file: folder.url.appendingPathComponent("m.yaml").path) } catch let e as ScenarioError {
            #expect(e.problems.map(\.message) == ["\(file): the purchase rate's Gamma rate α = \(PopulationValidator.format(2e-7 / (PeriodUnit.month.days / 7))) per period is outside [5e-08, 1e+12]"])
        }
        #expect(folder.problems("{ customers: 100, from_fit: \(file), spend: 35, parameter_uncertainty: false }") == [], "2e-7 per week is within bounds")
    }

    /// The corners the validator admits pass it (their bounded run time is checked on the
    /// binary, under a timeout, in `AdmittedCornerTests`).
    @Test(arguments: [(5e-4, 5e-8), (1e8, 1e4)]) func admittedCornersAreAdmitted(shape: Double, rate: Double) {
        let segment = Segment(name: "corner", share: 1, purchaseRate: .gamma(shape: shape, rate: rate),
                              lifetime: .paretonbd(dropout: .gamma(shape: 0.6, rate: 12)), spend: .fixed(35), fee: nil)
        #expect(PopulationValidator.problems(in: segment) == [])
    }
}

