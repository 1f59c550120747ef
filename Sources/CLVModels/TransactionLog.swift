import Foundation

/// Errors reading a transaction log (bad rows are not errors: they are collected in
/// ``TransactionLog/badRows``).
public enum TransactionLogError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidDateFormat(String)
    case missingColumn(String)
    case columnIndexOutOfRange(Int)
    case noTransactions

    public var description: String {
        switch self {
        case .invalidDateFormat(let p): return "invalid date format '\(p)': needs yyyy, MM (or M) and dd (or d)"
        case .missingColumn(let c): return "the header has no column named '\(c)'"
        case .columnIndexOutOfRange(let i): return "column index \(i) is negative"
        case .noTransactions: return "the log has no valid transaction rows"
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
}

/// A streaming reader of transaction rows: feed it lines (or bytes, in any chunking) and it keeps
/// the valid transactions and a list of bad rows with line numbers. It never stops at a bad row.
///
/// - Complexity: O(n) in the input size.
public struct TransactionReader: Sendable {
    public let format: TransactionLogFormat
    private var indices: (customer: Int, date: Int, amount: Int?)?
    private var lineNumber = 0
    private var pending: [UInt8] = []
    public private(set) var transactions: [Transaction] = []
    public private(set) var badRows: [BadRow] = []

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
        lineNumber += 1
        var line = raw
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
            badRows.append(BadRow(line: lineNumber, reason: "date '\(String(decoding: dateField, as: UTF8.self))' does not match \(format.dateFormat.pattern)"))
            return
        }
        var amount = 0.0
        if let ai = idx.amount {
            let s = String(decoding: Self.trimmed(f[ai]), as: UTF8.self)
            guard let v = Double(s), v.isFinite else {
                badRows.append(BadRow(line: lineNumber, reason: "amount '\(s)' is not a number"))
                return
            }
            amount = v
        }
        transactions.append(Transaction(customerID: String(decoding: id, as: UTF8.self), day: day, amount: amount))
    }

    /// Read a line given as a string.
    public mutating func read(line: String) throws(TransactionLogError) {
        try read(line: Array(line.utf8)[...])
    }

    /// Feed a chunk of bytes; complete lines are read, a trailing partial line waits for the next chunk.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(TransactionLogError) {
        pending.append(contentsOf: bytes)
        var start = 0
        var i = 0
        let buffer = pending
        while i < buffer.count {
            if buffer[i] == 10 {
                try read(line: buffer[start..<i])
                start = i + 1
            }
            i += 1
        }
        pending.removeFirst(start)
    }

    /// Read what remains and return the log.
    public mutating func finish() throws(TransactionLogError) -> TransactionLog {
        if !pending.isEmpty { let rest = pending; pending = []; try read(line: rest[...]) }
        return TransactionLog(transactions: transactions, badRows: badRows)
    }

    /// Parse a whole log held in memory.
    public static func parse(_ data: Data, format: TransactionLogFormat) throws(TransactionLogError) -> TransactionLog {
        var reader = try TransactionReader(format: format)
        let bytes = [UInt8](data)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 10 {
            try reader.read(line: bytes[start..<i])
            start = i + 1
        }
        if start < bytes.count { try reader.read(line: bytes[start...]) }
        return TransactionLog(transactions: reader.transactions, badRows: reader.badRows)
    }
}
