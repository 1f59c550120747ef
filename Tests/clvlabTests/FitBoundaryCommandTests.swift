import Foundation
import Testing

/// `clvlab fit --model paretonbd` on data whose optimum is on the boundary (issue #23.2): under
/// 2 s, exit 1, a message in model terms, and an earlier model file at --output left as it was.
@Suite(.serialized) struct FitBoundaryCommandTests {
    static let fixtures = "Tests/CLVModelsTests/Fixtures/"

    func runKeepingOutput(_ fixture: String) throws -> (CLI.Output, Duration, keptOutput: Bool) {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json")
        let earlier = Data("{\"an earlier\": \"model file\"}\n".utf8)
        try earlier.write(to: model)
        var output: CLI.Output?
        let elapsed = try ContinuousClock().measure {
            output = try CLI.run(["fit", "--summary", Self.fixtures + fixture, "--model", "paretonbd", "--output", model.path])
        }
        return (output!, elapsed, FileManager.default.contents(atPath: model.path) == earlier)
    }

    @Test func noDropoutLog() throws {
        let (r, elapsed, kept) = try runKeepingOutput("paretonbd_no_dropout.csv")
        #expect(r.status == 1)
        #expect(r.stderr == "error: the paretonbd fit failed: no usable optimum: no dropout detectable: the Pareto/NBD optimum is at "
            + "the boundary s/β → 0 (r = 0.772, α = 3.58, s = 0.000146, β = 182; 4.2e-05 expected dropouts per customer over the "
            + "longest history, T = 52); the data look like purchases without dropout: consider the NBD (no dropout) or BG/NBD\n")
        #expect(r.stdout.isEmpty)
        #expect(kept, "the earlier model file was changed")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test func allSinglePurchase() throws {
        let (r, elapsed, kept) = try runKeepingOutput("single_purchase.csv")
        #expect(r.status == 1)
        #expect(r.stderr == "error: the paretonbd fit failed: no usable optimum: no customer has a repeat purchase, so the Pareto/NBD "
            + "purchase rate r/α cannot be told apart from 0 (nor the dropout rate s/β from ∞); fit data with repeat purchases\n")
        #expect(kept, "the earlier model file was changed")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }
}
