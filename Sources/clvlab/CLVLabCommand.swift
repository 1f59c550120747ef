import ArgumentParser
import CLVReport
import CLVSimulation
import CLVWorkflows
import Foundation

@main
struct CLVLabCommand: AsyncParsableCommand {
    static func main() async {
        Interruption.install()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let problem as InputProblem {
            // Every workflow's input problem (a file, a column, an option's value): one line, exit 1.
            FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
            exit(withError: ExitCode(1))
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "clvlab",
        abstract: "Test campaign ideas on synthetic customers: Monte Carlo customer-lifetime-value simulation.",
        discussion: """
            Exit codes: 0 success · 1 invalid input (scenario or data file) or a run too large for \
            this machine's memory · 64 usage error · 74 cannot write results · 130/143 interrupted \
            by SIGINT/SIGTERM (no partial files left).

            Start with:  clvlab simulate scenarios/demo.yaml --output results/demo
            """,
        version: CLVLabVersion.current,
        subcommands: [Simulate.self, Merge.self, Validate.self, Compare.self, Summarize.self, Fit.self, Score.self, Expect.self, Quick.self, Power.self, Report.self, NotebookCommand.self])
}
