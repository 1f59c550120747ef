import ArgumentParser
import CLVReport

@main
struct CLVLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clvlab",
        abstract: "Test campaign ideas on synthetic customers: Monte Carlo customer-lifetime-value simulation.",
        discussion: """
            Exit codes: 0 success · 1 invalid input (scenario or data file) · 64 usage error · \
            74 cannot write results · 70 internal error.

            Start with:  clvlab simulate scenarios/demo.yaml --output results/demo
            """,
        version: CLVLabVersion.current,
        subcommands: [Simulate.self, Validate.self, Compare.self, Quick.self, Power.self, Report.self, NotebookCommand.self])
}
