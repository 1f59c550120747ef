import Foundation
import Testing

/// Integer option caps (issue #23, point 6): refused before any work, exit 64, both bounds named.
@Suite struct OptionLimitTests {
    @Test(arguments: [
        (["simulate", "scenarios/demo.yaml", "--bootstrap", "100000000", "-q"], "--bootstrap: expected an integer in 0…100000, found 100000000"),
        (["merge", "x.part", "--bootstrap", "100000000"], "--bootstrap: expected an integer in 0…100000, found 100000000"),
        (["score", "x.csv", "--model", "m.json", "--horizon", "100000000"], "--horizon: expected an integer in 1…10000, found 100000000"),
        (["score", "x.csv", "--model", "m.json", "--horizon", "0"], "--horizon: expected an integer in 1…10000, found 0"),
    ])
    func capsNameBothBounds(_ args: [String], _ message: String) throws {
        let start = Date()
        let r = try CLI.run(args)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        // Validation happens before loading or simulating anything.
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
