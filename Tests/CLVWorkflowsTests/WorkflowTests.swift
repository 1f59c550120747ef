import CLVModels
import CLVEvaluation
import CLVReport
import CLVSimulation
import Foundation
import Testing
@testable import CLVWorkflows

/// The simulate, merge and report use-cases called as functions, without spawning the binary:
/// their results equal the CLI's (whose exact text the clvlab end-to-end tests check).
@Suite struct WorkflowTests {
    static func scenario() throws -> Scenario {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios/demo.yaml").standardized
        return try ScenarioLoader.load(path: url.path)
    }

    static func folder(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-workflow-\(name)-\(UUID().uuidString)").path
        return path
    }

    static func json(_ summary: Summary) throws -> String { String(decoding: try JSONRendering.render(summary), as: UTF8.self) }

    /// Three shards merged give the single run's summary.json byte for byte (and the workflow
    /// writes the folder it says it wrote).
    @Test func shardsMergedEqualTheSingleRun() async throws {
        let single = Self.folder("single"), parts = Self.folder("parts"), merged = Self.folder("merged")
        defer { for f in [single, parts, merged] { try? FileManager.default.removeItem(atPath: f) } }
        let overrides = SimulateWorkflow.Overrides(customers: 3000)
        let run = SimulateWorkflow(scenario: try Self.scenario(), source: "demo.yaml", overrides: overrides,
                                   completion: RunCompletion(output: single, bootstrap: 20, threads: 2))
        guard case .summary(let whole) = try await run.run() else { Issue.record("a whole run gives a summary"); return }
        #expect(FileManager.default.fileExists(atPath: single + "/summary.json"))
        for i in 1...3 {
            let shard = SimulateWorkflow(scenario: try Self.scenario(), source: "demo.yaml", overrides: overrides, shard: Shard(parsing: "\(i)/3"),
                                         completion: RunCompletion(output: parts, threads: 2))
            guard case .shard(let file) = try await shard.run() else { Issue.record("a shard run gives a partial file"); return }
            #expect(FileManager.default.fileExists(atPath: file))
        }
        let combined = try await MergeWorkflow(parts: [parts], completion: RunCompletion(output: merged, bootstrap: 20, threads: 2)).run()
        #expect(try Self.json(combined) == Self.json(whole))
        #expect(try String(contentsOfFile: merged + "/summary.json", encoding: .utf8) == String(contentsOfFile: single + "/summary.json", encoding: .utf8))
    }

    /// The report is redrawn from summary.json alone; a folder without one is an input error (exit 1).
    @Test func reportRedrawsFromTheSummaryAlone() async throws {
        let out = Self.folder("report")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = SimulateWorkflow(scenario: try Self.scenario(), source: "demo.yaml", overrides: .init(customers: 1000),
                                   completion: RunCompletion(output: out, bootstrap: 0, threads: 2))
        _ = try await run.run()
        try FileManager.default.removeItem(atPath: out + "/report.html")
        #expect(try ReportWorkflow(results: out).run() == out + "/report.html")
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
        #expect(throws: WorkflowError.self) { try ReportWorkflow(results: out + "/nowhere").run() }
        do { _ = try ReportWorkflow(results: out + "/nowhere").run() } catch let e as WorkflowError { #expect(e.exitCode == 1) }
    }

    /// Missing or empty part folders stop a merge with the CLI's messages and exit code 1.
    @Test func mergeRefusesMissingParts() async throws {
        let empty = Self.folder("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        await #expect(throws: WorkflowError(.input, "\(empty): no .clvpart files in this folder")) {
            try await MergeWorkflow(parts: [empty], completion: RunCompletion(output: nil)).run()
        }
        await #expect(throws: WorkflowError(.input, "/no/such/parts: no such file or folder")) {
            try await MergeWorkflow(parts: ["/no/such/parts"], completion: RunCompletion(output: nil)).run()
        }
    }

    /// The log lines a run writes go to the workflow's log, in order (the CLI's stderr).
    @Test func aRunLogsItsPhases() async throws {
        let lines = LogLines()
        let log = WorkflowLog(quiet: false, verbose: true) { lines.append($0) }
        let run = SimulateWorkflow(scenario: try Self.scenario(), source: "demo.yaml", overrides: .init(customers: 1000),
                                   completion: RunCompletion(output: nil, bootstrap: 0, threads: 2, log: log))
        _ = try await run.run()
        let text = lines.all
        #expect(text.first?.hasPrefix("clvlab: memory estimate ") == true)
        #expect(text.dropFirst().first?.hasPrefix("clvlab: loaded demo.yaml: 1000 customers") == true)
        #expect(text.contains { $0.hasPrefix("clvlab: summarised in ") })
    }

    /// The "wrote" line lists what the folder really holds, report.html last as a full path.
    @Test func theWroteLineListsEveryFileWithTheReportLast() async throws {
        let out = Self.folder("wrote")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let lines = LogLines()
        let log = WorkflowLog(quiet: false) { lines.append($0) }
        _ = try await SimulateWorkflow(scenario: try Self.scenario(), source: "demo.yaml", overrides: .init(customers: 1000),
                                       completion: RunCompletion(output: out, bootstrap: 0, threads: 2, log: log)).run()
        let wrote = try #require(lines.all.first { $0.hasPrefix("clvlab: wrote ") })
        let svgs = try FileManager.default.contentsOfDirectory(atPath: out + "/charts").filter { $0.hasSuffix(".svg") }.count
        #expect(svgs > 0)
        #expect(wrote == "clvlab: wrote \(out): summary.json, variants.csv, periods.csv, comparisons.csv, reach.csv, replications.csv, report.md, charts/ (\(svgs) SVG); open "
                + URL(fileURLWithPath: out).appendingPathComponent("report.html").path + "\n")
    }
}

/// Lines collected from a log sink (called from one task at a time).
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

/// The backtest's actual side is the log's own holdout: the per-group means equal those of the
/// summary `clvlab summarize --calibration-end 1997-09-30` computes (RFMSummary's holdout
/// frequency, a separate code path), and the per-period purchases sum to its total.
@Suite struct BacktestTests {
    @Test func backtestActualsAreTheLogsHoldout() async throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let s = try ScenarioLoader.load(path: repo.appendingPathComponent("scenarios/cdnow-own-customers.yaml").path, warn: { _ in })
        let backtest = try #require(try await BacktestRun.run(s, threads: 2))
        let data = try Data(contentsOf: repo.appendingPathComponent("data/cdnow/CDNOW_sample.txt"))
        let (summary, _) = try RFMSummary.from(data, format: .cdnowSample, options: SummaryOptions(period: .week, calibrationEnd: CivilDay(year: 1997, month: 9, day: 30)))
        #expect(backtest.periods == 39 && backtest.to == "1998-06-30")
        var groups = [[Int]](repeating: [], count: 8)
        for c in summary.customers { groups[min(c.frequency, 7)].append(c.holdoutFrequency) }
        for (g, row) in backtest.byFrequency.enumerated() {
            let mean = Double(groups[g].reduce(0, +)) / Double(groups[g].count)
            #expect(row.customers == groups[g].count && abs(row.actual - mean) < 1e-12, "x=\(row.frequency): \(row.actual) vs \(mean)")
        }
        let holdoutTotal = summary.customers.reduce(0) { $0 + $1.holdoutFrequency }
        #expect(backtest.total.actualPurchases == Double(holdoutTotal))
        #expect(backtest.byPeriod.reduce(0) { $0 + $1.actualPurchases } == Double(holdoutTotal))
        // The simulated side rests on the scenario's replications raised to 100.
        #expect(backtest.replications == 100 && backtest.total.simulatedPurchases.interval95[0] < backtest.total.simulatedPurchases.interval95[1])
    }
}

/// customers.csv of a real base is the target list: the real id and summary, and P(alive) and
/// the expected residual value at the start from the model's closed forms (FHL 2005 eq. 13 for
/// P(alive); discounted expected purchases × E[Z | x, z̄] × margin, computed here term by term).
@Suite struct RealBaseCustomerTableTests {
    @Test func targetListCarriesTheRealHistory() async throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let s = try ScenarioLoader.load(path: repo.appendingPathComponent("scenarios/cdnow-own-customers.yaml").path, warn: { _ in })
        var small = s
        small.replications = 2
        var engine = SimulationEngine(scenario: small, threads: 2)
        engine.recordCustomerDetail = true
        let csv = CustomerTable.render(try await engine.run())
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(Array(header.prefix(9)) == ["customer", "customer_id", "x", "t_x", "T", "monetary_value", "p_alive", "expected_residual_value", "segment"])
        // Customer 00004 of the CDNOW sample: 2 repeat purchases, the last 30.43 weeks after the first, 38.86 weeks observed.
        let row = try #require(lines.first { $0.count > 1 && $0[1] == "00004" })
        let fit = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: repo.appendingPathComponent("data/fits/cdnow-bgnbd.json")))
        let bg = try fit.parameters(as: BGNBD.self)
        let gg = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: repo.appendingPathComponent("data/fits/cdnow-gamma-gamma.json")))
            .parameters(as: GammaGamma.self)
        let x = Int(row[2])!, tx = Double(row[3])!, T = Double(row[4])!, z = Double(row[5])!
        #expect(x == 2 && abs(tx - 213.0 / 7) < 1e-9 && abs(T - 272.0 / 7) < 1e-9)
        #expect(abs(Double(row[6])! - bg.probabilityAlive(frequency: x, recency: tx, age: T)) < 1e-12)
        let d = PeriodUnit.week.periodRate(annual: 0.10)
        var purchases = 0.0, previous = 0.0
        for k in 1...39 {
            let e = bg.conditionalExpectedPurchases(Double(k), frequency: x, recency: tx, age: T)
            purchases += (e - previous) / pow(1 + d, Double(k))
            previous = e
        }
        let value = purchases * (gg.p * (gg.gamma + Double(x) * z) / (gg.p * Double(x) + gg.q - 1)) * 0.25
        #expect(abs(Double(row[7])! - value) < 1e-9 * value, "\(row[7]) vs \(value)")
    }
}
