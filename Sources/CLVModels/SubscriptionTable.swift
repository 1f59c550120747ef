import Foundation

/// A file of subscriptions — `customer` (or `customer_id`, `id`), `start` and, for one that
/// ended, `end` (yyyy-MM-dd) — read from bytes, and the subscriptions active on a day: those
/// started on or before it and not ended by it, with their tenure in periods.
public struct SubscriptionTable: Sendable {
    public var customerIDs: [String] = []
    public var starts: [CivilDay] = []
    public var ends: [CivilDay?] = []

    /// The active subscriptions on `day`: ids and tenure T in `period`s (n = ⌊T⌋ renewals made),
    /// and how many had ended by then or started after it.
    public struct Active: Sendable {
        public var customerIDs: [String] = []
        public var tenure: [Double] = []
        public var ended = 0
        public var later = 0
    }

    public static func parse(_ data: Data, path: String) throws(SummaryTable.Problem) -> SubscriptionTable {
        guard let rows = CSVRows.parse(data), let header = rows.first?.map({ $0.lowercased() }),
              let id = header.firstIndex(where: { ["customer", "customer_id", "id"].contains($0) }), let start = header.firstIndex(of: "start") else {
            throw SummaryTable.Problem("\(path): expected columns customer (or customer_id, id), start and, for ended subscriptions, end")
        }
        let end = header.firstIndex(of: "end")
        var table = SubscriptionTable()
        for (k, row) in rows.dropFirst().enumerated() {
            guard row.count == header.count, let first = DateFormat.iso.parse(row[start]) else {
                throw SummaryTable.Problem("\(path): line \(k + 2): expected \(header.count) fields with start a date yyyy-MM-dd")
            }
            var last: CivilDay?
            if let end, !row[end].isEmpty {
                guard let e = DateFormat.iso.parse(row[end]), e >= first else {
                    throw SummaryTable.Problem("\(path): line \(k + 2): end '\(row[end])' is not a date yyyy-MM-dd on or after the start \(first)")
                }
                last = e
            }
            table.customerIDs.append(row[id]); table.starts.append(first); table.ends.append(last)
        }
        return table
    }

    public func active(on day: CivilDay, period: PeriodUnit) -> Active {
        var a = Active()
        for i in customerIDs.indices {
            if starts[i] > day { a.later += 1; continue }
            if let e = ends[i], e <= day { a.ended += 1; continue }
            a.customerIDs.append(customerIDs[i])
            a.tenure.append(Double(day.dayNumber - starts[i].dayNumber) / period.days)
        }
        return a
    }
}

/// Rows of a small CSV (RFC 4180 quotes), for subscription and customer attribute files; nil
/// when a quoted field is never closed.
public enum CSVRows {
    public static func parse(_ data: Data) -> [[String]]? {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var iterator = String(decoding: data, as: UTF8.self).unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    // A doubled quote is a quote; any other character closes the field's quotes.
                    let n = iterator.next()
                    if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n; if n == nil { break } }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field.trimmingCharacters(in: .whitespaces)); field = ""
            case "\n":
                row.append(field.trimmingCharacters(in: .whitespacesAndNewlines)); field = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { return nil }
        if !field.isEmpty || !row.isEmpty { row.append(field.trimmingCharacters(in: .whitespacesAndNewlines)); rows.append(row) }
        return rows
    }
}
