import Foundation
import Testing

/// SIGINT / SIGTERM stop a run within a second, exit 130 / 143, leave no temporary file and
/// leave earlier results untouched.
@Suite(.serialized) struct InterruptTests {
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptedRunLeavesEarlierResultsIntact(_ signal: Int32, _ expected: Int32) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results").path
        let first = try CLI.run(["simulate", "scenarios/textbook-subscription.yaml", "--output", out, "-q"])
        #expect(first.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("summary.json"))

        // A run long enough to be interrupted (several seconds on 2 cores).
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["simulate", "scenarios/demo.yaml", "--customers", "3000000", "--replications", "4", "--output", out, "-q"]
        process.currentDirectoryURL = CLI.repository
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        #expect(process.isRunning, "the run finished before it could be interrupted")
        let sent = Date()
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 1.0)
        // stderr is a pipe here, not a terminal: the plain message, no escape codes.
        #expect(stderr == "clvlab: interrupted (\(signal == SIGINT ? "SIGINT" : "SIGTERM")); no partial results were written\n")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == expected)
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(!files.contains { $0.contains(".tmp-") }, "temporary files left: \(files)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("summary.json")) == before)
    }

    @Test func runTooLargeForMemoryIsRefusedWithTheEstimate() throws {
        let r = try CLI.run(["simulate", "scenarios/demo.yaml", "--customers", "900000000"])
        #expect(r.status == 1)
        // 3.6e9 rows; demo's 3 variants (2 with campaign costs), 2 segments: the bootstrap phase is
        // the largest, 52 + 2 × 76 = 204 bytes a row, plus 30 MiB → 684.0 GiB (MemoryEstimate.bytes).
        #expect(r.stderr.hasPrefix("error: this run needs about 684.0 GiB of memory (900000000 customers × 4 replications × 3 variants)"))
        #expect(r.stderr.contains("--customers"))
    }
}
