import Foundation
import Testing

/// A results folder is one unit (issue #23, item 1): whatever happens while a run writes it — a
/// signal at any step, a full file system, a second run into the same folder, a lock left by a
/// dead process, an `--output` that cannot be a folder — the folder holds byte for byte either
/// the complete earlier set or the complete new set, and nothing else is left beside it.
///
/// Every test runs the real binary. The steps of the write phase are made visible with the hooks
/// of `FaultInjection.swift`: `CLVLAB_FAULT_WRITE_PAUSE_MS` sleeps after each file and before the
/// swap, `CLVLAB_FAULT_WRITE_LIMIT` fails writes with ENOSPC after that many bytes.
@Suite(.serialized) struct ResultsFolderFaultTests {
    /// Relative path → bytes; folders appear as "NAME/" with empty data.
    typealias FileSet = [String: Data]

    /// The earlier results: 8 files. The later run writes 11 (it adds comparisons.csv and two
    /// charts) and every one of its files differs from the earlier one's, so a mix shows.
    static let oldArguments = ["simulate", "scenarios/textbook-subscription.yaml", "-q"]
    static let newArguments = ["simulate", "scenarios/retention-test.yaml", "--customers", "500", "-q"]
    /// A third set, for two runs racing into one folder.
    static let otherArguments = ["simulate", "scenarios/retention-test.yaml", "--customers", "500", "--seed", "11", "-q"]
    static let pauseMilliseconds = 100

    /// The three reference sets, each written by an uninterrupted run into a fresh folder.
    static let references: (old: FileSet, new: FileSet, other: FileSet) = {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func reference(_ arguments: [String], _ name: String) -> FileSet {
            let out = dir.appendingPathComponent(name)
            let r = try! CLI.run(arguments + ["--output", out.path])
            precondition(r.status == 0, "reference run failed: \(r.stderr)")
            return snapshot(out)
        }
        return (reference(oldArguments, "old"), reference(newArguments, "new"), reference(otherArguments, "other"))
    }()

    // MARK: 1. A signal at every write step

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func signalAtEveryWriteStepLeavesOneCompleteSet(_ signal: Int32, _ expected: Int32) throws {
        let (old, new, _) = Self.references
        #expect(Set(old.keys) != Set(new.keys))
        #expect(old.keys.filter { !$0.hasSuffix("/") }.allSatisfy { old[$0] != new[$0] }, "every earlier file must differ from the later one, or a mix could not be seen")
        let files = new.keys.filter { !$0.hasSuffix("/") }.count
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        var landedBeforeSwap = 0
        // Steps 0…files: the signal once the staging folder holds k files (k = 0: as soon as it
        // exists). Then: in the pause before the swap, at the swap, and just after it.
        let steps: [Step] = (0...files).map { .files($0) } + [.beforeSwap, .atSwap, .afterSwap]
        for step in steps {
            try Self.restore(old, at: out)
            let run = try Running(Self.newArguments + ["--output", out.path], environment: ["CLVLAB_FAULT_WRITE_PAUSE_MS": "\(Self.pauseMilliseconds)"])
            let staging = dir.appendingPathComponent(".results.new-\(run.pid)")
            try step.wait(staging: staging, target: out, files: files, pause: Self.pauseMilliseconds)
            if run.process.isRunning { kill(run.pid, signal) }
            let end = run.finish()
            let now = Self.snapshot(out)
            let context = Comment(rawValue: "signal \(signal) at \(step): exit \(end.status), stderr \(end.stderr)")
            #expect(end.reason == .exit, context)
            if end.status == 0 {
                #expect(now == new, context)
            } else {
                #expect(end.status == expected, context)
                #expect(end.stderr == "clvlab: interrupted (\(signal == SIGINT ? "SIGINT" : "SIGTERM")); no partial results were written\n", context)
                #expect(now == old || now == new, "a mixed folder: \(Self.describe(now, old: old, new: new)); \(context)")
                if now == old { landedBeforeSwap += 1 }
            }
            #expect(Self.leftovers(dir).isEmpty, "left beside the folder: \(Self.leftovers(dir)); \(context)")
        }
        // The test is not vacuous: most signals did land in the write phase (a 100 ms pause per
        // step leaves room even on a loaded machine).
        #expect(landedBeforeSwap >= (files + 1) / 2, "only \(landedBeforeSwap) signals landed before the swap")
    }

    /// Where in the write phase a signal is sent.
    enum Step: CustomStringConvertible, Equatable {
        case files(Int), beforeSwap, atSwap, afterSwap

        var description: String {
            switch self {
            case .files(let k): return "\(k) file(s) staged"
            case .beforeSwap: return "the pause before the swap"
            case .atSwap: return "the swap"
            case .afterSwap: return "just after the swap"
            }
        }

        /// Poll (not sleep a fixed time) so that a slow start on a busy machine does not move the
        /// signal to another step. Returns early when the run has ended.
        func wait(staging: URL, target: URL, files: Int, pause: Int) throws {
            let deadline = Date().addingTimeInterval(30)
            func until(_ condition: () -> Bool) {
                while !condition() && Date() < deadline { usleep(1_000) }
            }
            let exists = { FileManager.default.fileExists(atPath: staging.path) }
            switch self {
            case .files(let k):
                until { exists() && ResultsFolderFaultTests.fileCount(staging) >= k }
            case .beforeSwap, .atSwap:
                until { exists() && ResultsFolderFaultTests.fileCount(staging) >= files }
                // After the last file come two pauses, one for the file and one before the swap:
                // 1.5 pauses is inside the second, 2 pauses is the swap itself.
                let pauses = self == .atSwap ? 2.0 : 1.5
                usleep(UInt32(Double(pause * 1000) * pauses))
            case .afterSwap:
                until { FileManager.default.fileExists(atPath: target.appendingPathComponent("comparisons.csv").path) }
            }
            #expect(Date() < deadline, "the run never reached \(self)")
        }
    }

    // MARK: 2. A full file system

    @Test func fullFileSystemLeavesTheEarlierResults() throws {
        let (old, new, _) = Self.references
        let total = new.values.reduce(0) { $0 + $1.count }
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        for limit in [0, 100, total / 2, total - 1] {
            try Self.restore(old, at: out)
            let run = try Running(Self.newArguments + ["--output", out.path], environment: ["CLVLAB_FAULT_WRITE_LIMIT": "\(limit)"])
            let end = run.finish()
            let context = Comment(rawValue: "limit \(limit) of \(total) bytes: exit \(end.status), stderr \(end.stderr)")
            #expect(end.status == 74, context)
            #expect(end.stderr.hasPrefix("error: cannot write results to \(out.path): "), context)
            #expect(end.stderr.contains("No space left on device"), context)
            #expect(Self.snapshot(out) == old, context)
            #expect(Self.leftovers(dir).isEmpty, "left beside the folder: \(Self.leftovers(dir)); \(context)")
        }
        // Exactly enough room: the run succeeds (the limit counts the files' bytes and nothing else).
        try Self.restore(old, at: out)
        let end = try Running(Self.newArguments + ["--output", out.path], environment: ["CLVLAB_FAULT_WRITE_LIMIT": "\(total)"]).finish()
        #expect(end.status == 0, "exactly \(total) bytes of room: \(end.stderr)")
        #expect(Self.snapshot(out) == new)
        #expect(Self.leftovers(dir).isEmpty)
    }

    // MARK: 3. Two runs into one folder

    @Test func twoRunsStartedTogetherLeaveOneRunsSet() throws {
        let (old, new, other) = Self.references
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        for attempt in 0..<4 {
            try Self.restore(old, at: out)
            // Alternate which starts first.
            let firstArguments = attempt % 2 == 0 ? Self.newArguments : Self.otherArguments
            let secondArguments = attempt % 2 == 0 ? Self.otherArguments : Self.newArguments
            let a = try Running(firstArguments + ["--output", out.path])
            let b = try Running(secondArguments + ["--output", out.path])
            let ea = a.finish(), eb = b.finish()
            let now = Self.snapshot(out)
            let setA = attempt % 2 == 0 ? new : other, setB = attempt % 2 == 0 ? other : new
            let context = Comment(rawValue: "attempt \(attempt): first exit \(ea.status) \(ea.stderr), second exit \(eb.status) \(eb.stderr)")
            switch (ea.status, eb.status) {
            case (0, 0):
                // Serialised: the second claimed the folder after the first had finished.
                #expect(now == setA || now == setB, context)
            case (0, _):
                #expect(eb.status == 74, context)
                #expect(eb.stderr == Self.busyMessage(out, pid: a.pid), context)
                #expect(now == setA, context)
            case (_, 0):
                #expect(ea.status == 74, context)
                #expect(ea.stderr == Self.busyMessage(out, pid: b.pid), context)
                #expect(now == setB, context)
            default:
                Issue.record("neither run wrote the folder; \(context)")
            }
            #expect(Self.leftovers(dir).isEmpty, "left beside the folder: \(Self.leftovers(dir)); \(context)")
        }
    }

    /// Deterministic: the first run holds the lock from before its simulation until it exits, so a
    /// second run started while it simulates, or while it writes (paused), is refused at once.
    @Test func secondRunIsRefusedWhileTheFirstHoldsTheLock() throws {
        let (old, new, _) = Self.references
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        let lock = dir.appendingPathComponent(".results.lock")
        try Self.restore(old, at: out)
        let first = try Running(Self.newArguments + ["--output", out.path], environment: ["CLVLAB_FAULT_WRITE_PAUSE_MS": "\(Self.pauseMilliseconds)"])
        // The lock is taken before the simulation starts.
        let deadline = Date().addingTimeInterval(30)
        while (try? String(contentsOf: lock, encoding: .utf8)) != "\(first.pid)\n" && Date() < deadline { usleep(1_000) }
        let staging = dir.appendingPathComponent(".results.new-\(first.pid)")
        var refusals = [(String, Int32, String)]()
        let early = try Running(Self.otherArguments + ["--output", out.path]).finish()
        refusals.append((FileManager.default.fileExists(atPath: staging.path) ? "writing" : "simulating", early.status, early.stderr))
        while !FileManager.default.fileExists(atPath: staging.path) && Date() < deadline { usleep(1_000) }
        let late = try Running(Self.otherArguments + ["--output", out.path]).finish()
        refusals.append(("writing", late.status, late.stderr))
        #expect(first.process.isRunning, "the first run ended before the second was started")
        for (phase, status, stderr) in refusals {
            #expect(status == 74, "refused while the first was \(phase): \(stderr)")
            #expect(stderr == Self.busyMessage(out, pid: first.pid), "while \(phase)")
        }
        let end = first.finish()
        #expect(end.status == 0, Comment(rawValue: end.stderr))
        #expect(Self.snapshot(out) == new)
        #expect(Self.leftovers(dir).isEmpty, "left: \(Self.leftovers(dir))")
    }

    // MARK: 4. Stale and live locks

    @Test func staleLockIsTakenOverAndLiveLockRefused() throws {
        let (old, new, _) = Self.references
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        let lock = dir.appendingPathComponent(".results.lock")

        // A pid that ran and is gone; its staging folder is left too (a run killed with SIGKILL).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = gone.processIdentifier
        #expect(kill(dead, 0) != 0, "pid \(dead) was reused at once")
        for content in ["\(dead)\n", ""] {  // "" : a holder that died between open(2) and write(2)
            try Self.restore(old, at: out)
            try Data(content.utf8).write(to: lock)
            let stale = dir.appendingPathComponent(".results.new-\(dead)")
            try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
            try Data("half a summary".utf8).write(to: stale.appendingPathComponent("summary.json"))
            let end = try Running(Self.newArguments + ["--output", out.path]).finish()
            #expect(end.status == 0, "lock \(content.debugDescription): \(end.stderr)")
            #expect(Self.snapshot(out) == new, "lock \(content.debugDescription)")
            #expect(Self.leftovers(dir).isEmpty, "left: \(Self.leftovers(dir))")
        }

        // A live pid that is not clvlab (this test process): refused, and its lock is left alone.
        try Self.restore(old, at: out)
        let mine = "\(getpid())\n"
        try Data(mine.utf8).write(to: lock)
        let end = try Running(Self.newArguments + ["--output", out.path]).finish()
        #expect(end.status == 74)
        #expect(end.stderr == Self.busyMessage(out, pid: getpid()))
        #expect(Self.snapshot(out) == old)
        #expect((try? String(contentsOf: lock, encoding: .utf8)) == mine, "the live holder's lock was touched")
        try FileManager.default.removeItem(at: lock)
        #expect(Self.leftovers(dir).isEmpty, "left: \(Self.leftovers(dir))")
    }

    // MARK: 5. An --output that cannot be a results folder fails before the simulation

    @Test func unusableOutputFailsBeforeTheSimulation() throws {
        let dir = CLI.temporaryDirectory()
        defer {
            chmod(dir.appendingPathComponent("locked").path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        let file = dir.appendingPathComponent("scores.csv")
        try Data("id,score\n".utf8).write(to: file)
        let notes = dir.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: notes.appendingPathComponent("todo.txt"))
        var cases: [(path: String, why: String)] = [
            (file.path, "it is a file, not a folder"),
            (file.appendingPathComponent("sub/results").path, "cannot create \(file.appendingPathComponent("sub").path): \(file.path) is a file, not a folder"),
            (notes.path, "it holds 'todo.txt', which clvlab did not write"),
        ]
        #if os(Linux)
        // A place no one may create files in, root included: procfs.
        cases.append(("/proc/clvlab-results", "cannot create the lock file /proc/.clvlab-results.lock"))
        #endif
        // Permission bits do not stop root.
        if getuid() != 0 {
            let locked = dir.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            chmod(locked.path, 0o555)
            cases.append((locked.appendingPathComponent("results").path, "is not writable"))
        }
        // 3M customers take seconds to simulate even in a release build; each refusal must come
        // before any of that.
        for (path, why) in cases {
            let started = Date()
            let end = try Running(["simulate", "scenarios/demo.yaml", "--customers", "3000000", "--output", path, "-q"]).finish()
            let elapsed = Date().timeIntervalSince(started)
            #expect(end.status == 74, "\(path): \(end.stderr)")
            #expect(end.stderr.hasPrefix("error: cannot write results to \(path): "), "\(end.stderr)")
            #expect(end.stderr.contains(why), "\(end.stderr)")
            #expect(elapsed < 1.5, "\(path) refused after \(elapsed) s: the check came after the simulation")
        }
        #expect(try Data(contentsOf: file) == Data("id,score\n".utf8))
        #expect(try Data(contentsOf: notes.appendingPathComponent("todo.txt")) == Data("keep me".utf8))
        #expect(Self.leftovers(dir).isEmpty, "left: \(Self.leftovers(dir))")
    }

    // MARK: Helpers

    static func busyMessage(_ out: URL, pid: Int32) -> String {
        "error: cannot write results to \(out.path): another clvlab (pid \(pid)) is writing there; wait for it to finish or choose another --output\n"
    }

    /// Every file and folder under `folder`, hidden ones included.
    static func snapshot(_ folder: URL) -> FileSet {
        var set = FileSet()
        guard let walk = FileManager.default.enumerator(atPath: folder.path) else { return set }
        while let relative = walk.nextObject() as? String {
            let url = folder.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            set[isDirectory.boolValue ? relative + "/" : relative] = isDirectory.boolValue ? Data() : (try? Data(contentsOf: url)) ?? Data("<unreadable>".utf8)
        }
        return set
    }

    static func fileCount(_ folder: URL) -> Int {
        snapshot(folder).keys.filter { !$0.hasSuffix("/") }.count
    }

    /// Put a reference set in place as the earlier results.
    static func restore(_ set: FileSet, at folder: URL) throws {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (relative, data) in set.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(relative)
            if relative.hasSuffix("/") {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } else {
                try data.write(to: url)
            }
        }
    }

    /// Staging folders, temporaries and locks anywhere under `dir`.
    static func leftovers(_ dir: URL) -> [String] {
        let names = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String]) ?? []
        return names.filter {
            let name = ($0 as NSString).lastPathComponent
            return name.contains(".new-") || name.contains(".tmp-") || name.hasSuffix(".lock") || name.hasSuffix(".old")
        }.sorted()
    }

    /// Which files of `now` match the earlier set, the later set, or neither.
    static func describe(_ now: FileSet, old: FileSet, new: FileSet) -> String {
        now.keys.sorted().map { key in
            "\(key)=\(now[key] == new[key] ? "new" : now[key] == old[key] ? "old" : "neither")"
        }.joined(separator: " ") + "; missing \(Set(old.keys).union(new.keys).subtracting(now.keys).sorted())"
    }
}

/// The binary running as a child process, with `environment` added to this process's.
struct Running {
    let process = Process()
    let stderr = Pipe()
    var pid: Int32 { process.processIdentifier }

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.repository
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
    }

    /// Wait for the exit; stderr is read first so a long message cannot block the child.
    func finish() -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
        let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, text)
    }
}
