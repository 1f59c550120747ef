import ArgumentParser
import CLVReport
import CLVWorkflows
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Redraw report.html, report.md and charts/ from a results folder's summary.json.",
        discussion: """
            Example:
              clvlab simulate scenarios/loyalty-programme.yaml --output results/loyalty
              clvlab report results/loyalty
            """)

    @Argument(help: "Results folder written by clvlab simulate.") var results: String

    func run() throws {
        do {
            print(try ReportWorkflow(results: results).run())
        } catch let error as WorkflowError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }
}

/// The summary.json of a results folder written by clvlab simulate; exit 1 when unreadable.
func loadSummary(resultsFolder: String) throws -> Summary {
    do {
        return try ReportWorkflow.loadSummary(resultsFolder: resultsFolder)
    } catch let error as WorkflowError {
        throw inputError(error.description)
    }
}
