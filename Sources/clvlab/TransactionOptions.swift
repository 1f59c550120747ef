import ArgumentParser
import CLVModels
import CLVReport
import CLVWorkflows
import Foundation

/// How to read a transaction log: shared by summarize, fit and score.
struct TransactionOptions: ParsableArguments {
    @Option(help: "Customer column: a header name or a 1-based column number.") var customerCol = "customer_id"
    @Option(help: "Date column: a header name or a 1-based column number.") var dateCol = "date"
    @Option(help: "Amount column: a header name or a 1-based column number.") var amountCol = "amount"
    @Option(help: "Date format: iso (yyyy-MM-dd), compact (yyyyMMdd) or a pattern such as d/M/yyyy.") var dateFormat = "iso"
    @Option(help: "Field delimiter: comma, semicolon, tab, whitespace or one character.") var delimiter = "comma"
    @Flag(help: "The log has no header line (columns by number).") var noHeader = false
    @Option(help: "A known layout instead of the column options: cdnow-sample or cdnow-master.") var preset: String?
    @Option(help: "Period unit of frequency, recency and T: day, week or month (7 days, 365.25/12 days).") var period = "week"
    @Option(help: "Last day of the calibration period (yyyy-MM-dd); later purchases form the holdout.") var calibrationEnd: String?
    @Option(help: "Last day observed (yyyy-MM-dd; default: the last purchase in the log).") var observationEnd: String?
    @Flag(help: "Keep several purchases on one day as separate purchases (the literature merges them).") var keepSameDay = false

    func format() throws -> TransactionLogFormat {
        switch preset {
        case "cdnow-sample"?: return .cdnowSample
        case "cdnow-master"?: return .cdnowMaster
        case let other?: throw Calibration.Problem("--preset: expected cdnow-sample or cdnow-master, found '\(other)'")
        case nil: break
        }
        let dateFormat: DateFormat
        switch self.dateFormat {
        case "iso": dateFormat = .iso
        case "compact": dateFormat = .compact
        default:
            do { dateFormat = try DateFormat(self.dateFormat) } catch { throw Calibration.Problem("--date-format: \(error)") }
        }
        return TransactionLogFormat(customer: Calibration.column(customerCol), date: Calibration.column(dateCol),
                                    amount: Calibration.column(amountCol), delimiter: try Calibration.delimiter(delimiter),
                                    dateFormat: dateFormat, hasHeader: !noHeader)
    }

    func options() throws -> SummaryOptions {
        guard let unit = CLVModels.PeriodUnit(rawValue: period) else {
            throw Calibration.Problem("--period: expected day, week or month, found '\(period)'")
        }
        return SummaryOptions(period: unit, mergeSameDay: !keepSameDay,
                              calibrationEnd: try calibrationEnd.map { try Calibration.day($0, option: "--calibration-end") },
                              observationEnd: try observationEnd.map { try Calibration.day($0, option: "--observation-end") })
    }

    /// Read and summarise; bad rows go to stderr with line numbers (the first 20, then a count).
    func summarize(_ path: String) throws -> (RFMSummary, [Transaction]) {
        do {
            let (summary, bad, transactions) = try Calibration.summarize(path: path, format: try format(), options: try options())
            for row in bad.prefix(20) { FileHandle.standardError.write(Data("warning: \(path): \(row)\n".utf8)) }
            if bad.count > 20 { FileHandle.standardError.write(Data("warning: \(path): \(bad.count - 20) more bad rows skipped\n".utf8)) }
            if !bad.isEmpty { FileHandle.standardError.write(Data("warning: \(path): \(bad.count) bad rows skipped, \(transactions.count) used\n".utf8)) }
            return (summary, transactions)
        } catch let error as Calibration.Problem {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
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
