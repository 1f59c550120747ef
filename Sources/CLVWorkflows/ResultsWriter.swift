import CLVReport
import CLVSimulation
import Foundation

/// Writes a results folder (DESIGN.md §7) as one unit (``ResultsFolder``): every file goes into a
/// fresh sibling folder which is swapped in with one rename, so the folder always holds the
/// previous complete set or the new complete set, never a mix, whatever interrupts or fails.
/// Single files (`--output scores.csv`, shard parts) are written with ``writeAtomically(_:to:)``.
public enum ResultsWriter {
    /// - Parameter customerTable: also write `customers.csv` (the result must hold customer detail).
    public static func write(_ result: SimulationResult, summary: Summary, to directory: String, customerTable: Bool = false) throws {
        try write(summary: summary, periods: CSVRendering.periods(result), to: directory,
                  customers: customerTable ? { CustomerTable.render(result) } : nil)
    }

    /// The results folder of a `--streaming` run (the same files).
    public static func write(_ result: StreamingResult, summary: Summary, to directory: String) throws {
        try write(summary: summary, periods: CSVRendering.periods(result), to: directory)
    }

    static func write(summary: Summary, periods: String, to directory: String, customers: (() -> String)? = nil) throws {
        let folder = try ResultsFolder(URL(fileURLWithPath: directory, isDirectory: true))
        do {
            try folder.write(JSONRendering.render(summary), to: "summary.json")
            try folder.write(Data(CSVRendering.variants(summary).utf8), to: "variants.csv")
            let observed = summary.backtest?.periodRows(customers: summary.customers) ?? []
            try folder.write(Data((periods + observed.map { $0 + "\n" }.joined()).utf8), to: "periods.csv")
            if summary.comparisons.contains(where: { $0.decision != nil }) {
                try folder.write(Data(ComparisonsCSV.render(summary).utf8), to: "comparisons.csv")
            }
            if summary.reach != nil { try folder.write(Data(ReachRendering.csv(summary).utf8), to: "reach.csv") }
            if summary.replicationResults != nil { try folder.write(Data(ReplicationsCSV.render(summary).utf8), to: "replications.csv") }
            if let customers { try folder.write(Data(customers().utf8), to: "customers.csv") }
            try writeReports(summary, into: folder)
            try folder.commit()
        } catch {
            folder.abandon()
            throw error
        }
    }

    /// `report.html`, `report.md` and `charts/*.svg`, from the summary alone; the folder's other
    /// results are kept and the whole folder is swapped in as one unit.
    public static func writeReports(_ summary: Summary, to directory: String) throws {
        let folder = try ResultsFolder(URL(fileURLWithPath: directory, isDirectory: true))
        do {
            try folder.carryOver(except: ["charts", "report.md", "report.html"])
            try writeReports(summary, into: folder)
            try folder.commit()
        } catch {
            folder.abandon()
            throw error
        }
    }

    static func writeReports(_ summary: Summary, into folder: ResultsFolder) throws {
        for chart in ReportCharts.all(summary) {
            try folder.write(Data(chart.svg.utf8), to: "charts/\(chart.id).svg")
        }
        try folder.write(Data(MarkdownReport.render(summary).utf8), to: "report.md")
        try folder.write(Data(HTMLReport.render(summary).utf8), to: "report.html")
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

/// Temporary files and folders being written, for removal when the process is interrupted.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    /// Held while a results folder is swapped in, and by the interrupt handler from its start to
    /// the process's exit: the handler removes a staging folder either wholly before the swap
    /// or (holding the old set) after it, never while it moves.
    private let swapLock = NSLock()
    private var paths = Set<String>()
    private var directories = Set<String>()

    func register(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func unregister(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }
    func registerDirectory(_ path: String) { lock.lock(); directories.insert(path); lock.unlock() }
    func unregisterDirectory(_ path: String) { lock.lock(); directories.remove(path); lock.unlock() }

    func whileNotInterrupted<T>(_ body: () throws -> T) rethrows -> T {
        swapLock.lock(); defer { swapLock.unlock() }
        return try body()
    }

    /// Called at exit (``Interruption``): when the interrupt handler has started, wait for it (it
    /// holds the swap lock until its `_exit`), so that a run ending normally at the same moment
    /// cannot exit mid-cleanup and leave a temporary behind; the status is then the signal's.
    public func waitForInterruptHandler() {
        swapLock.lock()
        swapLock.unlock()
    }

    /// Remove every registered file and folder (the handler runs on a dispatch queue, not in a
    /// signal context, so FileManager is safe here). With `exiting`, the swap lock stays held so
    /// that no swap starts before the process exits.
    public func removeAll(exiting: Bool = false) {
        swapLock.lock()
        lock.lock()
        let current = paths, folders = directories
        lock.unlock()
        for p in current { unlink(p) }
        for d in folders { try? FileManager.default.removeItem(atPath: d) }
        if !exiting { swapLock.unlock() }
    }
}
