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

    /// The Slurm scripts and the Kubernetes Jobs of deploy/ run as written (with the variables the
    /// schedulers set) and their parts merge to the single run. (SlurmTests submits them to a live
    /// Slurm; no test applies the Kubernetes Jobs to a live cluster.)
    @Test func deployFilesRunTheShards() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("scenario.yaml")
        try Self.scenario.replacingOccurrences(of: "customers: 10_123", with: "customers: 3_001").write(to: file, atomically: true, encoding: .utf8)
        let singleFolder = dir.appendingPathComponent("single")
        let single = try CLI.run(["simulate", file.path, "--output", singleFolder.path, "--format", "json", "-q"])
        #expect(single.status == 0)
        let expected = try Shell.files(under: singleFolder)
        #expect(expected.count >= 5)
        // The jobs run $CLVLAB: here a wrapper that records each command line.
        let calls = dir.appendingPathComponent("calls.log")
        let wrapper = dir.appendingPathComponent("clvlab-recorded")
        try "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '\(calls.path)'\nexec '\(CLI.binary.path)' \"$@\"\n".write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        func recorded() -> [String] { ((try? String(contentsOf: calls, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }

        // Slurm: the array script, tasks 1…3 of 3. The count is its third argument, not the array's
        // size: SLURM_ARRAY_TASK_COUNT is 1 as in a retry of one task (sbatch --array=2 …).
        let slurmParts = dir.appendingPathComponent("slurm").path
        for i in 1...3 {
            let r = try Shell.run("bash", ["deploy/slurm/clvlab-shards.sbatch", file.path, slurmParts, "3"],
                                  environment: ["CLVLAB": wrapper.path, "SLURM_ARRAY_TASK_ID": "\(i)", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_CPUS_PER_TASK": "2"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: slurmParts).sorted() == (1...3).map { "shard-000\($0)-of-0003.clvpart" })
        #expect(recorded() == (1...3).map { "simulate \(file.path) --shard \($0)/3 --threads 2 --output \(slurmParts) --quiet" })
        let beyond = try Shell.run("bash", ["deploy/slurm/clvlab-shards.sbatch", file.path, slurmParts, "3"],
                                   environment: ["CLVLAB": wrapper.path, "SLURM_ARRAY_TASK_ID": "4", "SLURM_CPUS_PER_TASK": "1"])
        #expect(beyond.status == 64)
        #expect(beyond.stderr.contains("array task 4 is not a shard of 1…3"))
        let noCount = try Shell.run("bash", ["deploy/slurm/clvlab-shards.sbatch", file.path, slurmParts], environment: ["SLURM_ARRAY_TASK_ID": "1"])
        #expect(noCount.status != 0)
        #expect(noCount.stderr.contains("the number of shards of the whole run"))
        // The merge script, with the CPUs Slurm gave it as --threads.
        let slurmResults = dir.appendingPathComponent("slurm-results")
        let merged = try Shell.run("bash", ["deploy/slurm/clvlab-merge.sbatch", slurmParts, slurmResults.path, "--format", "json"],
                                   environment: ["CLVLAB": wrapper.path, "SLURM_CPUS_PER_TASK": "2"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout)
        #expect(recorded().last == "merge \(slurmParts) --output \(slurmResults.path) --threads 2 --quiet --format json")
        #expect(try Shell.files(under: slurmResults) == expected)

        // Kubernetes: the shard container's script, once per completion index, with the variables
        // the Job sets (JOB_COMPLETION_INDEX; CLVLAB_SHARDS and CLVLAB_THREADS from its env).
        let job = try String(contentsOf: CLI.repository.appendingPathComponent("deploy/kubernetes/clvlab-shards-job.yaml"), encoding: .utf8)
        let k8sParts = dir.appendingPathComponent("k8s").path
        let script = try #require(Self.blockScript(in: job, container: "shard"))
            .replacingOccurrences(of: "/data/scenario.yaml", with: file.path)
            .replacingOccurrences(of: "/data/parts", with: k8sParts)
        #expect(script.contains("exec clvlab simulate"))
        func value(_ key: String) -> Int? {
            job.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key) }
                .flatMap { Int($0.split(separator: ":")[1].split(separator: "#")[0].trimmingCharacters(in: .whitespaces)) }
        }
        let completions = try #require(value("completions:"))
        let shards = try #require(job.split(separator: "\n").first { $0.contains("name: CLVLAB_SHARDS") }
            .flatMap { $0.split(separator: "\"").dropFirst().first }.flatMap { Int($0) })
        #expect(completions == shards && value("parallelism:") == shards)
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for index in 0..<completions {
            let r = try Shell.sh(script, environment: ["PATH": path, "JOB_COMPLETION_INDEX": "\(index)", "CLVLAB_SHARDS": "\(shards)", "CLVLAB_THREADS": "1"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // More completions than CLVLAB_SHARDS: the extra pod fails instead of writing a wrong shard.
        let extra = try Shell.sh(script, environment: ["PATH": path, "JOB_COMPLETION_INDEX": "\(shards)", "CLVLAB_SHARDS": "\(shards)", "CLVLAB_THREADS": "1"])
        #expect(extra.status == 1)
        #expect(extra.stderr.contains("is not a shard of \(shards): completions and CLVLAB_SHARDS disagree"))

        // The merge Job: its init container waits while a part is missing, and ends once all are there.
        let mergeJob = try String(contentsOf: CLI.repository.appendingPathComponent("deploy/kubernetes/clvlab-merge-job.yaml"), encoding: .utf8)
        let wait = try #require(Self.blockScript(in: mergeJob, container: "wait-for-parts"))
        let partial = dir.appendingPathComponent("k8s-partial").path
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: k8sParts).sorted().dropLast() {
            try FileManager.default.copyItem(atPath: "\(k8sParts)/\(name)", toPath: "\(partial)/\(name)")
        }
        let waiting = try Shell.sh(wait.replacingOccurrences(of: "/data/parts", with: partial), environment: ["CLVLAB_WAIT_SECONDS": "0.2"], timeout: 3)
        #expect(waiting.status == 124)
        #expect(waiting.stdout.contains("waiting for the parts: \(shards - 1) of \(shards)"))
        let ready = try Shell.sh(wait.replacingOccurrences(of: "/data/parts", with: k8sParts), environment: ["CLVLAB_WAIT_SECONDS": "0.2"], timeout: 30)
        #expect(ready.status == 0)
        #expect(ready.stdout.contains("all \(shards) parts are there"))
        // Then the merge container's command, with $(CLVLAB_THREADS) as Kubernetes expands it.
        let commandLine = try #require(mergeJob.split(separator: "\n").first { $0.contains(#"command: ["clvlab", "merge""#) })
        let command = commandLine.split(separator: "[")[1].split(separator: "]")[0].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        #expect(command == ["clvlab", "merge", "/data/parts", "--output", "/data/results", "--threads", "$(CLVLAB_THREADS)", "--quiet"])
        let k8sResults = dir.appendingPathComponent("k8s-results")
        let k8sMerge = try CLI.run(command.dropFirst().map {
            $0.replacingOccurrences(of: "/data/parts", with: k8sParts).replacingOccurrences(of: "/data/results", with: k8sResults.path)
                .replacingOccurrences(of: "$(CLVLAB_THREADS)", with: "2")
        } + ["--format", "json"])
        #expect(k8sMerge.status == 0, "\(k8sMerge.stderr)")
        #expect(k8sMerge.stdout == single.stdout)
        #expect(try Shell.files(under: k8sResults) == expected)
    }

    /// The literal block (`- |`) of args of the named container in a Kubernetes manifest, dedented.
    static func blockScript(in manifest: String, container: String) -> String? {
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let named = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "- name: \(container)" }),
              let start = lines[named...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "- |" }) else { return nil }
        let indent = lines[start].prefix { $0 == " " }.count
        var body: [String] = []
        for line in lines[(start + 1)...] {
            let depth = line.prefix { $0 == " " }.count
            if !line.trimmingCharacters(in: .whitespaces).isEmpty && depth <= indent { break }
            body.append(String(line.dropFirst(min(depth, indent + 2))))
        }
        return body.joined(separator: "\n")
    }

    /// submit.sh checks what it can before it submits anything (no Slurm needed: --dry-run prints
    /// the sbatch commands it would run).
    @Test func submitScriptChecksItsInputsBeforeSubmitting() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let submit = CLI.repository.appendingPathComponent("deploy/slurm/submit.sh").path
        let slurm = CLI.repository.appendingPathComponent("deploy/slurm").path
        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Output {
            try Shell.run("bash", [submit] + arguments, environment: environment, in: dir)
        }
        try FileManager.default.copyItem(atPath: CLI.repository.appendingPathComponent("scenarios/demo.yaml").path,
                                         toPath: dir.appendingPathComponent("demo's.yaml").path)
        let help = try run(["--help"])
        #expect(help.status == 0)
        for option in ["--shard-sbatch", "--merge-sbatch", "--simulate-flags", "--merge-flags", "--resume", "--dry-run", "CLVLAB_SHARD_SBATCH", "sbatch --array=2 deploy/slurm/clvlab-shards.sbatch"] {
            #expect(help.stdout.contains(option), "\(option)")
        }

        // The shard flags go to simulate, the merge flags to merge; paths arrive as one argument each.
        let dry = try run(["--dry-run", "--shard-sbatch", "--cpus-per-task=2 --mem=1G", "--merge-sbatch", "--mem=2G",
                           "--simulate-flags", "--customers 500 --streaming", "--merge-flags", "--bootstrap 0",
                           "demo's.yaml", "4", "my parts", "results"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == """
            sbatch --parsable --array=1-4 --cpus-per-task=2 --mem=1G \(slurm)/clvlab-shards.sbatch demo\\'s.yaml my\\ parts 4 --customers 500 --streaming
            sbatch --parsable --dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes --mem=2G \(slurm)/clvlab-merge.sbatch my\\ parts results --bootstrap 0

            """)
        // The options also come from the environment.
        let fromEnvironment = try run(["--dry-run", "demo's.yaml", "2", "p", "r"], environment: ["CLVLAB_SHARD_SBATCH": "--partition=short", "CLVLAB_MERGE_FLAGS": "--no-sensitivity"])
        #expect(fromEnvironment.stdout.contains("--array=1-2 --partition=short"))
        #expect(fromEnvironment.stdout.contains("clvlab-merge.sbatch p r --no-sensitivity"))

        let streamingMerge = try run(["--dry-run", "--merge-flags", "--streaming", "demo's.yaml", "4", "p", "r"])
        #expect(streamingMerge.status == 64)
        #expect(streamingMerge.stderr.contains("--streaming is a flag of the shards (clvlab simulate): give it with --simulate-flags"))
        let oldFlags = try run(["--dry-run", "demo's.yaml", "4", "p", "r"], environment: ["CLVLAB_FLAGS": "--streaming"])
        #expect(oldFlags.status == 64)
        #expect(oldFlags.stderr.contains("CLVLAB_FLAGS is no longer read"))
        #expect(try run(["--dry-run", "demo's.yaml", "0", "p", "r"]).status == 64)
        #expect(try run(["--dry-run", "missing.yaml", "4", "p", "r"]).stderr.contains("missing.yaml: no such scenario file"))

        // A parts folder with parts in it is refused, unless --resume: then only the missing shards go.
        let parts = dir.appendingPathComponent("parts")
        try FileManager.default.createDirectory(at: parts, withIntermediateDirectories: true)
        for i in [1, 3] { try Data().write(to: parts.appendingPathComponent("shard-000\(i)-of-0004.clvpart")) }
        let notEmpty = try run(["--dry-run", "demo's.yaml", "4", "parts", "r"])
        #expect(notEmpty.status == 64)
        #expect(notEmpty.stderr.contains("parts is not empty: give a new or empty folder, or --resume"))
        let resume = try run(["--dry-run", "--resume", "demo's.yaml", "4", "parts", "r"])
        #expect(resume.status == 0)
        #expect(resume.stdout.hasPrefix("sbatch --parsable --array=2,4 \(slurm)/clvlab-shards.sbatch demo\\'s.yaml parts 4\n"))
        for i in [2, 4] { try Data().write(to: parts.appendingPathComponent("shard-000\(i)-of-0004.clvpart")) }
        let complete = try run(["--dry-run", "--resume", "demo's.yaml", "4", "parts", "r"])
        #expect(complete.stdout == "sbatch --parsable --kill-on-invalid-dep=yes \(slurm)/clvlab-merge.sbatch parts r\n")
        try Data().write(to: parts.appendingPathComponent("shard-0001-of-0005.clvpart"))
        let foreign = try run(["--dry-run", "--resume", "demo's.yaml", "4", "parts", "r"])
        #expect(foreign.status == 64)
        #expect(foreign.stderr.contains("shard-0001-of-0005.clvpart is not a part of a 4-shard run"))
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

    /// A damaged shard is refused by its CRC-32C (issue #23, point 4): 50 doubles overwritten, and
    /// single bit flips at random positions of the whole file (fixed seed).
    @Test func mergeRefusesCorruptedShardsByChecksum() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = dir.appendingPathComponent("parts").path
        for i in 1...2 {
            #expect(try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "300", "--shard", "\(i)/2", "--output", parts, "-q"]).status == 0)
        }
        let good = try Data(contentsOf: URL(fileURLWithPath: "\(parts)/shard-0002-of-0002.clvpart"))
        let bad = dir.appendingPathComponent("bad.clvpart")
        func refused(_ bytes: Data) throws -> CLI.Output {
            try bytes.write(to: bad)
            return try CLI.run(["merge", "\(parts)/shard-0001-of-0002.clvpart", bad.path, "-q"])
        }
        var overwritten = good
        for k in 0..<50 { overwritten.replaceSubrange((good.count - 8 * (k + 1))..<(good.count - 8 * k), with: withUnsafeBytes(of: 1270.47) { Data($0) }) }
        let r = try refused(overwritten)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.clvpart: its section"), "\(r.stderr)")
        #expect(r.stderr.contains("fails its CRC-32C checksum"))
        var state: UInt64 = 23
        for _ in 0..<12 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let bit = Int((state >> 11) % UInt64(good.count * 8))
            var flipped = good
            flipped[bit / 8] ^= UInt8(1 << (bit % 8))
            let f = try refused(flipped)
            #expect(f.status == 1, "bit \(bit) flipped was accepted")
        }
    }
}
