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
        let summary = try loadSummary(resultsFolder: results)
        do { try ResultsWriter.writeReports(summary, to: results) } catch {
            FileHandle.standardError.write(Data("error: cannot write the report to \(results): \(error.localizedDescription)\n".utf8))
            throw ExitCode(74)
        }
        print("\(results)/report.html")
    }
}

/// The summary.json of a results folder written by clvlab simulate; exit 1 when unreadable.
func loadSummary(resultsFolder: String) throws -> Summary {
    let path = URL(fileURLWithPath: resultsFolder).appendingPathComponent("summary.json")
    do {
        return try JSONDecoder().decode(Summary.self, from: Data(contentsOf: path))
    } catch {
        throw inputError("\(path.path): not a readable clvlab summary: \(error.localizedDescription)")
    }
}
