import Foundation
import Testing

/// deploy/slurm/submit.sh on a live single-node Slurm (issue #26). `make test` starts one with
/// deploy/slurm/testing/slurm-up.sh (root only) and exports SLURM_CONF and CLVLAB_SLURM=1; without
/// them these tests are skipped, loudly, except under CI=true, where that is a failure.
/// Every wait is bounded; on a timeout the test's jobs are cancelled.
@Suite(.serialized) struct SlurmTests {
    static let environment = ProcessInfo.processInfo.environment
    static let live = environment["CLVLAB_SLURM"] == "1" && environment["SLURM_CONF"] != nil
    static let why = "no live Slurm (CLVLAB_SLURM=1 and SLURM_CONF unset): run `make test` as root, which starts one with deploy/slurm/testing/slurm-up.sh"

    @Test func aLiveSlurmIsThereUnderCI() {
        guard !Self.live else { return }
        if Self.environment["CI"] == "true" {
            Issue.record("CI=true but \(Self.why); the Slurm tests must run in CI (see slurm-up.sh's messages above)")
        } else {
            FileHandle.standardError.write(Data("""

                ************************************************************************************
                *** SKIPPING the live-Slurm tests (SlurmTests): \(Self.why)
                ************************************************************************************

                """.utf8))
        }
    }

    /// A tiny run of the bundled demo: 2,000 customers, every output file of a full run.
    static let simulateFlags = "--customers 2000"
    static let shardSbatch = "--cpus-per-task=1 --mem=256M --time=10"
    static var mergeCPUs: Int { min(2, ProcessInfo.processInfo.activeProcessorCount) }
    static var mergeSbatch: String { "--cpus-per-task=\(mergeCPUs) --mem=1G --time=10" }

    /// A folder whose path has a quote and a space, holding the scenario, a `clvlab` wrapper that
    /// records each command line the jobs run (the jobs find it through $CLVLAB), and the
    /// single-process results to compare with.
    struct Run {
        let dir: URL
        let calls: URL
        let wrapper: URL
        let single: [String: Data]
        let scenario = "demo's scenario.yaml"

        init() throws {
            dir = CLI.temporaryDirectory().appendingPathComponent("it's a slurm run")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLI.repository.appendingPathComponent("scenarios/demo.yaml").path,
                                             toPath: dir.appendingPathComponent(scenario).path)
            calls = dir.appendingPathComponent("calls.log")
            wrapper = dir.appendingPathComponent("clvlab wrapper")
            try """
                #!/bin/sh
                printf '%s\\n' "$*" >> "$(dirname "$0")/calls.log"
                exec "\(CLI.binary.path)" "$@"

                """.write(to: wrapper, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
            let folder = dir.appendingPathComponent("single")
            let r = try CLI.run(["simulate", dir.appendingPathComponent(scenario).path, "--customers", "2000", "--output", folder.path, "-q"])
            guard r.status == 0 else { throw Failure("single-process run failed: \(r.stderr)") }
            single = try Shell.files(under: folder)
        }

        func remove() { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }

        /// submit.sh in this folder (relative paths, as a user would type them).
        func submit(_ arguments: [String]) throws -> CLI.Output {
            try Shell.run("bash", [CLI.repository.appendingPathComponent("deploy/slurm/submit.sh").path] + arguments,
                          environment: ["CLVLAB": wrapper.path], in: dir, timeout: 60)
        }

        var recorded: [String] { ((try? String(contentsOf: calls, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }

        /// What the jobs' logs say, for a failure message.
        var logs: String {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".log") }.sorted()
            return names.map { "--- \($0)\n" + ((try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "") }.joined(separator: "\n")
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

    /// `shards ID TASKS` and `merge ID` from submit.sh's stdout.
    static func jobs(_ output: CLI.Output) -> (shards: String?, tasks: String?, merge: String?) {
        var shards: String?, tasks: String?, merge: String?
        for line in output.stdout.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.first == "shards", words.count == 3 { shards = words[1]; tasks = words[2] }
            if words.first == "merge", words.count == 2 { merge = words[1] }
        }
        return (shards, tasks, merge)
    }

    static func slurm(_ command: String, _ arguments: [String]) throws -> CLI.Output {
        try Shell.run(command, arguments, timeout: 30)
    }

    /// Waits (at most `seconds`) until none of `jobs` is pending or running; on a timeout cancels them and fails.
    static func waitUntilDone(_ jobs: [String], seconds: Double = 300, _ run: Run) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let queue = try slurm("squeue", ["-h", "-j", jobs.joined(separator: ","), "-o", "%i %T"])
            if queue.status == 0 && queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let queue = try slurm("squeue", ["-j", jobs.joined(separator: ",")])
        _ = try slurm("scancel", jobs)
        throw Failure("jobs \(jobs) still queued after \(Int(seconds)) s; cancelled them.\n\(queue.stdout)\n\(run.logs)")
    }

    /// JobState and Reason of a finished job, as slurmctld remembers it (MinJobAge in slurm.conf).
    static func state(_ job: String) throws -> (state: String, reason: String) {
        let show = try slurm("scontrol", ["-o", "show", "job", job])
        func field(_ name: String) -> String {
            show.stdout.split(separator: " ").first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) } ?? "?"
        }
        return (field("JobState"), field("Reason").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(.enabled(if: SlurmTests.live, "no live Slurm"))
    func fourShardsOnSlurmMergeToTheSingleRunByteForByte() throws {
        let run = try Run()
        defer { run.remove() }
        let submitted = try run.submit(["--shard-sbatch", Self.shardSbatch, "--merge-sbatch", Self.mergeSbatch,
                                        "--simulate-flags", Self.simulateFlags, run.scenario, "4", "parts", "results 'merged'"])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let (shards, tasks, merge) = Self.jobs(submitted)
        let array = try #require(shards, "\(submitted.stdout)\(submitted.stderr)"), mergeJob = try #require(merge)
        #expect(tasks == "1-4")
        try Self.waitUntilDone([array, mergeJob], run)
        let final = try Self.state(mergeJob)
        #expect(final.state == "COMPLETED", "merge \(final)\n\(run.logs)")
        let merged = try Shell.files(under: run.dir.appendingPathComponent("results 'merged'"))
        #expect(merged.keys.sorted() == run.single.keys.sorted())
        #expect(run.single.count >= 11)
        for (name, bytes) in run.single { #expect(merged[name] == bytes, "\(name) differs from the single-process run's") }
        // Each task got its shard of 4 and one thread per CPU; the merge the CPUs it asked for.
        let calls = run.recorded
        for i in 1...4 {
            #expect(calls.filter { $0.hasPrefix("simulate \(run.scenario) --shard \(i)/4 --threads 1 --output parts --quiet --customers 2000") }.count == 1, "\(calls)")
        }
        #expect(calls.filter { $0 == "merge parts --output results 'merged' --threads \(Self.mergeCPUs) --quiet" }.count == 1, "\(calls)")
        for i in 1...4 { #expect(FileManager.default.fileExists(atPath: run.dir.appendingPathComponent("clvlab-shard-\(array)_\(i).log").path)) }
    }

    @Test(.enabled(if: SlurmTests.live, "no live Slurm"))
    func aCancelledShardFailsTheMergeAndTheDocumentedRetryRecoversTheSameBytes() throws {
        let run = try Run()
        defer { run.remove() }
        let options = ["--merge-sbatch", Self.mergeSbatch, "--simulate-flags", Self.simulateFlags]
        // Held, so that shard 2 is cancelled before it could run; then the others are let go.
        let submitted = try run.submit(["--shard-sbatch", Self.shardSbatch + " --hold"] + options + [run.scenario, "4", "parts", "results"])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let (shards, _, merge) = Self.jobs(submitted)
        let array = try #require(shards, "\(submitted.stdout)\(submitted.stderr)"), mergeJob = try #require(merge)
        #expect(try Self.slurm("scancel", ["\(array)_2"]).status == 0)
        #expect(try Self.slurm("scontrol", ["release", array]).status == 0)
        try Self.waitUntilDone([array, mergeJob], run)
        let cancelled = try Self.state(mergeJob)
        #expect(cancelled.state == "CANCELLED" && cancelled.reason == "DependencyNeverSatisfied", "merge \(cancelled)")
        #expect(!FileManager.default.fileExists(atPath: run.dir.appendingPathComponent("results").path))
        let parts = try FileManager.default.contentsOfDirectory(atPath: run.dir.appendingPathComponent("parts").path).sorted()
        #expect(parts == [1, 3, 4].map { "shard-000\($0)-of-0004.clvpart" })

        // Submitting again without --resume is refused (the old parts would be merged in) …
        let again = try run.submit(["--shard-sbatch", Self.shardSbatch] + options + [run.scenario, "4", "parts", "results"])
        #expect(again.status == 64)
        #expect(again.stderr.contains("parts is not empty"))
        // … the documented retry resubmits shard 2 alone, and the merge.
        let retry = try run.submit(["--resume", "--shard-sbatch", Self.shardSbatch] + options + [run.scenario, "4", "parts", "results"])
        #expect(retry.status == 0, "\(retry.stderr)")
        let (retried, tasks, retriedMerge) = Self.jobs(retry)
        #expect(tasks == "2")
        let retryArray = try #require(retried), retryMerge = try #require(retriedMerge)
        try Self.waitUntilDone([retryArray, retryMerge], run)
        let final = try Self.state(retryMerge)
        #expect(final.state == "COMPLETED", "merge \(final)\n\(run.logs)")
        let merged = try Shell.files(under: run.dir.appendingPathComponent("results"))
        #expect(merged.keys.sorted() == run.single.keys.sorted())
        for (name, bytes) in run.single { #expect(merged[name] == bytes, "\(name) differs from the single-process run's") }
        #expect(run.recorded.filter { $0.contains("--shard 2/4 ") }.count == 1)
    }

    /// A request the node cannot meet leaves nothing queued: a refused merge takes the array back,
    /// and jobs that could never start (PartitionConfig) are cancelled, both with exit status 1.
    @Test(.enabled(if: SlurmTests.live, "no live Slurm"))
    func requestsTheNodeCannotMeetLeaveNothingQueued() throws {
        let run = try Run()
        defer { run.remove() }
        let refused = try run.submit(["--shard-sbatch", Self.shardSbatch + " --hold", "--merge-sbatch", "--mem=1000000G",
                                      run.scenario, "4", "parts", "results"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the merge was refused; cancelled the shard array"))
        let array = try #require(Self.jobs(refused).shards)
        #expect(try Self.slurm("squeue", ["-h", "-j", array]).stdout.isEmpty)

        let cpus = try #require(Int(try Self.slurm("sinfo", ["-h", "-o", "%c"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let tooBig = try run.submit(["--shard-sbatch", "--cpus-per-task=\(cpus + 1) --mem=256M", run.scenario, "4", "parts 2", "results"])
        #expect(tooBig.status == 1)
        #expect(tooBig.stderr.contains("can never start (PartitionConfig)"), "\(tooBig.stderr)")
        let (shards, _, _) = Self.jobs(tooBig)
        let never = try #require(shards)
        #expect(try Self.slurm("squeue", ["-h", "-j", never]).stdout.isEmpty)
        #expect(run.recorded.isEmpty)
    }
}
