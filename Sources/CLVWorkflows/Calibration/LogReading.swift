import CLVModels
import Foundation

/// How to read a transaction log, as a user states it (`--customer-col 2`, `--delimiter tab`,
/// `--date-format d/M/yyyy`, `--period week`, …): the values behind summarize, fit and score.
public struct LogReading: Sendable, Equatable {
    public var customerColumn = "customer_id"
    public var dateColumn = "date"
    public var amountColumn = "amount"
    /// `iso` (yyyy-MM-dd), `compact` (yyyyMMdd) or a pattern such as `d/M/yyyy`.
    public var dateFormat = "iso"
    /// comma, semicolon, tab, whitespace or one character.
    public var delimiter = "comma"
    public var hasHeader = true
    /// A known layout instead of the column options: cdnow-sample or cdnow-master.
    public var preset: String?
    public var period = "week"
    /// Last day of the calibration period (yyyy-MM-dd); later purchases form the holdout.
    public var calibrationEnd: String?
    /// Last day observed (default: the last purchase in the log).
    public var observationEnd: String?
    /// Keep several purchases on one day as separate purchases (the literature merges them).
    public var keepSameDay = false
    /// The zone whose calendar days timestamps are counted in (`--time-zone`); nil: dates as written.
    public var timeZone: String?

    public init() {}

    /// The log's layout.
    public func format() throws -> TransactionLogFormat {
        switch preset {
        case "cdnow-sample"?: return .cdnowSample
        case "cdnow-master"?: return .cdnowMaster
        case let other?: throw InputProblem("--preset: expected cdnow-sample or cdnow-master, found '\(other)'")
        case nil: break
        }
        var parsedFormat: DateFormat
        do { parsedFormat = try DateFormat(named: dateFormat) } catch { throw InputProblem("--date-format: \(error)") }
        if let timeZone {
            guard let zone = LogTimeZone(timeZone) else {
                throw InputProblem("--time-zone: expected UTC, an offset such as +02:00 or an IANA zone such as Europe/Paris, found '\(timeZone)'")
            }
            parsedFormat = parsedFormat.inZone(zone)
        }
        return TransactionLogFormat(customer: Calibration.column(customerColumn), date: Calibration.column(dateColumn),
                                    amount: Calibration.column(amountColumn), delimiter: try Calibration.delimiter(delimiter),
                                    dateFormat: parsedFormat, hasHeader: hasHeader)
    }

    /// How the log becomes a per-customer summary (period unit, same-day merging, windows).
    public func summaryOptions() throws -> SummaryOptions {
        guard let unit = CLVModels.PeriodUnit(rawValue: period) else {
            throw InputProblem("--period: expected day, week, month, quarter or year, found '\(period)'")
        }
        return SummaryOptions(period: unit, mergeSameDay: !keepSameDay,
                              calibrationEnd: try calibrationEnd.map { d in try Calibration.day(d, option: "--calibration-end") },
                              observationEnd: try observationEnd.map { d in try Calibration.day(d, option: "--observation-end") })
    }

    /// Read and summarise `path`; bad rows are logged as warnings with line numbers (the first
    /// 20, then a count), never silently dropped.
    public func summarize(_ path: String, log: WorkflowLog) throws -> (RFMSummary, [Transaction]) {
        let (summary, bad, transactions, returns) = try Calibration.summarize(path: path, format: try format(), options: try summaryOptions())
        if let first = returns.first {
            log.warning("\(path): \(returns.count) rows with a negative amount (returns) set aside, first at line \(first): they are not purchases")
        }
        for row in bad.prefix(20) { log.warning("\(path): \(row)") }
        if bad.count > 20 { log.warning("\(path): \(bad.count - 20) more bad rows skipped") }
        if !bad.isEmpty { log.warning("\(path): \(bad.count) bad rows skipped, \(transactions.count) used") }
        return (summary, transactions)
    }
}
