import CLVModels
import Foundation

/// Reading transaction logs, shared by summarize, fit, score and scenario populations: column
/// references, delimiters and dates as a user writes them, and the streamed summary of a log.
public enum Calibration {
    public typealias Problem = InputProblem

    /// A column given on the command line: a 1-based number or a header name.
    public static func column(_ text: String) -> ColumnReference {
        if let i = Int(text), i >= 1 { return .index(i - 1) }
        return .name(text)
    }

    public static func delimiter(_ text: String) throws -> FieldDelimiter {
        switch text {
        case "comma", ",": return .comma
        case "semicolon", ";": return .semicolon
        case "tab", "\\t": return .tab
        case "whitespace", "space": return .whitespace
        default:
            guard text.utf8.count == 1, let b = text.utf8.first else {
                throw Problem("--delimiter: expected comma, semicolon, tab, whitespace or a single character, found '\(text)'")
            }
            return .character(b)
        }
    }

    public static func day(_ text: String, option: String) throws -> CivilDay {
        guard let d = DateFormat.iso.parse(text) ?? DateFormat.compact.parse(text) else {
            throw Problem("\(option): expected a date as yyyy-MM-dd, found '\(text)'")
        }
        return d
    }

    /// Read a transaction log in 8 MiB chunks (a multi-gigabyte log never sits in memory as
    /// text); bad rows are returned, not thrown. Rows with a negative amount are returns: they
    /// are not purchase occasions, so they are set aside and reported as bad rows.
    public static func summarize(path: String, format: TransactionLogFormat, options: SummaryOptions) throws -> (RFMSummary, [BadRow], [Transaction]) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Problem("\(path): cannot read the file") }
        defer { try? handle.close() }
        var log: TransactionLog
        do {
            var reader = try TransactionReader(format: format)
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty { try reader.feed(chunk) }
            log = try reader.finish()
        } catch let error as TransactionLogError {
            throw Problem("\(path): \(error)\(headerHint(path: path, format: format))")
        } catch {
            throw Problem("\(path): cannot read the file: \(error.localizedDescription)")
        }
        let returns = log.transactions.filter { $0.amount < 0 }.count
        if returns > 0 {
            log.transactions.removeAll { $0.amount < 0 }
            log.badRows.append(BadRow(line: 0, reason: "\(returns) rows with a negative amount (returns) set aside: they are not purchases"))
        }
        guard !log.transactions.isEmpty else {
            throw Problem("\(path): no valid transaction rows" + (log.badRows.first.map { " (first problem: \($0))" } ?? ""))
        }
        do {
            return (try RFMSummary(transactions: log.transactions, options: options), log.badRows, log.transactions)
        } catch { throw Problem("\(path): \(error)") }
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
