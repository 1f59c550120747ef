import ArgumentParser
import CLVReport
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
        let path = URL(fileURLWithPath: results).appendingPathComponent("summary.json")
        let summary: Summary
        do {
            summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: path))
        } catch {
            FileHandle.standardError.write(Data("error: \(path.path): not a readable clvlab summary: \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        do { try ResultsWriter.writeReports(summary, to: results) } catch {
            FileHandle.standardError.write(Data("error: cannot write the report to \(results): \(error.localizedDescription)\n".utf8))
            throw ExitCode(74)
        }
        print("\(results)/report.html")
    }
}
