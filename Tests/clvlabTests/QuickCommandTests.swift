import Foundation
import Testing

@Suite(.serialized) struct QuickCommandTests {
    @Test func textbookExampleAndHelp() throws {
        let r = try CLI.run(["quick", "--basket", "50", "--frequency", "12", "--lifetime", "3"])
        #expect(r.status == 0)
        #expect(r.stdout == """
            CLV = average basket (panier moyen) × purchases a year (fréquence) × years (durée) × margin
                50 × 12/year × 3 years × 1 = 1800.00 per customer  (no discounting, no churn before the end)

            """)
        let help = try CLI.run(["quick", "--help"])
        #expect(help.stdout.contains("50 EUR a month × 12 a year × 3 years = 1800"))
    }

    /// English output names the seeds' French terms only beside their English meaning: no
    /// "panier moyen", "CLV attendu" or "CLV réel" on its own in any help text.
    @Test func frenchTermsComeWithTheirEnglishMeaning() throws {
        for command in ["quick", "score", "fit", "simulate", "summarize"] {
            let help = try CLI.run([command, "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "  ", with: " ")
            for (french, english) in [("panier moyen", "average basket"), ("CLV attendu", "expected"), ("CLV réel", "realised")] where help.contains(french) {
                #expect(help.contains(english), "clvlab \(command) --help says '\(french)' without '\(english)'")
            }
        }
    }

    @Test func retentionFormulaFromAnSBGModelFile() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("sbg.json")
        try #"{"model": "sbg", "parameters": {"gamma": 0.704, "delta": 1.182}}"#.write(to: model, atomically: true, encoding: .utf8)
        let r = try CLI.run(["quick", "--margin-per-period", "100", "--discount-rate", "0.1", "--periods", "5", "--model", model.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let value = try #require(rows.first?["value"] as? Double)
        // Σ_{t=1}^{5} 100·S(t−1)/1.1^t with S the sBG survivor function (Fader & Hardie 2007,
        // eq. 7: S(t) = Π_{i=1}^{t} (δ + i − 1)/(γ + δ + i − 1)), written out independently.
        var s = 1.0, expected = 0.0
        for t in 1...5 {
            expected += 100 * s / pow(1.1, Double(t))
            s *= (1.182 + Double(t) - 1) / (0.704 + 1.182 + Double(t) - 1)
        }
        #expect(abs(value - expected) < 1e-9 * expected)
    }

    @Test func yamlInputsAndUnknownKeys() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("q.yaml")
        try "basket: 50\nfrequency: 12\nlifetime: 3\nmarketing_spend: 90000\nnew_customers: 1000\n".write(to: good, atomically: true, encoding: .utf8)
        let r = try CLI.run(["quick", "--input", good.path, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("LTV/CAC,1800 / 90,20,ratio,meets the 3:1 guideline"))
        let bad = dir.appendingPathComponent("bad.yaml")
        try "basket: 50\nfrequncy: 12\n".write(to: bad, atomically: true, encoding: .utf8)
        let b = try CLI.run(["quick", "--input", bad.path])
        #expect(b.status == 1)
        #expect(b.stderr.hasPrefix("error: \(bad.path):2:1: unknown key 'frequncy'"))
    }

    @Test func nothingToComputeIsAnError() throws {
        let r = try CLI.run(["quick"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing to compute"))
    }
}
