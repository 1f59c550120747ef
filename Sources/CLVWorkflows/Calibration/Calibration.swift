import CLVModels
import Foundation
import Stochastic

/// Reading transaction logs, shared by summarize, fit, score and scenario populations: column
/// references, delimiters and dates as a user writes them, and the streamed summary of a log.
public enum Calibration {
    public typealias Problem = InputProblem

    /// A column given on the command line: a 1-based number or a header name.
    public static func column(_ text: String) -> ColumnReference { ColumnReference(option: text) }

    public static func delimiter(_ text: String) throws -> FieldDelimiter {
        guard let d = FieldDelimiter(named: text) else { throw Problem("--delimiter: expected \(FieldDelimiter.namesExpected), found '\(text)'") }
        return d
    }

    public static func day(_ text: String, option: String) throws -> CivilDay {
        guard let d = DateFormat.iso.parse(text) ?? DateFormat.compact.parse(text) else {
            throw Problem("\(option): expected a date as yyyy-MM-dd, found '\(text)'")
        }
        return d
    }

    /// Read a transaction log in 8 MiB chunks (a multi-gigabyte log never sits in memory as
    /// text); bad rows are returned, not thrown. Rows with a negative amount are returns: they
    /// are not purchase occasions, so they are set aside and their lines returned apart from the
    /// bad rows (reported once, never counted twice).
    public static func summarize(path: String, format: TransactionLogFormat, options: SummaryOptions) throws -> (RFMSummary, [BadRow], [Transaction], returnLines: [Int]) {
        let handle: FileHandle
        do { handle = try InputFile.handle(path) } catch { throw Problem(error.description) }
        defer { try? handle.close() }
        let log: TransactionLog
        do {
            var reader = try TransactionReader(format: format)
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { try reader.feed(chunk) }
            log = try reader.finish()
        } catch let error as TransactionLogError {
            if case .unterminatedQuote = error { throw Problem("\(path): \(error)") }
            throw Problem("\(path): \(error)\(headerHint(path: path, format: format))")
        } catch {
            throw Problem("\(path): cannot read the file: \(error.localizedDescription)")
        }
        guard !log.transactions.isEmpty else {
            let first = log.badRows.first.map { " (first problem: \($0))" }
                ?? log.returnLines.first.map { " (only returns: negative amounts from line \($0))" } ?? ""
            throw Problem("\(path): no valid transaction rows" + first)
        }
        do {
            return (try RFMSummary(transactions: log.transactions, options: options), log.badRows, log.transactions, log.returnLines)
        } catch { throw Problem("\(path): \(error)") }
    }

    /// Any input file's bytes, refused with what the path is (directory, FIFO, gzip, binary, …)
    /// for the commands whose module does not see ``InputFile``.
    public static func readInput(_ path: String) throws -> Data {
        do { return try InputFile.read(path) } catch { throw Problem(error.description) }
    }

    /// When a named column is missing, say what the header holds and whether another delimiter
    /// would split it.
    static func headerHint(path: String, format: TransactionLogFormat) -> String {
        guard format.hasHeader, let handle = FileHandle(forReadingAtPath: path),
              let head = try? handle.read(upToCount: 4096), let text = String(data: head, encoding: .utf8),
              let line = text.split(whereSeparator: \.isNewline).first else { return "" }
        var hint = "; the header is '\(line.prefix(200))'"
        let names = Set(line.split(whereSeparator: { ",;\t ".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if (names.contains("frequency") && names.contains("recency")) || (names.contains("x") && names.contains("t_x")) {
            // A per-customer summary given where a transaction log is expected.
            hint += "; it looks like a per-customer summary (frequency, recency, T), not a transaction log: for fit, pass it with --summary FILE"
        }
        for (symbol, name) in [(";", "semicolon"), ("\t", "tab"), (",", "comma")] where line.contains(symbol) {
            if case .character(let c) = format.delimiter, String(UnicodeScalar(c)) == symbol { continue }
            hint += "; it looks \(name)-separated: try --delimiter \(name)"
            break
        }
        return hint
    }

}
