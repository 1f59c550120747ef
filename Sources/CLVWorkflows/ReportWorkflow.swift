import CLVReport
import Foundation

/// `clvlab report`: redraw `report.html`, `report.md` and `charts/` of a results folder from its
/// `summary.json` alone (e.g. after a renderer changed), without simulating again.
public struct ReportWorkflow: Sendable {
    /// A results folder written by `clvlab simulate` or `clvlab merge`.
    public var results: String

    public init(results: String) { self.results = results }

    /// Redraw the reports; the path of the HTML report.
    /// - Throws: ``WorkflowError``: an unreadable summary (input), an unwritable folder (output).
    public func run() throws -> String {
        let summary = try Self.loadSummary(resultsFolder: results)
        do { try ResultsWriter.writeReports(summary, to: results) } catch {
            throw WorkflowError(.output, "cannot write the report to \(results): \(error.localizedDescription)")
        }
        return "\(results)/report.html"
    }

    /// The `summary.json` of a results folder.
    public static func loadSummary(resultsFolder: String) throws -> Summary {
        let path = URL(fileURLWithPath: resultsFolder).appendingPathComponent("summary.json")
        do {
            // Old (camelCase), current (both) and future (snake_case only) summaries all read.
            return try JSONDecoder().decode(Summary.self, from: JSONKeyStyle.readable(Data(contentsOf: path)))
        } catch {
            throw WorkflowError(.input, "\(path.path): not a readable clvlab summary: \(error.localizedDescription)")
        }
    }
}
