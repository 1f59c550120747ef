import Foundation
import Testing

/// The corners the population validator admits are drawn in bounded time (issue #23, defect 3).
///
/// The smallest Gamma rate with the largest mean (shape 5e-4, rate 5e-8: rare customers with
/// rates ~1e8 per period, which GSL's Poisson sampler draws in O(log μ) steps) and the largest
/// mean with no heterogeneity. Past the bound (α = 1e-10 with r = 1) the run never finished.
///
/// Run as a separate process under a hard timeout: alone each takes well under a second, and
/// the 60 s bound only separates finishing from looping. In-process, the engine's tasks share
/// the test runner's cooperative pool with tests that block on subprocesses, so the wall clock
/// measured the queue, not the sampler (the in-process version failed CI at 60 s).
@Suite struct AdmittedCornerTests {
    @Test(arguments: [("5e-4", "5e-8"), ("1e8", "1e4")]) func admittedCornersSimulateQuickly(shape: String, rate: String) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("corner.yaml")
        try """
            scenario: corner
            seed: 5
            horizon: { periods: 12, period: week }
            population:
              customers: 20000
              segments:
                - name: corner
                  share: 1
                  purchases: { rate: { gamma: { shape: \(shape), rate: \(rate) } } }
                  lifetime: { model: paretonbd, dropout: { gamma: { shape: 0.6, rate: 12 } } }
                  spend: 35
            economics: { margin: 0.3 }
            variants: [{ name: control }]
            """.write(to: file, atomically: true, encoding: .utf8)
        let r = try Shell.run(CLI.binary.path, ["simulate", file.path, "--threads", "2", "--format", "json", "--quiet"], timeout: 60)
        #expect(r.status == 0, "exit \(r.status) (124: still running after 60 s): \(r.stderr)")
        #expect(r.stdout.contains("\"scenario\" : \"corner\""))
    }
}
