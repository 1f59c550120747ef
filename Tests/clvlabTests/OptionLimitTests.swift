import Foundation
import Testing

/// Integer option caps (issue #23, point 6): refused before any work, exit 64, both bounds named.
@Suite struct OptionLimitTests {
    @Test(arguments: [
        (["simulate", "scenarios/demo.yaml", "--bootstrap", "100000000", "-q"], "--bootstrap: expected an integer in 0…100000, found 100000000"),
        (["merge", "x.part", "--bootstrap", "100000000"], "--bootstrap: expected an integer in 0…100000, found 100000000"),
        (["score", "x.csv", "--model", "m.json", "--horizon", "100000000"], "--horizon: expected a number of periods in (0, 10000], found 100000000"),
        (["score", "x.csv", "--model", "m.json", "--horizon", "0"], "--horizon: expected a number of periods in (0, 10000], found 0"),
        // Negative numbers reach the range check instead of "Missing value" (they look like options).
        (["simulate", "scenarios/demo.yaml", "--customers", "-5"], "--customers: expected an integer in 1…1000000000, found -5"),
        (["simulate", "scenarios/demo.yaml", "--bootstrap", "-5"], "--bootstrap: expected an integer in 0…100000, found -5"),
        (["simulate", "scenarios/demo.yaml", "--replications", "-1"], "--replications: expected an integer in 1…100000, found -1"),
        (["simulate", "scenarios/demo.yaml", "--threads", "5000"], "--threads: expected an integer in 1…1024, found 5000"),
        (["compare", "results", "--bootstrap", "-1"], "--bootstrap: expected an integer in 0…100000, found -1"),
        (["power", "scenarios/retention-test.yaml", "--variant", "v", "--tests", "-3"], "--tests: expected an integer in 20…100000, found -3"),
        (["fit", "--model", "sbg", "--survivors", "s.csv", "--fit-periods", "-2"], "--fit-periods: expected an integer in 1…10000, found -2"),
    ])
    func capsNameBothBounds(_ args: [String], _ message: String) throws {
        let start = Date()
        let r = try CLI.run(args)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        // Validation happens before loading or simulating anything.
        #expect(Date().timeIntervalSince(start) < 5)
    }

    /// One simulated value has no interval: refused with what to do, not a mean with [0, 0].
    @Test func oneSimulatedValueIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: CLI.repository.appendingPathComponent("scenarios/textbook-subscription.yaml"), encoding: .utf8)
        let file = dir.appendingPathComponent("one.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["simulate", file.path, "--customers", "1", "--replications", "1", "-q"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("population.customers: 1 customer × 1 replication is one simulated value, which has no Monte Carlo interval: "
                                  + "simulate at least 2 (more customers, or --replications 2 or more)"), "\(r.stderr)")
        let two = try CLI.run(["simulate", file.path, "--customers", "1", "--replications", "2", "-q", "--format", "json"])
        #expect(two.status == 0, "\(two.stderr)")
    }
}
