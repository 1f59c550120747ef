// Summary benchmark: a 10,000,000-row transaction log (CSV, ~260 MB, about a million customers;
// written once to a temporary folder in set-up and removed in tear-down) read and summarised
// into frequency, recency, T, monetary value and a holdout split — what `clvlab summarize LOG
// --calibration-end 2024-06-30` does before printing: the file streamed in 8 MiB chunks through
// `TransactionReader`, then `RFMSummary(transactions:options:)`.
import Benchmark
import CLVModels
import Foundation
import SyntheticData

let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal]

let rows = 10_000_000

struct LogFile: Sendable {
    var folder: URL
    var file: URL
    var written: TransactionLogFile.Written
}

/// Set in set-up, read in tear-down (both run once, on one thread).
nonisolated(unsafe) var logFolder: URL?

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Summarize a 10M-row transaction log (read + RFM summary)",
        // ~20–40 s an iteration on 2 cores: no warm-up (the file is in the page cache from being
        // written), three measured runs.
        configuration: .init(metrics: metrics, timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(60), maxIterations: 3)
    ) { (benchmark: Benchmark, log: LogFile) in
        do {
            guard let handle = FileHandle(forReadingAtPath: log.file.path) else {
                benchmark.error("cannot read \(log.file.path)")
                return
            }
            defer { try? handle.close() }
            var reader = try TransactionReader(format: TransactionLogFormat())
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { try reader.feed(chunk) }
            let parsed = try reader.finish()
            let options = SummaryOptions(period: .week, calibrationEnd: CivilDay(year: 2024, month: 6, day: 30)!)
            let summary = try RFMSummary(transactions: parsed.transactions, options: options)
            if !parsed.badRows.isEmpty || parsed.transactions.count != log.written.rows
                || summary.customers.count + summary.customersFirstSeenInHoldout != log.written.customers {
                benchmark.error("unexpected summary: \(parsed.transactions.count) rows, \(parsed.badRows.count) bad, \(summary.customers.count) customers")
            }
            blackHole(summary.customers.count)
        } catch {
            benchmark.error("summary failed: \(error)")
        }
    } setup: {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        logFolder = folder
        let file = folder.appendingPathComponent("transactions-10M.csv")
        return LogFile(folder: folder, file: file, written: try TransactionLogFile.write(rows: rows, to: file))
    } teardown: {
        if let logFolder { try? FileManager.default.removeItem(at: logFolder) }
    }
}
