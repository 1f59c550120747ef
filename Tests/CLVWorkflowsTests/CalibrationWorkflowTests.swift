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
