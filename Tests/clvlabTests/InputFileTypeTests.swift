import Foundation
import Testing

/// Every reader refuses a path that is not a regular text file with words saying what it is,
/// through the one shared check (`InputFile`), and a FIFO never blocks.
@Suite(.serialized) struct InputFileTypeTests {
    /// `clvlab ARGS` under `timeout`, so that a reader blocking on a FIFO fails the test (124)
    /// instead of hanging it.
    static func runBounded(_ arguments: [String]) throws -> CLI.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["20", CLI.binary.path] + arguments
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Output(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// (name, how to make it in `dir`, expected reason after "PATH: ").
    static let kinds: [(String, @Sendable (URL) throws -> String, String)] = [
        ("directory", { dir in dir.path }, "is a directory, not a file"),
        ("fifo", { dir in let p = dir.appendingPathComponent("pipe").path; #expect(mkfifo(p, 0o600) == 0); return p },
         "is a FIFO (named pipe), not a regular file: write its contents to a file first"),
        ("character device", { _ in "/dev/zero" }, "is a character device, not a regular file"),
        ("symlink loop", { dir in
            let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
            try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
            try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
            return a
        }, "is a symbolic link loop (the links never reach a file)"),
        ("missing", { dir in dir.appendingPathComponent("none.csv").path }, "no such file"),
        ("gzip", { dir in
            let p = dir.appendingPathComponent("log.csv.gz")
            // The first bytes of `printf 'customer_id,date,amount\n' | gzip`.
            try Data([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x2e]).write(to: p)
            return p.path
        }, "is gzip-compressed: decompress it first (gunzip PATH)"),
        ("binary", { dir in
            let p = dir.appendingPathComponent("log.bin")
            try (Data("customer_id,date,amount\n".utf8) + Data([0, 1, 2, 0])).write(to: p)
            return p.path
        }, "is a binary file, not text"),
    ]

    /// Each command with the position of its input file.
    static let commands: [(String, @Sendable (String) -> [String], String)] = [
        ("summarize", { ["summarize", $0] }, "error: PATH: "),
        ("fit log", { ["fit", $0, "--model", "bgnbd"] }, "error: PATH: "),
        ("fit summary", { ["fit", "--summary", $0, "--model", "bgnbd"] }, "error: PATH: "),
        ("compare observed", { ["compare", "--observed", $0] }, "error: PATH: "),
        ("score model", { ["score", "--model", $0, "Tests/CLVModelsTests/Fixtures/CDNOW_sample.txt", "--preset", "cdnow-sample"] }, "error: PATH: "),
    ]

    @Test(arguments: kinds.indices, commands.indices)
    func refusedWithWhatThePathIs(_ k: Int, _ c: Int) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (kind, make, reason) = Self.kinds[k]
        let (command, arguments, prefix) = Self.commands[c]
        let path = try make(dir)
        let r = try Self.runBounded(arguments(path))
        #expect(r.status == 1, "\(command) on \(kind): status \(r.status), \(r.stderr)")
        let message = (prefix + reason).replacingOccurrences(of: "PATH", with: path)
        #expect(r.stderr.hasPrefix(message), "\(command) on \(kind): \(r.stderr)")
    }

    @Test(arguments: kinds.indices)
    func scenarioRefusedWithWhatThePathIs(_ k: Int) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (kind, make, reason) = Self.kinds[k]
        let path = try make(dir)
        let r = try Self.runBounded(["validate", path])
        #expect(r.status != 0 && r.status != 124, "\(kind): status \(r.status)")
        #expect(r.stderr.contains(reason.replacingOccurrences(of: "PATH", with: path)), "\(kind): \(r.stderr)")
    }
}
