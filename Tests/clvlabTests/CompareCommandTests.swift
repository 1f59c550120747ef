import Foundation
import Testing

@Suite(.serialized) struct CompareCommandTests {
    @Test func observedABTestIsComparedUnpaired() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ab.csv")
        // Two arms of six customers; Welch figures from scipy 1.17.1:
        //   r = scipy.stats.ttest_ind(promo, control, equal_var=False); r.confidence_interval(0.95)
        // → t = 2.611164839335468, df = 9.307692307692307, CI [0.34501457057269835, 4.654985429427302].
        try """
            customer,variant,value
            a1,control,10
            a2,control,11
            a3,control,9
            a4,control,12
            a5,control,8
            a6,control,10
            b1,promo,12
            b2,promo,14
            b3,promo,11
            b4,promo,13
            b5,promo,10
            b6,promo,15

            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["compare", "--observed", file.path, "--format", "csv", "--bootstrap", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("promo,control,mean_difference") })
        let fields = row.split(separator: ",").map(String.init)
        #expect(fields[6] == "welch")
        #expect(abs(Double(fields[3])! - 2.5) < 1e-12)
        #expect(abs(Double(fields[4])! - 0.34501457057269835) < 1e-9 && abs(Double(fields[5])! - 4.654985429427302) < 1e-9)
        let table = try CLI.run(["compare", "--observed", file.path, "--bootstrap", "0"])
        #expect(table.stdout.contains("promo: +2.50 EUR/customer [0.35, 4.65]"))
    }

    /// `--bootstrap 0` skips the quantile differences: none in the JSON (formerly one of a single
    /// resample with a zero-width interval); with resamples they are there.
    @Test func bootstrapZeroSkipsQuantileDifferences() throws {
        let file = CLI.repository.appendingPathComponent("data/experiments/retention-ab.csv").path
        struct Doc: Decodable { struct C: Decodable { var quantileDifferences: [[String: AnyDecodable]] }; struct S: Decodable { var comparisons: [C] }; var comparisons: S }
        struct AnyDecodable: Decodable { init(from decoder: Decoder) throws {} }
        for (resamples, expected) in [("0", 0), ("50", 1)] {
            let r = try CLI.run(["compare", "--observed", file, "--bootstrap", resamples, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try JSONDecoder().decode(Doc.self, from: Data(r.stdout.utf8))
            #expect(doc.comparisons.comparisons.map(\.quantileDifferences.count) == [expected])
        }
    }

    @Test func badObservedFileIsAnInputError() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.csv")
        try "customer,variant,value\na,control,1\nb,promo,abc\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["compare", "--observed", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("line 3"))
    }

    @Test func simulateShowsComparisonsDirectly() throws {
        let r = try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "3000", "--no-sensitivity", "--bootstrap", "20", "-q"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("retention-call: "))
        #expect(r.stdout.contains("personalised-recos: "))
        #expect(r.stdout.contains("Multiplicity: Holm"))
    }
}
