import CLVReport
import CLVSimulation
import Foundation

/// Writes a results folder (DESIGN.md §7). Each file is written to a temporary name in the same
/// folder and renamed into place, so a reader never sees a half-written file and an interrupted
/// run leaves earlier results intact.
public enum ResultsWriter {
    public static func write(_ result: SimulationResult, summary: Summary, to directory: String) throws {
        try write(summary: summary, periods: CSVRendering.periods(result), to: directory)
    }

    /// The results folder of a `--streaming` run (the same files).
    public static func write(_ result: StreamingResult, summary: Summary, to directory: String) throws {
        try write(summary: summary, periods: CSVRendering.periods(result), to: directory)
    }

    static func write(summary: Summary, periods: String, to directory: String) throws {
        let dir = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try writeAtomically(JSONRendering.render(summary), to: dir.appendingPathComponent("summary.json"))
        try writeAtomically(Data(CSVRendering.variants(summary).utf8), to: dir.appendingPathComponent("variants.csv"))
        try writeAtomically(Data(periods.utf8), to: dir.appendingPathComponent("periods.csv"))
        try writeReports(summary, to: directory)
    }

    /// `report.html`, `report.md` and `charts/*.svg`, from the summary alone.
    public static func writeReports(_ summary: Summary, to directory: String) throws {
        let dir = URL(fileURLWithPath: directory, isDirectory: true)
        let charts = dir.appendingPathComponent("charts", isDirectory: true)
        try FileManager.default.createDirectory(at: charts, withIntermediateDirectories: true)
        for chart in ReportCharts.all(summary) {
            try writeAtomically(Data(chart.svg.utf8), to: charts.appendingPathComponent("\(chart.id).svg"))
        }
        try writeAtomically(Data(MarkdownReport.render(summary).utf8), to: dir.appendingPathComponent("report.md"))
        try writeAtomically(Data(HTMLReport.render(summary).utf8), to: dir.appendingPathComponent("report.html"))
    }

    /// Write `data` to `.name.tmp-PID` beside `url`, then rename(2) over `url` (atomic on POSIX).
    /// The temporary name is registered in ``TemporaryFiles`` while it exists, so an interrupt
    /// handler can remove it.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        TemporaryFiles.shared.register(temp.path)
        defer { TemporaryFiles.shared.unregister(temp.path) }
        do {
            try data.write(to: temp)
            if rename(temp.path, url.path) != 0 {
                let code = errno
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot move \(temp.path) to \(url.path): \(String(cString: strerror(code)))"])
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }
}

/// Temporary files being written, for removal when the process is interrupted.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths = Set<String>()

    func register(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func unregister(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }

    /// Remove every registered file (async-signal-safe enough for a handler running on a
    /// dispatch queue: no allocation beyond the copy of the set).
    public func removeAll() {
        lock.lock()
        let current = paths
        lock.unlock()
        for p in current { unlink(p) }
    }
}
