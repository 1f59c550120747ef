import CLVReport
import Foundation
import Testing

/// Issue #24, item 4: every CSV the tool writes prints numbers one way (``CSVNumber``): integers
/// without ".0", else the shortest round-trip double (≤ 17 significant digits), never inf/nan.
@Suite(.serialized) struct CSVNumberPolicyTests {
    /// Columns holding identifiers, which may look like numbers ("00004") but are text.
    static let textColumns: Set<String> = ["customer_id", "customer", "variant", "baseline", "segment", "cohort", "start"]

    static func run(_ arguments: [String]) throws -> String {
        let r = try CLI.run(arguments)
        #expect(r.status == 0, "clvlab \(arguments.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    /// Significant digits of a decimal numeral: mantissa digits without leading or trailing zeros.
    static func significantDigits(_ s: String) -> Int {
        let mantissa = s.split(whereSeparator: { $0 == "e" || $0 == "E" })[0].filter(\.isNumber)
        return mantissa.drop(while: { $0 == "0" }).reversed().drop(while: { $0 == "0" }).count
    }

    /// Problems of one CSV, as "line N, column: field (why)".
    static func problems(_ csv: String) -> [String] {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return ["empty"] }
        var bad: [String] = []
        for (n, line) in lines.enumerated().dropFirst() {
            // Quoted fields are text; only unquoted ones can be numbers.
            let fields = line.contains("\"") ? [] : line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for (i, f) in fields.enumerated() where i < header.count && !textColumns.contains(header[i]) {
                if ["inf", "-inf", "+inf", "infinity", "nan", "-nan"].contains(f.lowercased()) { bad.append("line \(n + 1), \(header[i]): \(f) (not finite)") }
                guard let v = Double(f), v.isFinite else { continue }
                if significantDigits(f) > 17 { bad.append("line \(n + 1), \(header[i]): \(f) (more than 17 significant digits)") }
                if CSVNumber.format(v) != f { bad.append("line \(n + 1), \(header[i]): \(f) (policy writes \(CSVNumber.format(v)))") }
            }
        }
        return bad
    }

    /// Every CSV writer on bundled data: results folder files, --format csv of every command that has
    /// it, summarize (summary and cohorts), score.
    @Test func everyCSVFollowsTheNumberPolicy() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = ["data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--calibration-end", "1997-09-30"]
        var outputs: [(String, String)] = []
        func add(_ args: [String]) throws { outputs.append((args.joined(separator: " "), try Self.run(args))) }
        for s in ["demo", "loyalty-programme", "retention-test", "subscription-sbg", "textbook-subscription", "cdnow-winback"] {
            let results = dir.appendingPathComponent(s).path
            try add(["simulate", "scenarios/\(s).yaml", "--customers", "2000", "--format", "csv", "--output", results, "--customers-csv", "--quiet"])
            for file in ["variants.csv", "periods.csv", "comparisons.csv", "reach.csv", "replications.csv", "customers.csv"] where FileManager.default.fileExists(atPath: results + "/" + file) {
                outputs.append(("\(s)/\(file)", try String(contentsOfFile: results + "/" + file, encoding: .utf8)))
            }
            try add(["compare", results, "--format", "csv"])
        }
        try add(["compare", "--observed", "data/experiments/retention-ab.csv", "--baseline", "control", "--bootstrap", "50", "--format", "csv"])
        try add(["power", "scenarios/retention-test.yaml", "--variant", "retention-call", "--metric", "retention", "--periods", "6",
                 "--customers-per-arm", "500", "--tests", "40", "--format", "csv", "--quiet"])
        try add(["quick", "--basket", "50", "--frequency", "12", "--lifetime", "3", "--margin-per-period", "5", "--discount-rate", "0.01",
                 "--periods", "12", "--acquisition-cost", "20", "--retention", "0.9", "--format", "csv"])
        try add(["quick", "--scenario", "scenarios/textbook-subscription.yaml", "--format", "csv"])
        try add(["summarize"] + log)
        try add(["summarize"] + log + ["--cohorts"])
        let scores = dir.appendingPathComponent("scores.csv").path
        _ = try Self.run(["score"] + log + ["--model", "data/fits/cdnow-bgnbd.json", "--spend-model", "data/fits/cdnow-gamma-gamma.json",
                                            "--horizon", "52", "--output", scores])
        outputs.append(("scores.csv", try String(contentsOfFile: scores, encoding: .utf8)))
        #expect(outputs.count == 51)  // comparisons.csv and reach.csv of the 4 scenarios with several variants; replications.csv and customers.csv of all 6
        for (source, csv) in outputs {
            let bad = Self.problems(csv)
            #expect(bad.isEmpty, "\(source): \(bad.count) problems, e.g. \(bad.prefix(5))")
        }
    }

    /// The policy itself, against values whose shortest round-trip forms are known.
    @Test func formatter() {
        #expect(CSVNumber.format(12.0) == "12")
        #expect(CSVNumber.format(-0.0) == "0")
        #expect(CSVNumber.format(0.1 + 0.2) == "0.30000000000000004")
        #expect(CSVNumber.format(1.0 / 3.0) == "0.3333333333333333")
        #expect(CSVNumber.format(9_007_199_254_740_992) == "9007199254740992")
        #expect(CSVNumber.format(1e300) == "1e+300")
        #expect(CSVNumber.format(5e-324) == "5e-324")
        #expect(CSVNumber.format(.infinity) == "" && CSVNumber.format(-.infinity) == "" && CSVNumber.format(.nan) == "")
        #expect(CSVNumber.format(Double?.none) == "")
        #expect(Self.significantDigits("0.30000000000000004") == 17 && Self.significantDigits("1.2e+20") == 2 && Self.significantDigits("140000") == 2)
    }

    /// summarize keeps sums of money exact in the log's decimals: 0.1 + 0.2 is 0.30000000000000004 in
    /// binary floating point and is written 0.3; sums of whole amounts print as integers. Expected
    /// values are the exact decimal sums, worked by hand.
    @Test func summarizeSumsMoneyInTheLogsDecimals() throws {
        #expect(0.1 + 0.2 != 0.3, "the case below must exercise binary residue")
        #expect(29.33 + 29.73 + 14.96 != 74.02, "the issue's case (customer 00004 of the CDNOW sample)")
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("log.csv")
        try """
            customer_id,date,amount
            a,2024-01-01,0.1
            a,2024-01-02,0.2
            a,2024-02-10,0.1
            a,2024-02-11,0.2
            b,2024-01-01,29.33
            b,2024-01-03,29.73
            b,2024-01-05,14.96
            c,2024-01-01,10
            c,2024-01-08,20

            """.write(to: file, atomically: true, encoding: .utf8)
        let csv = try Self.run(["summarize", file.path, "--calibration-end", "2024-01-31", "--period", "day"])
        let rows = Dictionary(uniqueKeysWithValues: csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return (f[0], f)
        })
        // customer_id,frequency,recency,T,monetary_value,total_value,holdout_frequency,holdout_value
        #expect(rows["a"]?[5] == "0.3" && rows["a"]?[7] == "0.3")
        #expect(rows["b"]?[5] == "74.02")
        #expect(rows["c"] == ["c", "1", "7", "30", "20", "30", "0", "0"])
    }
}
