import CLVModels
import Foundation

/// The calibration side of the CLI as a library: transaction logs → summaries → fitted models
/// → per-customer scores, with their renderings.
public enum Calibration {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

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
        for (symbol, name) in [(";", "semicolon"), ("\t", "tab"), (",", "comma")] where line.contains(symbol) {
            if case .character(let c) = format.delimiter, String(UnicodeScalar(c)) == symbol { continue }
            hint += "; it looks \(name)-separated: try --delimiter \(name)"
            break
        }
        return hint
    }

    /// Per-customer summary as tidy CSV (lifetimes' column names plus holdout columns).
    public static func summaryCSV(_ s: RFMSummary, holdout: Bool) -> String {
        var rows = ["customer_id,frequency,recency,T,monetary_value,total_value" + (holdout ? ",holdout_frequency,holdout_value" : "")]
        rows.reserveCapacity(s.customers.count + 1)
        for c in s.customers {
            var r = "\(CSVRendering.field(c.customerID)),\(c.frequency),\(c.recency),\(c.age),\(c.monetaryValue),\(c.totalValue)"
            if holdout { r += ",\(c.holdoutFrequency),\(c.holdoutValue)" }
            rows.append(r)
        }
        return rows.joined(separator: "\n") + "\n"
    }

    public static func cohortCSV(_ t: CohortRetentionTable) -> String {
        var rows = ["cohort,start,size,period,active,retention"]
        for c in t.cohorts {
            for (k, a) in c.active.enumerated() { rows.append("\(c.index),\(c.start),\(c.size),\(k),\(a),\(c.retention[k])") }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A ready summary file: columns `x,t_x,T[,zbar]` (Hardie) or lifetimes' `frequency,recency,T[,monetary_value]`.
    public static func readSummary(path: String) throws -> (frequency: [Int], recency: [Double], age: [Double], monetary: [Double]?) {
        // Bytes, not Strings: a million-row summary reads in a fraction of a second (Foundation's
        // per-field trimming took 4 s of a 5 s `fit --summary`).
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem("\(path): cannot read the file") }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> ([Int], [Double], [Double], [Double]?) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
            /// Fields of the line starting at `start`, trimmed, into `out` (reused: no allocation
            /// per line); returns the index after the line.
            func fields(from start: Int, into out: inout [Range<Int>]) -> Int {
                out.removeAll(keepingCapacity: true)
                var i = start, fieldStart = start
                func add(_ lower: Int, _ upper: Int) {
                    var a = lower, b = upper
                    while a < b && isSpace(bytes[a]) { a += 1 }
                    while b > a && isSpace(bytes[b - 1]) { b -= 1 }
                    out.append(a..<b)
                }
                while i < bytes.count && bytes[i] != newline {
                    if bytes[i] == comma { add(fieldStart, i); fieldStart = i + 1 }
                    i += 1
                }
                var end = i
                if end > fieldStart && bytes[end - 1] == cr { end -= 1 }
                add(fieldStart, end)
                return i + 1
            }
            var buffer = [CChar](repeating: 0, count: 64)
            func number(_ r: Range<Int>) -> Double? {
                guard !r.isEmpty, r.count < 63 else { return r.isEmpty ? nil : Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)) }
                return buffer.withUnsafeMutableBufferPointer { b -> Double? in
                    for (k, i) in r.enumerated() { b[k] = CChar(bitPattern: bytes[i]) }
                    b[r.count] = 0
                    var end: UnsafeMutablePointer<CChar>?
                    let v = strtod(b.baseAddress!, &end)
                    return end == b.baseAddress! + r.count && v.isFinite ? v : nil
                }
            }
            var position = 0
            // Skip blank lines before the header.
            while position < bytes.count && (bytes[position] == newline || bytes[position] == cr) { position += 1 }
            guard position < bytes.count else { throw Problem("\(path): the file is empty") }
            var headerFields: [Range<Int>] = []
            let afterHeader = fields(from: position, into: &headerFields)
            let header = headerFields.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self).lowercased() }
            func index(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
            guard let fx = index(["x", "frequency"]), let ft = index(["t_x", "recency"]), let fT = index(["t"]) else {
                throw Problem("\(path): expected columns x,t_x,T (or frequency,recency,T); found \(header.joined(separator: ","))")
            }
            let fm = index(["zbar", "monetary_value"])
            var x: [Int] = [], tx: [Double] = [], T: [Double] = [], m: [Double] = []
            let estimate = bytes.count / 16
            x.reserveCapacity(estimate); tx.reserveCapacity(estimate); T.reserveCapacity(estimate)
            position = afterHeader
            var line = 1
            var f: [Range<Int>] = []
            f.reserveCapacity(header.count + 1)
            while position < bytes.count {
                line += 1
                position = fields(from: position, into: &f)
                if f.count == 1 && f[0].isEmpty { continue }  // blank line
                guard f.count == header.count, let xi = number(f[fx]), xi >= 0, xi == xi.rounded(), xi < 1e15,
                      let ti = number(f[ft]), let Ti = number(f[fT]), ti >= 0, Ti >= ti else {
                    throw Problem("\(path): line \(line): expected \(header.count) fields with x a whole number ≥ 0 and 0 ≤ t_x ≤ T")
                }
                x.append(Int(xi)); tx.append(ti); T.append(Ti)
                if let fm { m.append(number(f[fm]) ?? 0) }
            }
            return (x, tx, T, fm == nil ? nil : m)
        }
    }

    /// Survivor counts `period,survivors` or `year,survivors`, in period order.
    public static func readSurvivors(path: String) throws -> (counts: [Double], unit: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Problem("\(path): cannot read the file") }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw Problem("\(path): the file is empty") }
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.count >= 2, ["period", "year", "month", "week"].contains(header[0]), header[1] == "survivors" else {
            throw Problem("\(path): expected a header 'period,survivors' (or year,survivors); found \(header.joined(separator: ","))")
        }
        let counts = try lines.enumerated().map { k, line in
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, let v = Double(f[1]), v >= 0 else { throw Problem("\(path): line \(k + 2): expected a survivor count") }
            return v
        }
        return (counts, header[0])
    }

    /// A fitted model as a readable table.
    public static func table(_ m: FittedModel, extra: [String] = []) -> String {
        var out = ["\(m.model.rawValue) fit on \(m.customers) \(m.model == .sbg ? "initial customers" : "customers")\(m.period.map { ", period: \($0)" } ?? "")", ""]
        out.append("parameter        estimate    std. error")
        for name in modelParameterNames(m.model) {
            let v = m.parameters[name] ?? .nan, se = m.standardErrors[name] ?? .nan
            out.append(name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%12.4f  %12.4f", v, se))
        }
        out.append("")
        out.append(String(format: "log-likelihood %.2f, converged: %@", m.logLikelihood, m.converged ? "yes" : "no"))
        if let f = m.dataFingerprint { out.append("data fingerprint \(f)") }
        return (out + extra).joined(separator: "\n") + "\n"
    }

    static func modelParameterNames(_ k: ModelKind) -> [String] {
        switch k {
        case .bgnbd: return BGNBD.parameterNames
        case .paretonbd: return ParetoNBD.parameterNames
        case .gammaGamma: return GammaGamma.parameterNames
        case .sbg: return ShiftedBetaGeometric.parameterNames
        }
    }

    /// Calibration/holdout check: mean holdout purchases, actual vs predicted, by calibration
    /// frequency (0, 1, …, 6, 7+), as in Fader, Hardie & Lee (2005), figure 4.
    public static func holdoutCheck(_ s: RFMSummary, predict: (CustomerSummary) -> Double) -> String {
        var actual = [Double](repeating: 0, count: 8), predicted = actual, count = [Int](repeating: 0, count: 8)
        for c in s.customers {
            let k = min(c.frequency, 7)
            actual[k] += Double(c.holdoutFrequency); predicted[k] += predict(c); count[k] += 1
        }
        var out = ["", String(format: "Holdout check over %.1f %@s: mean purchases per customer by calibration frequency", s.holdoutLength, s.period.rawValue),
                   "frequency  customers    actual  predicted"]
        for k in 0..<8 where count[k] > 0 {
            out.append((k == 7 ? "7+" : String(k)).padding(toLength: 9, withPad: " ", startingAt: 0)
                       + String(format: "  %9d  %8.3f  %9.3f", count[k], actual[k] / Double(count[k]), predicted[k] / Double(count[k])))
        }
        let ta = actual.reduce(0, +), tp = predicted.reduce(0, +)
        out.append(String(format: "total purchases: actual %.0f, predicted %.1f (%+.1f%%)", ta, tp, (tp - ta) / max(ta, 1) * 100))
        return out.joined(separator: "\n")
    }
}
