import Foundation
import Testing

/// summarize / fit / score end to end on the bundled CDNOW sample and sBG series.
@Suite(.serialized) struct CalibrationCommandTests {
    /// A summary file passed where a log is expected: the error says what the file looks like
    /// and which option reads it.
    @Test func summaryGivenAsALogSuggestsTheSummaryOption() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("summary.csv")
        try "customer_id,frequency,recency,T\n1,2,3.0,4.0\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["fit", file.path, "--model", "bgnbd"])
        #expect(r.status == 1)
        #expect(r.stderr == "error: \(file.path): the header has no column named 'date'; the header is 'customer_id,frequency,recency,T'; "
                + "it looks like a per-customer summary (frequency, recency, T), not a transaction log: for fit, pass it with --summary FILE\n")
    }

    /// A weekly model scored on a monthly summary would be wrong by 30.4375/7: exit 1 naming both
    /// units. A model fitted on a summary records the summary's period (`--period`).
    @Test func unitMismatchIsAnErrorAndSummaryFitsRecordTheirPeriod() throws {
        let r = try CLI.run(["score", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--model", "data/fits/cdnow-bgnbd.json",
                             "--period", "month"])
        #expect(r.status == 1 && r.stderr.contains("fitted in weeks") && r.stderr.contains("summarised in months"), "\(r.stderr)")
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = dir.appendingPathComponent("s.csv").path
        #expect(try CLI.run(["summarize", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--calibration-end", "1997-09-30",
                             "--period", "month", "--output", summary]).status == 0)
        let fit = try CLI.run(["fit", "--summary", summary, "--model", "bgnbd", "--period", "month", "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(json["period"] as? String == "month")
    }

    /// fit's formats are table and json: csv and markdown are refused (usage error), not ignored.
    @Test func fitRefusesFormatsItCannotWrite() throws {
        for format in ["csv", "markdown"] {
            let r = try CLI.run(["fit", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--model", "bgnbd", "--format", format])
            #expect(r.status == 64 && r.stderr.contains("fit writes table or json"), "\(format): \(r.stderr)")
        }
    }

    /// Database-style timestamps summarise like dates; --time-zone moves instants to its calendar.
    @Test func timestampsAndTimeZonesSummarise() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("log.csv")
        // b's second purchase is late on 3 Jan in New York: 4 Jan in UTC, the same day as its third.
        try "customer_id,date,amount\na,2024-01-01T10:00:00Z,10\na,2024-01-08T09:00:00Z,12\nb,2024-01-01T12:00:00-05:00,5\n"
            .appending("b,2024-01-03T22:30:00-05:00,6\nb,2024-01-04T10:00:00Z,7\n").write(to: log, atomically: true, encoding: .utf8)
        let asWritten = try CLI.run(["summarize", log.path, "--period", "day"])
        let utc = try CLI.run(["summarize", log.path, "--period", "day", "--time-zone", "UTC"])
        #expect(asWritten.status == 0 && utc.status == 0, "\(asWritten.stderr)\(utc.stderr)")
        func frequency(_ csv: String, _ id: String) -> String? {
            let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard let header = rows.first, let f = header.firstIndex(of: "frequency") else { return nil }
            return rows.first { $0.first == id }.map { $0[f] }
        }
        #expect(frequency(asWritten.stdout, "b") == "2" && frequency(utc.stdout, "b") == "1", "\(asWritten.stdout)\n\(utc.stdout)")
        let bad = try CLI.run(["summarize", log.path, "--time-zone", "Mars/Olympus"])
        #expect(bad.status == 1 && bad.stderr.contains("--time-zone"))
    }

    @Test func fitReproducesTheBGNBDPaperToItsPrintedDigits() throws {
        let r = try CLI.run(["fit", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--calibration-end", "1997-09-30",
                             "--model", "bgnbd", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let p = try #require(json["parameters"] as? [String: Double])
        // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        #expect(String(format: "%.3f", p["r"]!) == "0.243")
        #expect(String(format: "%.3f", p["alpha"]!) == "4.414")
        #expect(String(format: "%.3f", p["a"]!) == "0.793")
        #expect(String(format: "%.3f", p["b"]!) == "2.426")
        #expect(String(format: "%.1f", json["log_likelihood"] as! Double) == "-9582.4")
        #expect(json["customers"] as? Int == 2357)
        #expect(json["period"] as? String == "week")
        #expect(json["converged"] as? Bool == true)
        #expect((json["data_fingerprint"] as? String)?.hasPrefix("fnv1a64:") == true)
    }

    /// data/fits/ holds the models the CDNOW scenario uses, and the Pareto/NBD fit on the same data;
    /// each is `clvlab fit data/cdnow/CDNOW_sample.txt --preset cdnow-sample --calibration-end
    /// 1997-09-30 --model M --output data/fits/cdnow-F.json`, and refitting gives the same numbers
    /// (relative 1e-9: room for another platform's libm, far below any printed digit); both carry
    /// the covariance of the estimates.
    @Test(arguments: [("bgnbd", "bgnbd"), ("paretonbd", "paretonbd"), ("gamma_gamma", "gamma-gamma")])
    func bundledFitsAreReproducible(_ model: String, _ file: String) throws {
        let r = try CLI.run(["fit", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--calibration-end", "1997-09-30",
                             "--model", model, "--format", "json"])
        let fresh = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.repository.appendingPathComponent("data/fits/cdnow-\(file).json"))) as? [String: Any])
        let a = try #require(fresh["parameters"] as? [String: Double]), b = try #require(stored["parameters"] as? [String: Double])
        #expect(Set(a.keys) == Set(b.keys))
        for k in b.keys { #expect(abs(a[k]! - b[k]!) < 1e-9 * abs(b[k]!), "\(k)") }
        #expect(fresh["covariance"] is [String: [String: Double]] && stored["covariance"] is [String: [String: Double]])
    }

    @Test func summaryFileAndSurvivorFits() throws {
        let summary = CLI.repository.appendingPathComponent("Tests/CLVModelsTests/Fixtures/cdnow_customers_summary_with_transactions.csv").path
        let r = try CLI.run(["fit", "--summary", summary, "--model", "gamma_gamma"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("fitted on the 946 customers with repeat purchases"))
        let s = try CLI.run(["fit", "--survivors", "data/sbg/regular.csv", "--fit-periods", "7", "--model", "sbg", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
        let p = try #require(json["parameters"] as? [String: Double])
        // Fader & Hardie (2007): γ = 0.704, δ = 1.182.
        #expect(String(format: "%.3f", p["gamma"]!) == "0.704" && String(format: "%.3f", p["delta"]!) == "1.182")
        #expect(json["period"] as? String == "year")
    }

    /// The byte-level summary reader: the CDNOW summary gives the published BG/NBD fit (Fader,
    /// Hardie & Lee 2005: r 0.243, α 4.414, a 0.793, b 2.426) and reads the same with CRLF line
    /// ends, padded fields and blank lines; a bad row is named by its line.
    @Test func summaryReaderToleratesLayoutAndNamesBadLines() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = CLI.repository.appendingPathComponent("Tests/CLVModelsTests/Fixtures/cdnow_customers_summary_with_transactions.csv")
        let plain = try CLI.run(["fit", "--summary", summary.path, "--model", "bgnbd", "--format", "json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let p = try #require(json["parameters"] as? [String: Double])
        #expect(String(format: "%.3f %.3f %.3f %.3f", p["r"]!, p["alpha"]!, p["a"]!, p["b"]!) == "0.243 4.414 0.793 2.426")

        let text = try String(contentsOf: summary, encoding: .utf8)
        let messy = "\r\n" + text.split(whereSeparator: \.isNewline).enumerated().map { k, line in
            (k % 100 == 7 ? "\r\n" : "") + line.split(separator: ",", omittingEmptySubsequences: false).map { " \($0)\t" }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n\r\n"
        let messyFile = dir.appendingPathComponent("messy.csv")
        try messy.write(to: messyFile, atomically: true, encoding: .utf8)
        let again = try CLI.run(["fit", "--summary", messyFile.path, "--model", "bgnbd", "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let againJSON = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(againJSON["parameters"] as? [String: Double] == p)

        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        lines[4] = "5,3,40.1,38.86,10"   // t_x > T
        let bad = dir.appendingPathComponent("bad.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: bad, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["fit", "--summary", bad.path, "--model", "bgnbd"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.csv: line 5: expected 5 fields with x a whole number ≥ 0 and 0 ≤ t_x ≤ T"))
    }

    @Test func badRowsAreReportedWithLineNumbersAndSkipped() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("log.csv")
        try "customer_id,date,amount\nA,2024-01-03,10\nA,2024-13-01,5\nB,2024-02-01,abc\nB,2024-02-05,20\nA,2024-03-01,12\n"
            .write(to: log, atomically: true, encoding: .utf8)
        let r = try CLI.run(["summarize", log.path, "--period", "day"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("line 3"))
        #expect(r.stderr.contains("line 4"))
        #expect(r.stderr.contains("2 bad rows skipped, 3 used"))
        #expect(r.stdout == "customer_id,frequency,recency,T,monetary_value,total_value\nA,1,58,58,12,22\nB,0,0,25,0,20\n")
    }

    @Test func scoreWritesOneRowPerCustomer() throws {
        let r = try CLI.run(["score", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--calibration-end", "1997-09-30",
                             "--model", "data/fits/cdnow-bgnbd.json", "--spend-model", "data/fits/cdnow-gamma-gamma.json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.count == 2358)
        #expect(rows[0] == "customer_id,frequency,recency,T,p_alive,expected_purchases,discounted_expected_purchases,dert,expected_spend,expected_value,realised_value")
        // A customer with no repeat purchase is alive for sure under BG/NBD.
        #expect(rows.contains { $0.hasPrefix("00050,0,0,") && $0.split(separator: ",")[4] == "1" })
        let wrong = try CLI.run(["score", "data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--model", "data/fits/cdnow-gamma-gamma.json"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("score needs a bgnbd or paretonbd model"))
    }

    @Test func progressBarOnlyOnATerminal() throws {
        // `script` gives the child a pseudo-terminal: the bar appears there, never when piped.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let command = "\(CLI.binary.path) simulate scenarios/demo.yaml --customers 1000000 --replications 2 --no-sensitivity --bootstrap 0 > /dev/null"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        p.currentDirectoryURL = CLI.repository
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("customers/s") && text.contains("ETA"), "no progress bar on a terminal")
        let piped = try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "1000000", "--replications", "2", "--no-sensitivity", "--bootstrap", "0"])
        #expect(!piped.stderr.contains("customers/s"))
    }
}
