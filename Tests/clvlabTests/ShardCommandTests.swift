import Foundation
import Testing

/// `simulate --shard i/n` + `merge`: shards run as separate processes; the merged results folder
/// must equal the single-process one byte for byte (issue #7).
@Suite(.serialized) struct ShardCommandTests {
    /// Every feature whose result could depend on how the work is split: two segments, several
    /// replications with uncertain inputs (and so a sensitivity run), a holdout share, top-k %
    /// targeting (a scoring pass over the whole population), a fixed campaign cost, and a
    /// population that does not fill its last chunk.
    static let scenario = """
        scenario: shard-check
        seed: 77
        horizon: { periods: 18, period: month }
        replications: 3
        population:
          customers: 10_123
          segments:
            - name: regulars
              share: 0.6
              purchases: { rate: { gamma: { shape: 0.5, rate: 1.2 } } }
              lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }
              spend: { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }
            - name: subscribers
              share: 0.4
              fee: 12
              lifetime: { model: contractual, churn: { beta: { a: 0.7, b: 6 } } }
        economics:
          currency: EUR
          margin: { triangular: [0.25, 0.3, 0.35] }
          cost_to_serve: 0.5
          acquisition_cost: 20
          annual_discount_rate: 0.1
        variants:
          - name: control
          - name: vip-discount
            interventions:
              - kind: discount
                start: 4
                end: 6
                target: { segments: [regulars], top_percent: 20 }
                depth: 0.1
                effects: { purchase_rate: 1.3 }
                costs: { fixed: 500 }
          - name: save-call
            interventions:
              - kind: retention
                start: 3
                every: 3
                target: { segments: [subscribers], share: 0.8 }
                uptake: { uniform: [0.2, 0.4] }
                effects: { churn: 0.6 }
                costs: { per_contact: 1.5 }
        """

    @Test func fourShardsInSeparateProcessesMergeToTheSingleRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("shard-check.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)

        let single = try CLI.run(["simulate", file.path, "--output", dir.appendingPathComponent("single").path, "--format", "json", "-q"])
        #expect(single.status == 0, "\(single.stderr)")

        // The four shards at once, each its own process (as on four machines).
        let parts = dir.appendingPathComponent("parts").path
        let processes = try (1...4).map { i in
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["simulate", file.path, "--shard", "\(i)/4", "--output", parts, "--threads", "\(1 + i % 2)", "-q"]
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let written = try FileManager.default.contentsOfDirectory(atPath: parts).sorted()
        #expect(written == (1...4).map { "shard-000\($0)-of-0004.clvpart" })

        let merged = try CLI.run(["merge", parts, "--output", dir.appendingPathComponent("merged").path, "--format", "json", "-q"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout)
        #expect(!single.stdout.isEmpty)
        for name in ["summary.json", "variants.csv", "periods.csv", "report.md", "report.html"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("single/\(name)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("merged/\(name)"))
            #expect(a == b, "\(name) differs")
        }
        // The parts may be named in any order.
        let shuffled = [4, 2, 1, 3].map { "\(parts)/shard-000\($0)-of-0004.clvpart" }
        let again = try CLI.run(["merge"] + shuffled + ["--format", "json", "-q"])
        #expect(again.stdout == single.stdout)
    }

    /// --streaming shards keep a few MB of moments and sketches each; merged, they equal the
    /// single streaming run bit for bit.
    @Test func streamingShardsMergeToTheSingleStreamingRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("shard-check.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        let single = try CLI.run(["simulate", file.path, "--streaming", "--output", dir.appendingPathComponent("single").path, "--format", "json", "-q"])
        #expect(single.status == 0, "\(single.stderr)")
        let parts = dir.appendingPathComponent("parts").path
        let processes = try (1...3).map { i in
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["simulate", file.path, "--streaming", "--shard", "\(i)/3", "--output", parts, "-q"]
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let merged = try CLI.run(["merge", parts, "--output", dir.appendingPathComponent("merged").path, "--format", "json", "-q"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout && !single.stdout.isEmpty)
        for name in ["summary.json", "variants.csv", "periods.csv", "report.html"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("single/\(name)")) == Data(contentsOf: dir.appendingPathComponent("merged/\(name)")), "\(name)")
        }
        // A streaming part does not mix with a per-customer one.
        let values = dir.appendingPathComponent("values").path
        #expect(try CLI.run(["simulate", file.path, "--shard", "1/3", "--output", values, "-q"]).status == 0)
        let mixed = try CLI.run(["merge", "\(values)/shard-0001-of-0003.clvpart", "\(parts)/shard-0002-of-0003.clvpart", "\(parts)/shard-0003-of-0003.clvpart"])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("one is from a --streaming run, the other is not"))
    }

    /// The Slurm script and the Kubernetes Job of deploy/ run as written (with the variables the
    /// schedulers set) and their parts merge to the single run.
    @Test func deployFilesRunTheShards() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("scenario.yaml")
        try Self.scenario.replacingOccurrences(of: "customers: 10_123", with: "customers: 3_001").write(to: file, atomically: true, encoding: .utf8)
        let single = try CLI.run(["simulate", file.path, "--format", "json", "-q"])
        #expect(single.status == 0)
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        func shell(_ script: String, _ arguments: [String], _ environment: [String: String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script, "sh"] + arguments
            p.environment = environment.merging(["PATH": path]) { $1 }
            p.currentDirectoryURL = CLI.repository
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        // Slurm: the array script, tasks 1…3.
        let slurmParts = dir.appendingPathComponent("slurm").path
        for i in 1...3 {
            let status = try shell("bash deploy/slurm/clvlab-shards.sbatch \"$1\" \"$2\"", [file.path, slurmParts],
                                   ["SLURM_ARRAY_TASK_ID": "\(i)", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_CPUS_PER_TASK": "1"])
            #expect(status == 0)
        }
        #expect(try CLI.run(["merge", slurmParts, "--format", "json", "-q"]).stdout == single.stdout)
        // Kubernetes: the container's command line, once per completion index, then the merge Job's.
        let job = try String(contentsOf: CLI.repository.appendingPathComponent("deploy/kubernetes/clvlab-shards-job.yaml"), encoding: .utf8)
        let command = try #require(job.split(separator: "\n").first { $0.contains("clvlab simulate") })
            .trimmingCharacters(in: .whitespaces).dropFirst(2)  // "- "
            .replacingOccurrences(of: "/data/scenario.yaml", with: file.path)
            .replacingOccurrences(of: "/data/parts", with: dir.appendingPathComponent("k8s").path)
        let completions = try #require(job.split(separator: "\n").first { $0.contains("completions:") }.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) })
        for index in 0..<completions {
            #expect(try shell(command, [], ["JOB_COMPLETION_INDEX": "\(index)"]) == 0)
        }
        let mergeJob = try String(contentsOf: CLI.repository.appendingPathComponent("deploy/kubernetes/clvlab-merge-job.yaml"), encoding: .utf8)
        #expect(mergeJob.contains(#"command: ["clvlab", "merge", "/data/parts", "--output", "/data/results", "--quiet"]"#))
        #expect(try CLI.run(["merge", dir.appendingPathComponent("k8s").path, "--format", "json", "-q"]).stdout == single.stdout)
    }

    @Test func mergeRefusesIncompleteForeignOrDamagedParts() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = dir.appendingPathComponent("parts").path
        for i in 1...3 {
            let r = try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "3000", "--shard", "\(i)/3", "--output", parts, "-q"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let other = dir.appendingPathComponent("other").path
        #expect(try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "3000", "--seed", "5", "--shard", "2/3", "--output", other, "-q"]).status == 0)
        func shard(_ i: Int, in folder: String = parts) -> String { "\(folder)/shard-000\(i)-of-0003.clvpart" }

        let missing = try CLI.run(["merge", shard(1), shard(3)])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("shard 2 of 3 missing"))

        let twice = try CLI.run(["merge", shard(1), shard(2), shard(2), shard(3)])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("shard 2/3 is given twice"))

        let foreign = try CLI.run(["merge", shard(1), shard(2, in: other), shard(3)])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("are not shards of the same run: they simulate different scenarios"))

        // A shard cut short (e.g. a copy interrupted) is named, with what is missing.
        let data = try Data(contentsOf: URL(fileURLWithPath: shard(3)))
        let cut = dir.appendingPathComponent("cut.clvpart")
        try data.prefix(data.count - 100).write(to: cut)
        let truncated = try CLI.run(["merge", shard(1), shard(2), cut.path])
        #expect(truncated.status == 1)
        #expect(truncated.stderr.contains("cut.clvpart: truncated"))

        let notAPart = try CLI.run(["merge", "scenarios/demo.yaml"])
        #expect(notAPart.status == 1)
        #expect(notAPart.stderr.contains("demo.yaml: not a CLVLab partial result"))

        let badShard = try CLI.run(["simulate", "scenarios/demo.yaml", "--shard", "5/4", "--output", parts])
        #expect(badShard.status == 64)
        #expect(badShard.stderr.contains("--shard expects i/n with 1 ≤ i ≤ n"))
        let noOutput = try CLI.run(["simulate", "scenarios/demo.yaml", "--shard", "1/4"])
        #expect(noOutput.status == 64)
        #expect(noOutput.stderr.contains("--shard needs --output"))
    }
}
