import ArgumentParser
import CLVWorkflows
import Foundation

/// How to read a transaction log: shared by summarize, fit and score.
struct TransactionOptions: ParsableArguments {
    @Option(help: "Customer column: a header name or a 1-based column number.") var customerCol = "customer_id"
    @Option(help: "Date column: a header name or a 1-based column number.") var dateCol = "date"
    @Option(help: "Amount column: a header name or a 1-based column number.") var amountCol = "amount"
    @Option(help: "Date format: iso (ISO 8601: yyyy-MM-dd, with or without a time such as T08:26:00 and an offset such as Z or +01:00), compact (yyyyMMdd), epoch or epoch-ms (seconds or milliseconds since 1970, UTC), or a pattern such as d/M/yyyy or \"yyyy-MM-dd HH:mm:ss\" (fields yyyy MM M dd d HH H mm ss S… X XX XXX).") var dateFormat = "iso"
    @Option(help: "Count days in this time zone (UTC, +02:00 or an IANA name such as Europe/Paris): timestamps with an offset, and epoch times, move to its clock; those without one are taken as in it. Default: dates as written.") var timeZone: String?
    @Option(help: "Field delimiter: comma, semicolon, tab, whitespace or one character.") var delimiter = "comma"
    @Flag(help: "The log has no header line (columns by number).") var noHeader = false
    @Option(help: "A known layout instead of the column options: cdnow-sample or cdnow-master.") var preset: String?
    @Option(help: "Period unit of frequency, recency and T: day, week, month, quarter or year (7, 365.25/12, 365.25/4, 365.25 days).") var period = "week"
    @Option(help: "Last day of the calibration period (yyyy-MM-dd); later purchases form the holdout.") var calibrationEnd: String?
    @Option(help: "Last day observed (yyyy-MM-dd; default: the last purchase in the log).") var observationEnd: String?
    @Flag(help: "Keep several purchases on one day as separate purchases (the literature merges them).") var keepSameDay = false

    /// The reading options as the workflows take them.
    var reading: LogReading {
        var r = LogReading()
        r.customerColumn = customerCol; r.dateColumn = dateCol; r.amountColumn = amountCol
        r.dateFormat = dateFormat; r.delimiter = delimiter; r.hasHeader = !noHeader; r.preset = preset
        r.period = period; r.calibrationEnd = calibrationEnd; r.observationEnd = observationEnd; r.keepSameDay = keepSameDay
        r.timeZone = timeZone
        return r
    }
}

/// Print an input problem and exit 1.
func inputError(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(1)
}

/// Write to --output atomically, or to stdout.
func emit(_ text: String, to output: String?) throws {
    guard let output else { print(text, terminator: ""); return }
    let url = URL(fileURLWithPath: output)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ResultsWriter.writeAtomically(Data(text.utf8), to: url)
    } catch {
        FileHandle.standardError.write(Data("error: cannot write \(output): \(error.localizedDescription)\n".utf8))
        throw ExitCode(74)
    }
}
