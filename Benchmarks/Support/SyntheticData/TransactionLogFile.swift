import Foundation

/// A synthetic transaction log in the CSV layout `clvlab summarize` reads by default:
/// `customer_id,date,amount` with ISO dates, one purchase a row, rows in date order (as a shop
/// exports them, so one customer's rows are scattered through the file).
///
/// Customers are acquired uniformly over the first 18 months of a two-year window
/// (2023-01-01 … 2024-12-30, 730 days); each makes 1 + Geometric purchases (10 on average) on
/// uniformly drawn days between their first purchase and the end of the window (two on the same
/// day happen, and merge in the summary); amounts are log-normal, about 31 EUR on average.
/// Customers are added until the log has exactly the requested number of rows.
public enum TransactionLogFile {
    public static let days = 730
    public static let acquisitionDays = 548
    public static let header = "customer_id,date,amount\n"

    public struct Written: Sendable {
        public var rows: Int
        public var customers: Int
        public var bytes: Int
    }

    /// Write the log to `url` (replacing any file there).
    public static func write(rows: Int, to url: URL, seed: UInt64 = 20261122) throws -> Written {
        precondition(rows > 0 && rows < Int(UInt32.max))
        var rng = SplitMix64(seed: seed)
        var customer = [UInt32](), day = [UInt16](), cents = [UInt32]()
        customer.reserveCapacity(rows); day.reserveCapacity(rows); cents.reserveCapacity(rows)
        var customers = 0
        let logStay = log(0.9)  // 1 + Geometric(p = 0.1) purchases: mean 10
        while customer.count < rows {
            let c = UInt32(customers)
            customers += 1
            let purchases = min(1 + Int(log(rng.uniform()) / logStay), rows - customer.count)
            let first = Int(rng.uniform() * Double(acquisitionDays))
            for k in 0..<purchases {
                let d = k == 0 ? first : first + Int(rng.uniform() * Double(days - first))
                customer.append(c)
                day.append(UInt16(d))
                cents.append(UInt32((exp(3.2 + 0.7 * rng.normal()) * 100).rounded()))
            }
        }
        // Date order by a counting sort (stable: within a day, customers in order of creation).
        var start = [Int](repeating: 0, count: days + 1)
        for d in day { start[Int(d) + 1] += 1 }
        for d in 0..<days { start[d + 1] += start[d] }
        var order = [UInt32](repeating: 0, count: rows)
        for i in 0..<rows {
            let d = Int(day[i])
            order[start[d]] = UInt32(i)
            start[d] += 1
        }
        let dates = (0..<days).map { Array(isoDate(daysSince20230101: $0).utf8) }

        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = [UInt8]()
        buffer.reserveCapacity(9 << 20)
        buffer.append(contentsOf: header.utf8)
        var bytes = 0
        for i in order {
            let i = Int(i)
            buffer.append(UInt8(ascii: "C"))
            appendDigits(Int(customer[i]), width: 7, to: &buffer)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: dates[Int(day[i])])
            buffer.append(UInt8(ascii: ","))
            let c = Int(cents[i])
            appendDigits(c / 100, width: 1, to: &buffer)
            buffer.append(UInt8(ascii: "."))
            appendDigits(c % 100, width: 2, to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 8 << 20 {
                try handle.write(contentsOf: buffer)
                bytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        bytes += buffer.count
        return Written(rows: rows, customers: customers, bytes: bytes)
    }

    /// Decimal digits of v ≥ 0, zero-padded to at least `width`.
    static func appendDigits(_ v: Int, width: Int, to buffer: inout [UInt8]) {
        var digits: [UInt8] = []
        var v = v
        repeat { digits.append(UInt8(ascii: "0") + UInt8(v % 10)); v /= 10 } while v > 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        buffer.append(contentsOf: digits.reversed())
    }

    /// yyyy-MM-dd of 2023-01-01 + n days (Hinnant's civil-from-days).
    static func isoDate(daysSince20230101 n: Int) -> String {
        let z = n + 19358 + 719_468  // 2023-01-01 is day 19358 since 1970-01-01
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
