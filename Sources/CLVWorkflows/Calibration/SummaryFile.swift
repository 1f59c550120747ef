import CLVModels
import Foundation
import Stochastic

extension Calibration {
    /// A ready summary file: columns `x,t_x,T[,zbar]` (Hardie) or lifetimes' `frequency,recency,T[,monetary_value]`.
    public static func readSummary(path: String) throws -> (frequency: [Int], recency: [Double], age: [Double], monetary: [Double]?) {
        // Bytes, not Strings: a million-row summary reads in a fraction of a second (Foundation's
        // per-field trimming took 4 s of a 5 s `fit --summary`).
        let data: Data
        do { data = try InputFile.read(path) } catch { throw Problem(error.description) }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> ([Int], [Double], [Double], [Double]?) in
            var scan = SummaryScanner(bytes: raw.bindMemory(to: UInt8.self))
            let bytes = scan.bytes
            let newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
            func fields(from start: Int, into out: inout [Range<Int>]) -> Int { scan.fields(from: start, into: &out) }
            func number(_ r: Range<Int>) -> Double? { scan.number(r) }
            // A UTF-8 byte-order mark is not part of the first column's name.
            var position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            // Skip blank lines before the header.
            while position < bytes.count && (bytes[position] == newline || bytes[position] == cr) { position += 1 }
            guard position < bytes.count else { throw Problem("\(path): the file is empty") }
            var headerFields: [Range<Int>] = []
            let afterHeader = fields(from: position, into: &headerFields)
            let header = headerFields.map { scan.text($0).lowercased() }
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
                if let fm {
                    // An empty spend is a customer without repeat purchases; anything else must be a
                    // finite amount within the log reader's cap, so no `inf` reaches a fit.
                    if f[fm].isEmpty { m.append(0); continue }
                    guard let v = number(f[fm]), v >= 0, v <= TransactionReader.maxAmount else {
                        throw Problem("\(path): line \(line): \(header[fm]) '\(scan.text(f[fm]))' is out of range: expected 0 to 1e12")
                    }
                    m.append(v)
                }
            }
            return (x, tx, T, fm == nil ? nil : m)
        }
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
