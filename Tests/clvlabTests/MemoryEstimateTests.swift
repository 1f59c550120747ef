import Foundation
import Testing

/// The memory estimate printed before a run is within the bound of issue #22 (item 4) of the
/// peak the run then reaches: at most 15 % above it and at most 10 % below. The peak is the
/// process's own high-water mark (VmHWM), which `simulate -v` prints after the run — the same
/// number `/usr/bin/time -v` reports as its maximum resident set.
@Suite struct MemoryEstimateTests {
    /// A base of `customers` with `variants` variants (all but the control with a retention
    /// campaign), `replications` replications.
    static func scenario(customers: Int, variants: Int, replications: Int) -> String {
        var lines = ["scenario: memory", "seed: 1", "horizon: { periods: 36, period: month }", "replications: \(replications)",
                     "population:", "  customers: \(customers)", "  segments:", "    - name: all", "      share: 1",
                     "      purchases: { rate: { gamma: { shape: 0.9, rate: 0.8 } } }",
                     "      lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }",
                     "      spend: { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }",
                     "economics: { margin: 0.3, cost_to_serve: 1, acquisition_cost: 45 }", "variants:", "  - name: control"]
        for k in 1..<variants {
            lines += ["  - name: v\(k)", "    interventions:", "      - { kind: retention, start: 3, effects: { churn: 0.8 }, costs: { per_contact: 1 } }"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// MiB in a log line "… 123 MiB …" or "… 1.5 GiB …" after `prefix`.
    static func mebibytes(_ log: String, after prefix: String) -> Double? {
        guard let line = log.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
              let m = line.firstMatch(of: /([0-9.]+) (MiB|GiB)/) else { return nil }
        return Double(m.1)! * (m.2 == "GiB" ? 1024 : 1)
    }

    @Test(arguments: [
        ("bgnbd", 1_000_000, 1, 1, ["--bootstrap", "0"]),
        ("bgnbd", 500_000, 4, 2, ["--bootstrap", "0"]),
        ("bgnbd", 1_000_000, 2, 2, []),
        ("demo", 0, 0, 0, ["--bootstrap", "0"]),
        ("loyalty-programme", 30_000, 0, 0, ["--bootstrap", "0", "--no-sensitivity"]),
        ("textbook-subscription", 0, 0, 0, []),
    ])
    func estimateIsWithinTheBoundOfThePeak(_ kind: String, _ customers: Int, _ variants: Int, _ replications: Int, _ extra: [String]) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var file = CLI.repository.appendingPathComponent("scenarios/\(kind).yaml").path
        var args = extra
        if kind == "bgnbd" {
            file = dir.appendingPathComponent("memory.yaml").path
            try Self.scenario(customers: customers, variants: variants, replications: replications).write(toFile: file, atomically: true, encoding: .utf8)
        } else if customers > 0 {
            args += ["--customers", String(customers)]
        }
        let r = try CLI.run(["simulate", file, "--output", dir.appendingPathComponent("out").path, "-v", "--format", "json"] + args)
        #expect(r.status == 0, "\(r.stderr)")
        let estimate = try #require(Self.mebibytes(r.stderr, after: "clvlab: memory estimate"), "\(r.stderr)")
        let peak = try #require(Self.mebibytes(r.stderr, after: "clvlab: peak memory of the run:"), "\(r.stderr)")
        #expect(estimate <= peak * 1.15 && estimate >= peak * 0.90, "\(kind) \(customers)×\(replications), \(variants) variants: estimate \(estimate) MiB, peak \(peak) MiB")
    }
}
