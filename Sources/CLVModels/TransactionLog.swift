import Foundation

/// Errors reading a transaction log (bad rows are not errors: they are collected in
/// ``TransactionLog/badRows``).
public enum TransactionLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDateFormat(String)
    case missingColumn(String)
    case columnIndexOutOfRange(Int)
    case noTransactions
    /// A quoted field opened on `line` is never closed: the rest of the file would be one field.
    case unterminatedQuote(line: Int)
    /// The calibration/observation window does not fit the data (the message says which end).
    case window(String)

    public var description: String {
        switch self {
        case .invalidDateFormat(let p): return "invalid date format '\(p)': needs yyyy, MM (or M) and dd (or d)"
        case .missingColumn(let c): return "the header has no column named '\(c)'"
        case .columnIndexOutOfRange(let i): return "column index \(i) is negative"
        case .noTransactions: return "the log has no valid transaction rows"
        case .window(let m): return m
        case .unterminatedQuote(let line): return "line \(line): a quoted field is never closed (a '\"' without its closing '\"')"
        }
    }
}

/// A column chosen by header name or by 0-based index.
public enum ColumnReference: Sendable, Hashable {
    case name(String)
    case index(Int)
}

/// How fields are separated.
public enum FieldDelimiter: Sendable, Hashable {
    /// One byte, e.g. `,` `;` or tab. Fields may be double-quoted (RFC 4180 style).
    case character(UInt8)
    /// Runs of spaces/tabs; leading and trailing blanks ignored (CDNOW's text files).
    case whitespace

    public static let comma = FieldDelimiter.character(UInt8(ascii: ","))
    public static let semicolon = FieldDelimiter.character(UInt8(ascii: ";"))
    public static let tab = FieldDelimiter.character(UInt8(ascii: "\t"))
}

/// Where the customer id, date and amount are in each row.
public struct TransactionLogFormat: Sendable, Hashable {
    public var customer: ColumnReference
    public var date: ColumnReference
    /// nil when the log has no monetary column (amounts are then 0).
    public var amount: ColumnReference?
    public var delimiter: FieldDelimiter
    public var dateFormat: DateFormat
    /// Whether the first non-empty line is a header (required for `.name` columns).
    public var hasHeader: Bool

    public init(customer: ColumnReference = .name("customer_id"), date: ColumnReference = .name("date"),
                amount: ColumnReference? = .name("amount"), delimiter: FieldDelimiter = .comma,
                dateFormat: DateFormat = .iso, hasHeader: Bool = true) {
        self.customer = customer; self.date = date; self.amount = amount
        self.delimiter = delimiter; self.dateFormat = dateFormat; self.hasHeader = hasHeader
    }

    /// CDNOW_sample.txt as shipped with lifetimes: no header, blank-separated
    /// `master-id sample-id yyyymmdd cds dollars`.
    public static let cdnowSample = TransactionLogFormat(customer: .index(0), date: .index(2), amount: .index(4),
                                                          delimiter: .whitespace, dateFormat: .compact, hasHeader: false)
    /// CDNOW_master.txt: header `customer_id date number_of_cds dollar_value`, blank-separated.
    public static let cdnowMaster = TransactionLogFormat(customer: .name("customer_id"), date: .name("date"),
                                                          amount: .name("dollar_value"), delimiter: .whitespace,
                                                          dateFormat: .compact, hasHeader: true)
}

/// One purchase.
public struct Transaction: Sendable, Hashable {
    public var customerID: String
    public var day: CivilDay
    public var amount: Double
    public init(customerID: String, day: CivilDay, amount: Double) {
        self.customerID = customerID; self.day = day; self.amount = amount
    }
}

/// A row that could not be read, with its 1-based line number in the input.
public struct BadRow: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
    public init(line: Int, reason: String) { self.line = line; self.reason = reason }
}

/// The readable transactions of a log plus the rows that were not readable.
public struct TransactionLog: Sendable {
    public var transactions: [Transaction]
    public var badRows: [BadRow]
    /// Lines of rows with a negative amount. These are returns, not unreadable rows: they are
    /// set aside (not purchase occasions) and reported once, apart from ``badRows``.
    public var returnLines: [Int] = []
}

/// A streaming reader of transaction rows: feed it lines (or bytes, in any chunking) and it keeps
/// the valid transactions and a list of bad rows with line numbers. It never stops at a bad row.
///
/// - Complexity: O(n) in the input size.
public struct TransactionReader: Sendable {
    public let format: TransactionLogFormat
    private var indices: (customer: Int, date: Int, amount: Int?)?
    /// Physical lines consumed so far (a quoted newline makes one record span several lines).
    private var lineNumber = 0
    private var pending: [UInt8] = []
    /// Scan state of `pending`, kept between chunks so that a long record is scanned once.
    private var scanned = 0, inQuote = false, newlinesInRecord = 0
    public private(set) var transactions: [Transaction] = []
    public private(set) var badRows: [BadRow] = []
    public private(set) var returnLines: [Int] = []

    /// Largest |amount| of one row: 10¹² keeps any sum over a log finite and exact enough
    /// (10⁸ rows × 10¹² = 10²⁰ ≪ 10³⁰⁸), and no real purchase comes near it.
    public static let maxAmount = 1e12
    /// Dates outside 1900-01-01 … 2200-12-31 are typing or export errors (year 0001, 2999).
    public static let earliestDay = CivilDay(year: 1900, month: 1, day: 1)!
    public static let latestDay = CivilDay(year: 2200, month: 12, day: 31)!

    public init(format: TransactionLogFormat) throws(TransactionLogError) {
        self.format = format
        if !format.hasHeader {
            guard case .index(let c) = format.customer, case .index(let d) = format.date else {
                throw .missingColumn("(named columns need a header)")
            }
            var a: Int? = nil
            if let am = format.amount {
                guard case .index(let i) = am else { throw .missingColumn("(named columns need a header)") }
                a = i
            }
            for i in [c, d] + (a.map { [$0] } ?? []) where i < 0 { throw .columnIndexOutOfRange(i) }
            indices = (c, d, a)
        }
    }

    /// Split one line into fields (handles double quotes for character delimiters).
    static func fields(_ line: ArraySlice<UInt8>, _ delimiter: FieldDelimiter) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        switch delimiter {
        case .whitespace:
            var i = line.startIndex
            while i < line.endIndex {
                while i < line.endIndex, line[i] == 32 || line[i] == 9 { i += 1 }
                if i == line.endIndex { break }
                let s = i
                while i < line.endIndex, line[i] != 32, line[i] != 9 { i += 1 }
                out.append(line[s..<i])
            }
        case .character(let d):
            var i = line.startIndex
            while true {
                if i < line.endIndex, line[i] == 34 { // quoted field; "" inside is a quote
                    var j = i + 1
                    var hasEscapes = false
                    while j < line.endIndex {
                        if line[j] == 34 {
                            if j + 1 < line.endIndex, line[j + 1] == 34 { hasEscapes = true; j += 2; continue }
                            break
                        }
                        j += 1
                    }
                    var field = line[(i + 1)..<min(j, line.endIndex)]
                    if hasEscapes {
                        var unescaped: [UInt8] = []
                        var k = field.startIndex
                        while k < field.endIndex { unescaped.append(field[k]); k += (field[k] == 34 ? 2 : 1) }
                        field = unescaped[...]
                    }
                    out.append(field)
                    i = j + 1
                    while i < line.endIndex, line[i] != d { i += 1 }
                } else {
                    let s = i
                    while i < line.endIndex, line[i] != d { i += 1 }
                    out.append(line[s..<i])
                }
                if i >= line.endIndex { break }
                i += 1 // skip the delimiter
                if i == line.endIndex { out.append(line[i..<i]); break }
            }
        }
        return out
    }

    static func trimmed(_ f: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = f.startIndex, e = f.endIndex
        while s < e, f[s] == 32 || f[s] == 9 { s += 1 }
        while e > s, f[e - 1] == 32 || f[e - 1] == 9 { e -= 1 }
        return f[s..<e]
    }

    /// Read one line (without its newline; a trailing `\r` is ignored). Blank lines are skipped.
    public mutating func read(line raw: ArraySlice<UInt8>) throws(TransactionLogError) {
        try read(record: raw, lines: 1)
    }

    /// Read one record spanning `lines` physical lines (quoted newlines inside); messages name
    /// its first line.
    mutating func read(record raw: ArraySlice<UInt8>, lines: Int) throws(TransactionLogError) {
        var line = raw
        if lineNumber == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) } // UTF-8 BOM
        lineNumber += lines
        let lineNumber = self.lineNumber - lines + 1
        if let last = line.last, last == 13 { line = line.dropLast() }
        if line.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
        let f = Self.fields(line, format.delimiter)
        guard let idx = indices else {
            // Header line: resolve named columns.
            let names = f.map { String(decoding: Self.trimmed($0), as: UTF8.self) }
            func resolve(_ c: ColumnReference) throws(TransactionLogError) -> Int {
                switch c {
                case .index(let i): if i < 0 { throw .columnIndexOutOfRange(i) }; return i
                case .name(let n):
                    guard let i = names.firstIndex(of: n) else { throw .missingColumn(n) }
                    return i
                }
            }
            let c = try resolve(format.customer), d = try resolve(format.date)
            var a: Int? = nil
            if let am = format.amount { a = try resolve(am) }
            indices = (c, d, a)
            return
        }
        let needed = max(idx.customer, idx.date, idx.amount ?? 0)
        guard f.count > needed else {
            badRows.append(BadRow(line: lineNumber, reason: "expected at least \(needed + 1) fields, found \(f.count)"))
            return
        }
        let id = Self.trimmed(f[idx.customer])
        guard !id.isEmpty else { badRows.append(BadRow(line: lineNumber, reason: "empty customer id")); return }
        let dateField = Self.trimmed(f[idx.date])
        guard let day = format.dateFormat.parse(dateField) else {
            let text = String(decoding: dateField, as: UTF8.self)
            if format.dateFormat.components(dateField) != nil {
                badRows.append(BadRow(line: lineNumber, reason: "date '\(text)' is not a calendar date"))
            } else {
                badRows.append(BadRow(line: lineNumber, reason: "date '\(text)' does not match \(format.dateFormat.pattern)"))
            }
            return
        }
        guard day >= Self.earliestDay, day <= Self.latestDay else {
            badRows.append(BadRow(line: lineNumber, reason: "date '\(String(decoding: dateField, as: UTF8.self))' is out of range: expected \(Self.earliestDay) to \(Self.latestDay)"))
            return
        }
        var amount = 0.0
        if let ai = idx.amount {
            let s = String(decoding: Self.trimmed(f[ai]), as: UTF8.self)
            guard let v = Double(s), !v.isNaN else {
                badRows.append(BadRow(line: lineNumber, reason: "amount '\(s)' is not a number"))
                return
            }
            guard v.isFinite else {
                badRows.append(BadRow(line: lineNumber, reason: "amount '\(s)' is not a finite number: expected -1e12 to 1e12"))
                return
            }
            guard abs(v) <= Self.maxAmount else {
                badRows.append(BadRow(line: lineNumber, reason: "amount '\(s)' is out of range: expected -1e12 to 1e12"))
                return
            }
            if v < 0 { returnLines.append(lineNumber); return }
            amount = v
        }
        transactions.append(Transaction(customerID: String(decoding: id, as: UTF8.self), day: day, amount: amount))
    }

    /// Read a line given as a string.
    public mutating func read(line: String) throws(TransactionLogError) {
        try read(line: Array(line.utf8)[...])
    }

    /// Feed a chunk of bytes; complete records are read, a trailing partial record waits for the
    /// next chunk. A newline inside a double-quoted field (character delimiters only, RFC 4180)
    /// belongs to the field, not the row.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(TransactionLogError) {
        pending.append(contentsOf: bytes)
        let quotes = format.delimiter != .whitespace
        var start = 0
        var i = scanned
        let buffer = pending
        // Each quote toggles the state; a doubled quote toggles twice, as RFC 4180 wants.
        while i < buffer.count {
            let b = buffer[i]
            if b == 10 {
                if inQuote { newlinesInRecord += 1 } else {
                    try read(record: buffer[start..<i], lines: newlinesInRecord + 1)
                    newlinesInRecord = 0
                    start = i + 1
                }
            } else if b == 34, quotes {
                inQuote.toggle()
            }
            i += 1
        }
        pending.removeFirst(start)
        scanned = pending.count
    }

    /// Read what remains and return the log.
    public mutating func finish() throws(TransactionLogError) -> TransactionLog {
        if inQuote { throw .unterminatedQuote(line: lineNumber + 1) }
        if !pending.isEmpty {
            let rest = pending; pending = []; scanned = 0
            try read(record: rest[...], lines: newlinesInRecord + 1)
        }
        return TransactionLog(transactions: transactions, badRows: badRows, returnLines: returnLines)
    }

    /// Parse a whole log held in memory.
    public static func parse(_ data: Data, format: TransactionLogFormat) throws(TransactionLogError) -> TransactionLog {
        var reader = try TransactionReader(format: format)
        try reader.feed(data)
        return try reader.finish()
    }
}
