import Foundation
import Testing

/// Every example in every `--help` runs as written and exits 0 (issue: a help example named a
/// model file that does not exist). Examples are read from `--experimental-dump-help` (the
/// discussion text unwrapped) and run with bash in a scratch copy of the repository's layout
/// (data/, scenarios/ linked, notebooks-md/ copied), in the order the commands are listed, so
/// examples that read what an earlier one wrote (fit → score, simulate → compare) work as a
/// user following the help would find them.
@Suite struct HelpExampleTests {
    struct Command: Decodable {
        var commandName: String
        var discussion: String?
        var subcommands: [Command]?
    }
    struct Dump: Decodable { var command: Command }

    /// The indented lines of a discussion that run clvlab, with `\` continuations joined.
    static func examples(_ discussion: String) -> [String] {
        var out: [String] = [], pending = ""
        for raw in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !pending.isEmpty {
                pending += " " + line
            } else if raw.hasPrefix("  "), line.hasPrefix("clvlab ") || (line.hasPrefix("for ") && line.contains("clvlab ")) {
                pending = line
            } else {
                continue
            }
            if pending.hasSuffix("\\") { pending.removeLast(); continue }
            out.append(pending)
            pending = ""
        }
        return out
    }

    static func all(_ c: Command) -> [(String, String)] {
        examples(c.discussion ?? "").map { (c.commandName, $0) } + (c.subcommands ?? []).flatMap(all)
    }

    @Test func everyHelpExampleRunsFromTheRepositoryLayout() throws {
        let dump = try JSONDecoder().decode(Dump.self, from: Data(try CLI.run(["--experimental-dump-help"]).stdout.utf8))
        let examples = Self.all(dump.command)
        #expect(examples.count >= 15, "examples found: \(examples.map(\.1))")
        let scratch = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fm = FileManager.default
        for linked in ["data", "scenarios"] {
            try fm.createSymbolicLink(at: scratch.appendingPathComponent(linked), withDestinationURL: CLI.repository.appendingPathComponent(linked))
        }
        try fm.copyItem(at: CLI.repository.appendingPathComponent("notebooks-md"), to: scratch.appendingPathComponent("notebooks-md"))
        let bin = CLI.binary.deletingLastPathComponent().path
        for (command, example) in examples {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", example]
            process.currentDirectoryURL = scratch
            var env = ProcessInfo.processInfo.environment
            env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            env["CLVLAB_QUIET"] = "1"
            process.environment = env
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "clvlab \(command) --help example failed: \(example)\n\(stderr)")
        }
    }
}
