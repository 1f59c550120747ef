import Foundation
import Stochastic
import Testing
@testable import CLVModels

@Suite struct ModelRegistryTests {
    static let known = ["bgnbd", "paretonbd", "gamma_gamma", "sbg"]

    /// Oracle: the model-file names of DESIGN.md §7, in the order help texts list them.
    @Test func registryListsTheFourModelsByTheirFileNames() throws {
        #expect(ModelRegistry.names == Self.known)
        #expect(ModelKind.allCases.map(\.rawValue) == Self.known)
        #expect(ModelKind(rawValue: "gamma_gamma") == .gammaGamma)
        #expect(ModelKind(rawValue: "mbgnbd") == nil)
        #expect(try ModelRegistry.model(named: "paretonbd") == ParetoNBD.self)
        #expect(ModelRegistry.purchaseModels.map { $0.kind } == [.bgnbd, .paretonbd])
        #expect(ModelRegistry.monetaryValueModels.map { $0.kind } == [.gammaGamma])
        #expect(ModelRegistry.lifetimeProcesses.map { $0.kind } == [.bgnbd, .paretonbd, .sbg])
        #expect(ModelRegistry.all.map { $0.calibrationInput } == [.frequencyRecency, .frequencyRecency, .repeatSpend, .renewals])
    }

    /// A model missing from the registry is an error naming the known models — by name, and when
    /// a model file names it.
    @Test func unknownModelIsAnErrorNamingTheKnownModels() throws {
        let message = "unknown model 'mbgnbd'; known models: bgnbd, paretonbd, gamma_gamma, sbg"
        #expect(throws: ModelFileError.unknownModel("mbgnbd", known: Self.known)) { try ModelRegistry.model(named: "mbgnbd") }
        #expect(ModelFileError.unknownModel("mbgnbd", known: Self.known).description == message)
        let json = #"{"model":"mbgnbd","parameters":{"r":1},"log_likelihood":-1,"customers":1,"converged":true}"#
        do {
            _ = try JSONDecoder().decode(FittedModel.self, from: Data(json.utf8))
            Issue.record("decoded an unknown model")
        } catch {
            #expect(error as? ModelFileError == .unknownModel("mbgnbd", known: Self.known))
            #expect(error.localizedDescription == message)
        }
        let gg = FittedModel(model: .gammaGamma, parameters: ["p": 6.25, "q": 3.74, "gamma": 15.44], logLikelihood: -1, customers: 1, period: "week", converged: true)
        #expect(throws: ModelFileError.unsuitableModel(found: .gammaGamma, expected: [.bgnbd, .paretonbd])) { try ModelRegistry.purchaseModel(gg) }
        #expect(ModelFileError.unsuitableModel(found: .gammaGamma, expected: [.bgnbd, .paretonbd]).description
                == "model file holds a 'gamma_gamma' model, expected bgnbd or paretonbd")
    }

    /// Oracle: the shipped model files (data/fits) load through the registry to the values they hold.
    @Test func shippedModelFilesLoadThroughTheRegistry() throws {
        let fits = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/fits")
        let bg = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: fits.appendingPathComponent("cdnow-bgnbd.json")))
        let m = try ModelRegistry.purchaseModel(bg)
        #expect(m as? BGNBD == BGNBD(r: 0.24259450581976214, alpha: 4.413601476014075, a: 0.7929221989503316, b: 2.4259074332920396))
        #expect(bg.periodUnit == .week)
        let gg = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: fits.appendingPathComponent("cdnow-gamma-gamma.json")))
        #expect(try ModelRegistry.monetaryValueModel(gg) as? GammaGamma == GammaGamma(p: 6.2495711741004705, q: 3.7442252197450205, gamma: 15.443525681602829))
    }

    /// All the observations the four models need: the CDNOW calibration summary (39 weeks, with
    /// spend) and Fader & Hardie's (2007) "regular" survivor cohort, years 0–7.
    static func calibrationData() throws -> CalibrationData {
        var data = CalibrationData(try Fixture.cdnowCalibrationSummary())
        let survivors = try Fixture.csv("sbg_regular_survivors.csv").map { Double($0["survivors"]!)! }
        data.retention = .survivors(Array(survivors[0...7]))
        return data
    }

    /// The typed fit each of the four models has always had, for comparison with the registry's
    /// (nil for a model registered later: it is still fitted, written, loaded and scored).
    static func typedFit(_ kind: ModelKind, _ data: CalibrationData) throws -> [Double]? {
        let s = try Fixture.cdnowCalibrationSummary()
        switch kind {
        case .bgnbd: return try BGNBD.fit(try FrequencyRecencyData(s)).parameters.values
        case .paretonbd: return try ParetoNBD.fit(try FrequencyRecencyData(s)).parameters.values
        case .gammaGamma:
            let keep = s.customers.filter { $0.frequency > 0 && $0.monetaryValue > 0 }
            return try GammaGamma.fit(frequency: keep.map(\.frequency), monetaryValue: keep.map(\.monetaryValue)).parameters.values
        case .sbg:
            guard case .survivors(let n)? = data.retention else { return [] }
            return try ShiftedBetaGeometric.fit(survivors: n).parameters.values
        default:
            return nil
        }
    }

    /// Registry round trip: every registered model fits, writes its model file, loads back and
    /// scores through the one interface, with the numbers of its own typed API (bit for bit: the
    /// registry adds no arithmetic).
    @Test(arguments: ModelRegistry.names)
    func everyRegisteredModelFitsAndScoresThroughTheRegistry(_ name: String) throws {
        let data = try Self.calibrationData()
        let type = try ModelRegistry.model(named: name)
        let fit = try type.fitModel(data)
        if let typed = try Self.typedFit(type.kind, data) { #expect(fit.model.values == typed) }
        #expect(fit.diagnostics.converged)
        #expect(try fit.model.logLikelihood(data) == fit.logLikelihood)
        let file = fit.fittedModel(period: .week)
        #expect(file.model.rawValue == name)
        #expect(Set(file.parameters.keys) == Set(type.parameterNames) && Set(file.standardErrors.keys) == Set(type.parameterNames))
        let decoded = try JSONDecoder().decode(FittedModel.self, from: try JSONEncoder().encode(file))
        #expect(decoded == file)
        let loaded = try ModelRegistry.load(decoded)
        #expect(loaded.values == fit.model.values)

        let d = PeriodUnit.week.periodRate(annual: 0.10)
        let histories = [CustomerHistory(frequency: 0, recency: 0, age: 38.86),
                         CustomerHistory(frequency: 3, recency: 30.43, age: 38.86, monetaryValue: 42.5)]
        for h in histories {
            let scores = loaded.scores(for: h, periods: 52, discountRate: d)
            #expect(scores.map(\.name) == type.scoreNames)
            #expect(scores.allSatisfy { $0.value.isFinite })
            if let typed = Self.typedScores(loaded, h, d) { #expect(scores.map(\.value) == typed) }
        }
        let stream = KeyedStream()
        stream.rekey(1)
        _ = loaded.drawTraits(using: stream)
        _ = loaded.drawTraits(given: histories[1], using: stream)
    }

    /// The same scores from each family's own methods.
    static func typedScores(_ m: any RegisteredModel, _ h: CustomerHistory, _ d: Double) -> [Double]? {
        if let p = m as? any PurchaseModel {
            return [p.probabilityAlive(frequency: h.frequency, recency: h.recency, age: h.age),
                    p.conditionalExpectedPurchases(52, frequency: h.frequency, recency: h.recency, age: h.age),
                    p.discountedExpectedPurchases(periods: 52, discountRate: d, frequency: h.frequency, recency: h.recency, age: h.age)]
        }
        if let s = m as? GammaGamma { return [s.conditionalExpectedSpend(frequency: h.frequency, monetaryValue: h.monetaryValue)] }
        if let c = m as? ShiftedBetaGeometric {
            return [c.retentionRate(h.renewals + 1), c.discountedExpectedResidualLifetime(discountRate: d, renewals: h.renewals)]
        }
        return nil
    }

    /// Oracle: the textbook P(active)ₜ functions, which the lifetime interface must reproduce bit for bit.
    @Test func lifetimeProcessesMatchTheTextbookSurvival() {
        let bg = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        let pn = ParetoNBD(r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67)
        let sbg = ShiftedBetaGeometric(gamma: 0.704, delta: 1.182)
        let active = TextbookCLV.sbgActive(gamma: 0.704, delta: 1.182)
        for t in 1...20 {
            #expect(bg.probabilityAlive(at: Double(t - 1)) == TextbookCLV.bgnbdAlive(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, at: Double(t - 1)))
            #expect(pn.probabilityAlive(at: Double(t - 1)) == TextbookCLV.paretoAlive(s: 0.61, beta: 11.67, at: Double(t - 1)))
            #expect(sbg.probabilityAlive(at: Double(t - 1)) == active(t))
        }
    }

    /// Oracle: a model moved from weeks to months predicts, over one month, what the weekly model
    /// predicts over 30.4375/7 weeks (the rates rescale, the predictions do not change). Relative
    /// 1e-12: the two evaluate the same closed forms on arguments that differ by a rounding or two.
    @Test func convertedModelsPredictTheSameOverTheSameDays() throws {
        let f = PeriodUnit.week.rateFactor(to: .month)
        let models: [any PurchaseModel] = [BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426), ParetoNBD(r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67)]
        for weekly in models {
            let monthly = try #require(weekly.converted(from: .week, to: .month))
            for months in [0.5, 1, 6, 12] {
                #expect(relativeError(monthly.expectedPurchases(in: months), weekly.expectedPurchases(in: months * f)) < 1e-12)
                #expect(relativeError(monthly.probabilityAlive(at: months), weekly.probabilityAlive(at: months * f)) < 1e-12)
            }
            let h = (x: 3, tx: 30.43, T: 38.86)
            #expect(relativeError(monthly.conditionalExpectedPurchases(2, frequency: h.x, recency: h.tx / f, age: h.T / f),
                                  weekly.conditionalExpectedPurchases(2 * f, frequency: h.x, recency: h.tx, age: h.T)) < 1e-12)
        }
        #expect(ShiftedBetaGeometric(gamma: 1, delta: 1).converted(from: .year, to: .month) == nil)
        #expect(GammaGamma(p: 1, q: 2, gamma: 3).converted(from: .week, to: .month) == GammaGamma(p: 1, q: 2, gamma: 3))
    }
}
