import Foundation

/// A per-customer summary file read from bytes: columns `x,t_x,T[,zbar]` (Hardie) or lifetimes'
/// `frequency,recency,T[,monetary_value]`, as `clvlab summarize` writes them, with the customer
/// id (`customer`, `customer_id` or `id`) and one more named column when the caller asks.
///
/// Bytes, not Strings: a million-row summary reads in a fraction of a second (Foundation's
/// per-field trimming took 4 s of a 5 s `fit --summary`). Errors name the file and line.
public struct SummaryTable: Sendable {
    public var customerIDs: [String]?
    public var frequency: [Int]
    public var recency: [Double]
    public var age: [Double]
    public var monetary: [Double]?
    /// The values of the column asked for by name, as text.
    public var column: [String]?

    /// What to read besides x, t_x and T.
    public struct Request: Sendable {
        /// The id column is required.
        public var customerIDs: Bool
        /// Read the id column when there is one (``customerIDs`` nil otherwise).
        public var customerIDsIfPresent: Bool
        public var column: String?
        public init(customerIDs: Bool = false, customerIDsIfPresent: Bool = false, column: String? = nil) {
            self.customerIDs = customerIDs; self.customerIDsIfPresent = customerIDsIfPresent; self.column = column
        }
    }

    /// A problem with the file, its message naming the file (and the line where there is one).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ d: String) { description = d }
    }

    /// Parse `data`, naming `path` in messages.
    public static func parse(_ data: Data, path: String, request: Request = Request()) throws(Problem) -> SummaryTable {
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<SummaryTable, Problem> in
            Result { () throws(Problem) -> SummaryTable in
                var reader = SummaryReader(bytes: raw.bindMemory(to: UInt8.self), path: path)
                return try reader.read(request)
            }
        }
        return try result.get()
    }
}

/// The walk over a summary file's lines.
private struct SummaryReader {
    var scan: SummaryScanner
    let path: String

    init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        scan = SummaryScanner(bytes: bytes)
        self.path = path
    }

    struct Columns {
        var x: Int, tx: Int, T: Int, m: Int?, id: Int?, extra: Int?, count: Int, names: [String]
    }

    mutating func header(at position: inout Int, _ request: SummaryTable.Request) throws(SummaryTable.Problem) -> Columns {
        let bytes = scan.bytes
        let newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        // A UTF-8 byte-order mark is not part of the first column's name; blank lines before the header are skipped.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        while position < bytes.count && (bytes[position] == newline || bytes[position] == cr) { position += 1 }
        guard position < bytes.count else { throw .init("\(path): the file is empty") }
        var fields: [Range<Int>] = []
        position = scan.fields(from: position, into: &fields)
        let names = fields.map { scan.text($0).lowercased() }
        func index(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
        guard let fx = index(["x", "frequency"]), let ft = index(["t_x", "recency"]), let fT = index(["t"]) else {
            throw .init("\(path): expected columns x,t_x,T (or frequency,recency,T); found \(names.joined(separator: ","))")
        }
        var columns = Columns(x: fx, tx: ft, T: fT, m: index(["zbar", "monetary_value", "monetary"]), id: nil, extra: nil,
                              count: names.count, names: names)
        if request.customerIDsIfPresent { columns.id = index(["customer", "customer_id", "id"]) }
        if request.customerIDs {
            guard let id = index(["customer", "customer_id", "id"]) else {
                throw .init("\(path): expected a customer id column (customer, customer_id or id); found \(names.joined(separator: ","))")
            }
            columns.id = id
        }
        if let wanted = request.column {
            guard let e = index([wanted.lowercased()]) else {
                throw .init("\(path): expected a column '\(wanted)'; found \(names.joined(separator: ","))")
            }
            columns.extra = e
        }
        return columns
    }

    mutating func read(_ request: SummaryTable.Request) throws(SummaryTable.Problem) -> SummaryTable {
        var position = 0
        let c = try header(at: &position, request)
        let bytes = scan.bytes
        var table = SummaryTable(customerIDs: c.id == nil ? nil : [], frequency: [], recency: [], age: [],
                                 monetary: c.m == nil ? nil : [], column: c.extra == nil ? nil : [])
        let estimate = bytes.count / 16
        table.frequency.reserveCapacity(estimate); table.recency.reserveCapacity(estimate); table.age.reserveCapacity(estimate)
        var line = 1
        var f: [Range<Int>] = []
        f.reserveCapacity(c.count + 1)
        while position < bytes.count {
            line += 1
            position = scan.fields(from: position, into: &f)
            if f.count == 1 && f[0].isEmpty { continue }  // blank line
            guard f.count == c.count, let xi = scan.number(f[c.x]), xi >= 0, xi == xi.rounded(), xi < 1e15,
                  let ti = scan.number(f[c.tx]), let Ti = scan.number(f[c.T]), ti >= 0, Ti >= ti else {
                throw .init("\(path): line \(line): expected \(c.count) fields with x a whole number ≥ 0 and 0 ≤ t_x ≤ T")
            }
            table.frequency.append(Int(xi)); table.recency.append(ti); table.age.append(Ti)
            if let id = c.id {
                guard !f[id].isEmpty else { throw .init("\(path): line \(line): the customer id is empty") }
                table.customerIDs!.append(scan.text(f[id]))
            }
            if let e = c.extra { table.column!.append(scan.text(f[e])) }
            if let fm = c.m { table.monetary!.append(try spend(f[fm], line: line, name: c.names[fm])) }
        }
        return table
    }

    /// An empty spend is a customer without repeat purchases; anything else must be a finite
    /// amount within the log reader's cap, so no `inf` reaches a fit.
    mutating func spend(_ field: Range<Int>, line: Int, name: String) throws(SummaryTable.Problem) -> Double {
        if field.isEmpty { return 0 }
        guard let v = scan.number(field), v >= 0, v <= TransactionReader.maxAmount else {
            throw .init("\(path): line \(line): \(name) '\(scan.text(field))' is out of range: expected 0 to 1e12")
        }
        return v
    }
}

/// Byte-level fields and numbers of a summary CSV, with no allocation per line.
private struct SummaryScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// strtod's NUL-terminated copy of a field (fields of 63 bytes or more go through String).
    var buffer = [CChar](repeating: 0, count: 64)

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Fields of the line starting at `start`, trimmed, into `out` (reused: no allocation per
    /// line); returns the index after the line.
    func fields(from start: Int, into out: inout [Range<Int>]) -> Int {
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        out.removeAll(keepingCapacity: true)
        var i = start, fieldStart = start
        func add(_ lower: Int, _ upper: Int) {
            var a = lower, b = upper
            while a < b && Self.isSpace(bytes[a]) { a += 1 }
            while b > a && Self.isSpace(bytes[b - 1]) { b -= 1 }
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

    /// The field as a finite number, or `nil`.
    mutating func number(_ r: Range<Int>) -> Double? {
        guard !r.isEmpty, r.count < 63 else { return r.isEmpty ? nil : Double(text(r)) }
        let bytes = self.bytes
        return buffer.withUnsafeMutableBufferPointer { b -> Double? in
            for (k, i) in r.enumerated() { b[k] = CChar(bitPattern: bytes[i]) }
            b[r.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(b.baseAddress!, &end)
            return end == b.baseAddress! + r.count && v.isFinite ? v : nil
        }
    }
}
