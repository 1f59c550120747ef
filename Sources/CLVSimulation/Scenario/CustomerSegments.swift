import CLVModels
import Foundation
import Stochastic

extension ScenarioReader {
    /// Each real customer's segment: one segment "customers" by default; `{ column: NAME }` from a
    /// summary file's column, or `{ column: NAME, file: FILE }` from a customer attribute file
    /// (id column `customer`, `customer_id` or `id`) that must list every customer; `{ rfm: true }`
    /// from RFM scores (``RFMScores``).
    func customerSegments(_ m: YAMLMapping, histories h: CustomerHistories) -> [String]? {
        guard let value = m.optional("segments") else { return Array(repeating: "customers", count: h.count) }
        guard let s = value.mapping("{ column: NAME }, { column: NAME, file: FILE } or { rfm: true }") else { return nil }
        s.rejectUnknownKeys(["column", "file", "rfm"])
        let labels: [String]?
        if let rv = s.optional("rfm") {
            guard let on = rv.bool("true or false") else { return nil }
            guard on else { return Array(repeating: "customers", count: h.count) }
            labels = RFMScores.labels(frequency: h.frequency, recency: h.recency, age: h.age, monetary: h.monetary)
        } else if let cv = s.optional("column"), let column = cv.string("a column name") {
            if let fv = s.optional("file") {
                labels = attributeLabels(fv, column: column, ids: h.ids)
            } else if m.optional("summary") != nil {
                labels = h.labels
            } else {
                cv.fail("a transaction log has no customer attributes: give 'file:', a CSV of customer ids and their '\(column)'")
                return nil
            }
        } else {
            value.fail("expected { column: NAME } or { rfm: true }")
            return nil
        }
        guard let labels else { return nil }
        let distinct = Set(labels).count
        if distinct > ScenarioLoader.maxSegments {
            value.fail("expected at most \(ScenarioLoader.maxSegments) segments, found \(distinct) distinct values")
            return nil
        }
        return labels
    }

    /// The `column` of an attribute file, per customer id; every customer must appear.
    func attributeLabels(_ value: YAMLValue, column: String, ids: [String]) -> [String]? {
        guard let name = value.string("a path to a CSV of customer attributes") else { return nil }
        let path = resolvedPath(name)
        let data: Data
        do { data = try InputFile.read(path) } catch { value.fail("cannot read the attribute file \(error)"); return nil }
        let rows: [[String]]
        guard let r = CSVRows.parse(data) else { value.fail("\(path): a quoted field is never closed"); return nil }
        rows = r
        guard let header = rows.first?.map({ $0.lowercased() }),
              let idColumn = header.firstIndex(where: { ["customer", "customer_id", "id"].contains($0) }),
              let valueColumn = header.firstIndex(of: column.lowercased()) else {
            value.fail("\(path): expected a customer id column (customer, customer_id or id) and a column '\(column)'; "
                       + "found \(rows.first?.joined(separator: ",") ?? "nothing")")
            return nil
        }
        var byID: [String: String] = [:]
        for (k, row) in rows.dropFirst().enumerated() where row.count > max(idColumn, valueColumn) {
            guard !row[valueColumn].isEmpty else { value.fail("\(path): line \(k + 2): '\(column)' is empty"); return nil }
            byID[row[idColumn]] = row[valueColumn]
        }
        let missing = ids.filter { byID[$0] == nil }
        guard missing.isEmpty else {
            value.fail("\(path): \(missing.count) of the log's \(ids.count) customers have no '\(column)' (first: "
                       + "\(missing.prefix(3).joined(separator: ", "))): expected every customer of the base")
            return nil
        }
        return ids.map { byID[$0]! }
    }
}

/// Classic RFM segments: recency, frequency and monetary value each scored 1–3 by terciles of the
/// base (3 = most recent, most frequent, highest spend), named "R3F2M1". Recency is the time
/// since the last purchase (T − t_x); customers without repeat purchases score M by z̄ = 0.
enum RFMScores {
    static func labels(frequency: [Int32], recency: [Double], age: [Double], monetary: [Double]) -> [String] {
        let n = frequency.count
        let sinceLast = (0..<n).map { -(age[$0] - recency[$0]) }  // higher = more recent
        let r = scores(sinceLast), f = scores(frequency.map(Double.init)), m = scores(monetary)
        return (0..<n).map { "R\(r[$0])F\(f[$0])M\(m[$0])" }
    }

    /// 1 + (v > the 1/3 quantile) + (v > the 2/3 quantile): ties share a score.
    static func scores(_ v: [Double]) -> [Int] {
        let sorted = v.sorted()
        let q1 = Quantile.ofSorted(sorted, 1.0 / 3), q2 = Quantile.ofSorted(sorted, 2.0 / 3)
        return v.map { 1 + ($0 > q1 ? 1 : 0) + ($0 > q2 ? 1 : 0) }
    }
}
