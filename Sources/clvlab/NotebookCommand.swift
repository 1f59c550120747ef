import ArgumentParser
import CLVReport
import CLVWorkflows
import Foundation

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run or check executable Markdown notebooks (notebooks-md/).",
        discussion: """
            A notebook is Markdown with fenced ```clvlab blocks; each block's output is stored \
            under it between <!-- clvlab:output --> and <!-- clvlab:end --> markers. Commands run \
            in the current directory (run notebooks from the repository root).

            Examples:
              clvlab notebook run notebooks-md/quick-start.md
              clvlab notebook check notebooks-md/*.md
            """,
        subcommands: [Run.self, Check.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Execute every block and rewrite the outputs in place.")
        @Argument(help: "Notebook files.") var files: [String]

        func run() throws {
            for file in files {
                let notebook = try NotebookCommand.load(file)
                let (text, changed) = try notebook.run(NotebookCommand.execute)
                try ResultsWriter.writeAtomically(Data(text.utf8), to: URL(fileURLWithPath: file))
                FileHandle.standardError.write(Data("\(file): \(notebook.blocks.count) blocks run, \(changed.count) outputs updated\n".utf8))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Execute every block; exit 1 if a stored output is stale.")
        @Argument(help: "Notebook files.") var files: [String]

        func run() throws {
            var stale = 0
            for file in files {
                let notebook = try NotebookCommand.load(file)
                let (_, changed) = try notebook.run(NotebookCommand.execute)
                for k in changed {
                    FileHandle.standardError.write(Data("\(file): stale output: \(notebook.describe(k))\n".utf8))
                }
                if changed.isEmpty { print("\(file): ok (\(notebook.blocks.count) blocks)") }
                stale += changed.count
            }
            if stale > 0 {
                FileHandle.standardError.write(Data("\(stale) stale output(s); refresh with: clvlab notebook run FILE\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    static func load(_ file: String) throws -> Notebook { try Notebook.load(path: file) }

    /// Run `clvlab ARGS` with this very binary, quiet, capturing both streams.
    static func execute(_ args: [String]) throws -> Notebook.Execution {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["CLVLAB_QUIET"] = "1"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self), status: process.terminationStatus)
    }
}
