import CLVSimulation
import CLVModels
import Foundation
import Testing
@testable import CLVWorkflows

/// The fit, score and summarize use-cases called as functions, no binary spawned. Oracles: the
/// published CDNOW estimates and the data's own counts.
@Suite struct CalibrationWorkflowTests {
    @Test func summaryFilesStripABOMAndRefuseHugeSpend() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csvread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("s.csv"), bad = dir.appendingPathComponent("b.csv")
        try Data("\u{FEFF}x,t_x,T,zbar\n1,2,3,4.5\n0,0,3,\n".utf8).write(to: good)
        let s = try Calibration.readSummary(path: good.path)
        #expect(s.frequency == [1, 0] && s.monetary == [4.5, 0])
        try Data("x,t_x,T,zbar\n1,2,3,4.5\n2,2,3,1e308\n".utf8).write(to: bad)
        #expect(throws: InputProblem("\(bad.path): line 3: zbar '1e308' is out of range: expected 0 to 1e12")) {
            try Calibration.readSummary(path: bad.path)
        }
    }

    /// A non-finite spend is named by its customer id, not by its position among repeat buyers.
    @Test func nonFiniteSpendNamesTheCustomer() {
        var data = CalibrationData(frequency: [0, 2], recency: [0, 1], age: [3, 3], monetaryValue: [0, .infinity])
        data.customerIDs = ["A", "B"]
        #expect(throws: FitError.invalidData("customer 'B': mean repeat spend inf is not finite")) { try data.repeatSpend() }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let cdnow = repository.appendingPathComponent("data/cdnow/CDNOW_sample.txt").path
    static var reading: LogReading { var r = LogReading(); r.preset = "cdnow-sample"; return r }

    /// Fader, Hardie & Lee (2005), table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426 on the
    /// 39-week calibration period of the CDNOW sample (printed to 3 decimals).
    @Test func fitReproducesFaderHardieLee2005() throws {
        var reading = Self.reading
        reading.calibrationEnd = "1997-09-30"
        let outcome = try FitWorkflow.run(.init(source: .log(path: Self.cdnow, reading: reading), model: .bgnbd))
        let p = outcome.fitted.parameters
        #expect(String(format: "%.3f %.3f %.3f %.3f", p["r"]!, p["alpha"]!, p["a"]!, p["b"]!) == "0.243 4.414 0.793 2.426")
        #expect(outcome.fitted.customers == 2357)
        #expect(outcome.fitted.period == "week")
        #expect(outcome.notes.count == 1 && outcome.notes[0].contains("Holdout check"))
    }

    @Test func scoreGivesOneRowPerCustomerOfTheLog() throws {
        let model = Self.repository.appendingPathComponent("data/fits/cdnow-bgnbd.json").path
        let scores = try ScoreWorkflow.run(.init(log: Self.cdnow, reading: Self.reading, model: model, spendModel: nil,
                                                 horizon: 52, annualDiscountRate: 0.1, margin: 1))
        #expect(scores.count == 2357)
        // BG/NBD: a customer with no repeat purchase has not had the chance to leave (P(alive) = 1).
        #expect(scores.filter { $0.customer.frequency == 0 }.allSatisfy { $0.probabilityAlive == 1 })
        #expect(scores.allSatisfy { $0.expectedSpend == nil && $0.expectedValue == nil })
    }

    @Test func unreadableFilesAreInputProblemsNamingThePath() {
        #expect(throws: InputProblem("/nonexistent/model.json: no such file (expected a model file)")) {
            try ScoreWorkflow.loadModel("/nonexistent/model.json")
        }
        #expect(throws: InputProblem("/nonexistent/log.csv: no such file")) {
            try LogReading().summarize("/nonexistent/log.csv", log: .silent)
        }
    }
}

/// `score`'s standard predictions (issue #19, item 2, in part).
@Suite struct ScorePredictionTests {
    static let repository = CalibrationWorkflowTests.repository
    static func model(_ name: String) throws -> FittedModel {
        try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: repository.appendingPathComponent("data/fits/\(name).json")))
    }
    static func input(_ model: String, summary: String? = nil, horizon: Double = 52, draws: Int = 0) -> ScoreWorkflow.Input {
        var reading = CalibrationWorkflowTests.reading
        reading.calibrationEnd = "1997-09-30"
        return .init(log: summary == nil ? CalibrationWorkflowTests.cdnow : nil, reading: reading, summary: summary,
                     model: repository.appendingPathComponent("data/fits/\(model).json").path,
                     spendModel: repository.appendingPathComponent("data/fits/cdnow-gamma-gamma.json").path,
                     horizon: horizon, annualDiscountRate: 0.10, margin: 1, intervalDraws: draws)
    }

    /// DERT by its definition, not the closed form: in the alive branch λ ~ Gamma(r + x, α + T) and
    /// μ ~ Gamma(s, β + T) independently, so DERT = P(alive)·E[λ]·E[1/(δ + μ)], and
    /// E[1/(δ + μ)] = ∫₀^∞ e^{−δt} ((β + T)/(β + T + t))^s dt, integrated here by Simpson's rule (the closed form uses Tricomi's U; Fader, Hardie & Lee 2005c).
    @Test func paretoDERTEqualsItsDefinition() throws {
        let scores = try ScoreWorkflow.run(Self.input("cdnow-paretonbd"))
        let m = try Self.model("cdnow-paretonbd").parameters(as: ParetoNBD.self)
        let delta = log(1 + PeriodUnit.week.periodRate(annual: 0.10))
        for s in scores.prefix(40) {
            let c = s.customer
            // Simpson on [0, 30/δ]; the tail beyond is below e^{−30}/δ, under 1e-12 of the integral.
            let n = 200_000, L = 30 / delta, h = L / Double(n)
            func f(_ t: Double) -> Double { exp(-delta * t) * pow((m.beta + c.age) / (m.beta + c.age + t), m.s) }
            var integral = f(0) + f(L)
            for k in 1..<n { integral += (k % 2 == 1 ? 4 : 2) * f(Double(k) * h) }
            integral *= h / 3
            let dert = s.probabilityAlive * (m.r + Double(c.frequency)) / (m.alpha + c.age) * integral
            let closed = try #require(s.dert)
            #expect(abs(closed - dert) < 1e-6 * dert, "\(c.customerID): \(closed) vs \(dert)")
        }
    }

    /// A summary file scores as its log does (summarize's output, same customers and numbers), and a
    /// fractional horizon lies between its whole neighbours.
    @Test func summaryScoresAsTheLogAndHorizonsMayBeFractional() throws {
        var reading = CalibrationWorkflowTests.reading
        reading.calibrationEnd = "1997-09-30"
        let (summary, _) = try reading.summarize(CalibrationWorkflowTests.cdnow, log: .silent)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("score-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var csv = "customer_id,x,t_x,T,zbar\n"
        for c in summary.customers { csv += "\(c.customerID),\(c.frequency),\(c.recency),\(c.age),\(c.monetaryValue)\n" }
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let fromLog = try ScoreWorkflow.run(Self.input("cdnow-bgnbd"))
        let fromSummary = try ScoreWorkflow.run(Self.input("cdnow-bgnbd", summary: file.path))
        #expect(fromSummary.map(\.customer.customerID) == fromLog.map(\.customer.customerID))
        #expect(fromSummary.map(\.probabilityAlive) == fromLog.map(\.probabilityAlive))
        #expect(fromSummary.map(\.expectedValue) == fromLog.map(\.expectedValue))
        #expect(fromSummary.allSatisfy { $0.realisedValue == nil } && fromLog.allSatisfy { $0.realisedValue != nil })
        let half = try ScoreWorkflow.run(Self.input("cdnow-bgnbd", horizon: 52.5))
        let next = try ScoreWorkflow.run(Self.input("cdnow-bgnbd", horizon: 53))
        #expect(zip(zip(fromLog, half), next).allSatisfy { $0.0.expectedPurchases <= $0.1.expectedPurchases && $0.1.expectedPurchases <= $1.expectedPurchases })
    }

    /// `--intervals`: the 95 % band of a customer's expected purchases agrees with the delta method
    /// (±1.96 √(gᵀ V g), g the gradient in log θ by central differences, V the log-scale covariance)
    /// within 25 % — the band is a percentile of 1,000 draws (±5 % noise) of a mildly skewed quantity.
    @Test func intervalsAgreeWithTheDeltaMethod() throws {
        let all = try ScoreWorkflow.run(Self.input("cdnow-bgnbd"))
        let file = try Self.model("cdnow-bgnbd")
        let bands = try ScoreIntervalDraws.bands(all.prefix(5).map(\.customer), model: file, spend: nil, draws: 1000, horizon: 52,
                                                 discountRate: PeriodUnit.week.periodRate(annual: 0.10), margin: 1)
        let u = try ParameterUncertainty(file)
        for (s, interval) in zip(all.prefix(5), bands) {
            let c = s.customer
            func expected(_ logs: [Double]) throws -> Double {
                let m = try BGNBD(values: logs.map(exp))
                return m.conditionalExpectedPurchases(52, frequency: c.frequency, recency: c.recency, age: c.age)
            }
            let g = try (0..<4).map { i -> Double in
                var up = u.logEstimates, down = u.logEstimates
                up[i] += 1e-5; down[i] -= 1e-5
                return (try expected(up) - expected(down)) / 2e-5
            }
            var variance = 0.0
            for i in 0..<4 { for j in 0..<4 { variance += g[i] * u.logCovariance[i][j] * g[j] } }
            let band = interval.expectedPurchases
            #expect(band.low <= s.expectedPurchases && s.expectedPurchases <= band.high)
            let half = (band.high - band.low) / 2, delta = 1.96 * variance.squareRoot()
            #expect(abs(half - delta) < 0.25 * delta, "\(c.customerID): band half-width \(half) vs delta method \(delta)")
        }
    }
}

/// `clvlab expect`: a new customer's E[X(t)] against the engine simulating new customers of the
/// same fit (from_fit, weekly, no parameter draws), within 4 Monte Carlo standard errors.
@Suite struct ExpectTests {
    @Test(arguments: ["cdnow-bgnbd", "cdnow-paretonbd"])
    func newCustomersPurchaseAsExpected(_ name: String) async throws {
        let path = ScorePredictionTests.repository.appendingPathComponent("data/fits/\(name).json").path
        let o = try ExpectWorkflow.run(model: path, spendModel: nil, at: [39], annualDiscountRate: 0.1, margin: 1)
        let text = """
            scenario: expect
            seed: 11
            horizon: { periods: 39, period: week }
            population: { customers: 200_000, from_fit: \(path), spend: 10, parameter_uncertainty: false }
            economics: { margin: 1 }
            variants: [{ name: control }]
            """
        let s = try ScenarioLoader.parse(text, file: "/tmp/expect.yaml", warn: { _ in })
        var engine = SimulationEngine(scenario: s, threads: 2)
        engine.recordCustomerDetail = true
        let counts = try await engine.run().variants[0].purchaseCount.map(Double.init)
        let mean = counts.reduce(0, +) / Double(counts.count)
        let se = (counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count - 1) / Double(counts.count)).squareRoot()
        #expect(o.quantity == "expected_purchases" && abs(mean - o.rows[0].expected) < 4 * se, "\(name): simulated \(mean) vs E[X(39)] \(o.rows[0].expected), SE \(se)")
    }
}

extension ExpectTests {
    /// An sBG cohort: S(t) = Π_{i=1}^{t} (δ + i − 1)/(γ + δ + i − 1) (Fader & Hardie 2007, eq. 7,
    /// as a product of retention rates — the code uses the Beta-function ratio) and the periods
    /// paid in the first t, Σ_{k<t} S(k).
    @Test func subscriptionCohortSurvival() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sbg-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONEncoder().encode(FittedModel(model: .sbg, parameters: ["gamma": 0.704, "delta": 1.182], logLikelihood: -1, customers: 1000,
                                             period: "year", converged: true)).write(to: file)
        let o = try ExpectWorkflow.run(model: file.path, spendModel: nil, at: [1, 5, 12], annualDiscountRate: 0.1, margin: 1)
        for row in o.rows {
            var s = 1.0, paid = 0.0
            for i in 1...Int(row.t) { paid += s; s *= (1.182 + Double(i) - 1) / (0.704 + 1.182 + Double(i) - 1) }
            #expect(abs(row.expected - s) < 1e-12 && abs(row.value! - paid) < 1e-12, "t = \(row.t)")
        }
    }
}

extension ScorePredictionTests {
    /// Subscribers scored with an sBG: DERL against its definition, the discounted sum of the
    /// probabilities of k + 1 more renewals, Π_{i=1}^{k+1} (δ + n + i − 1)/(γ + δ + n + i − 1),
    /// summed to k = 5,000 (the terms fall below 1e-200 at 10 %) — the code uses ₂F₁ (Fader &
    /// Hardie 2010). Retention is the first factor; expected renewals sum the products to the horizon.
    @Test func subscribersScoreRetentionAndDERL() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("subs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (gamma, delta) = (0.704, 1.182)
        try JSONEncoder().encode(FittedModel(model: .sbg, parameters: ["gamma": gamma, "delta": delta], logLikelihood: -1, customers: 1000,
                                             period: "year", converged: true)).write(to: dir.appendingPathComponent("sbg.json"))
        try "customer,start,end\na,2020-01-01,\nb,2023-06-30,\nc,2019-01-01,2022-01-01\nd,2026-06-30,\n"
            .write(to: dir.appendingPathComponent("subs.csv"), atomically: true, encoding: .utf8)
        let rows = try SubscriberScores.run(subscribers: dir.appendingPathComponent("subs.csv").path, on: "2026-12-31",
                                            model: dir.appendingPathComponent("sbg.json").path, period: "year", horizon: 5, annualDiscountRate: 0.10)
        #expect(rows.map(\.customerID) == ["a", "b", "d"] && rows.map(\.renewals) == [6, 3, 0])
        for r in rows {
            let n = Double(r.renewals)
            func retention(_ i: Int) -> Double { (delta + n + Double(i) - 1) / (gamma + delta + n + Double(i) - 1) }
            var p = 1.0, derl = 0.0, renewals = 0.0
            for k in 0...5_000 {
                p *= retention(k + 1)
                derl += p / pow(1.1, Double(k))
                if k < 5 { renewals += p }
            }
            #expect(abs(r.retention - retention(1)) < 1e-15)
            #expect(abs(r.derl - derl) < 1e-9 * derl, "\(r.customerID): \(r.derl) vs \(derl)")
            #expect(abs(r.expectedRenewals - renewals) < 1e-12, "\(r.customerID)")
        }
        #expect(throws: InputProblem.self) {
            try SubscriberScores.run(subscribers: dir.appendingPathComponent("subs.csv").path, on: "2026-12-31",
                                     model: dir.appendingPathComponent("sbg.json").path, period: "month", horizon: 5, annualDiscountRate: 0.10)
        }
    }
}
