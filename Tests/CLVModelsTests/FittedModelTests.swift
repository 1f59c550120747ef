import Foundation
import Testing
@testable import CLVModels

@Suite struct FittedModelTests {
    /// Oracle: DESIGN.md §7 — the model file's keys and the papers' parameter names.
    @Test func modelFileRoundTripsWithDesignKeys() throws {
        let data = try FrequencyRecencyData(try Fixture.cdnowCalibrationSummary())
        let fit = try BGNBD.fit(data)
        let file = fit.fittedModel(period: .week)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(file)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys) == ["model", "parameters", "standard_errors", "covariance", "log_likelihood", "customers", "period", "converged", "data_fingerprint"])
        #expect(object["model"] as? String == "bgnbd")
        #expect(Set((object["parameters"] as? [String: Double] ?? [:]).keys) == ["r", "alpha", "a", "b"])
        #expect(object["customers"] as? Int == 2357)
        let decoded = try JSONDecoder().decode(FittedModel.self, from: json)
        #expect(decoded == file)
        #expect(try decoded.parameters(as: BGNBD.self) == fit.parameters)
        // The fingerprint depends on the data, not on customer order.
        let s = try Fixture.cdnowCalibrationSummary()
        let reversed = try FrequencyRecencyData(frequency: s.customers.reversed().map(\.frequency),
                                                recency: s.customers.reversed().map(\.recency), age: s.customers.reversed().map(\.age))
        #expect(reversed.fingerprint == data.fingerprint)
    }

    @Test func typedParametersReportClearErrors() throws {
        let file = FittedModel(model: .paretonbd, parameters: ["r": 0.55, "alpha": 10.58, "s": 0.61], logLikelihood: -1, customers: 1, period: "week", converged: true)
        #expect(throws: ModelFileError.missingParameter(model: .paretonbd, name: "beta")) { try file.parameters(as: ParetoNBD.self) }
        #expect(throws: ModelFileError.wrongModel(expected: .bgnbd, found: .paretonbd)) { try file.parameters(as: BGNBD.self) }
        var bad = file
        bad.parameters["beta"] = -1
        #expect(throws: ModelFileError.invalidParameter(model: .paretonbd, name: "beta", value: -1, requirement: "must be finite and > 0")) {
            try bad.parameters(as: ParetoNBD.self)
        }
        let json = #"{"model":"gamma_gamma","parameters":{"p":6.25,"q":3.74,"gamma":15.44},"log_likelihood":-4000,"customers":946,"converged":true}"#
        let gg = try JSONDecoder().decode(FittedModel.self, from: Data(json.utf8)).parameters(as: GammaGamma.self)
        #expect(gg == GammaGamma(p: 6.25, q: 3.74, gamma: 15.44))
    }

    @Test func emptyDataIsATypedError() {
        #expect(throws: FitError.emptyData) { try FrequencyRecencyData(frequency: [], recency: [], age: []) }
        #expect(throws: FitError.self) { try FrequencyRecencyData(frequency: [1], recency: [5], age: [3]) }
        #expect(throws: FitError.emptyData) { try ShiftedBetaGeometric.fit(survivors: [1000]) }
    }
}
