import CLVModels
import Foundation
import Stochastic

/// The real customers' histories while a scenario is read: column by column, in horizon periods,
/// before sampling and grouping by segment (then they become a ``CustomerBase``).
struct CustomerHistories {
    var ids: [String] = []
    var frequency: [Int32] = []
    var recency: [Double] = []
    var age: [Double] = []
    var monetary: [Double] = []
    /// Segment labels read with the histories (`segments.column` of a summary file).
    var labels: [String]?
    var holdout: CustomerBase.Holdout?

    var count: Int { frequency.count }

    /// Keep a uniform random sample of `n` customers, in base order: a partial Fisher–Yates
    /// shuffle keyed by the scenario's seed, so a scenario always simulates the same sample.
    mutating func keepSample(_ n: Int, seed: UInt64) {
        guard n < count else { return }
        select(CustomerBase.sampleIndices(n, of: count, seed: seed))
    }

    /// Keep the customers at `order`, in that order.
    mutating func reorder(_ order: [Int]) { select(order) }

    private mutating func select(_ order: [Int]) {
        ids = order.map { ids[$0] }
        frequency = order.map { frequency[$0] }
        recency = order.map { recency[$0] }
        age = order.map { age[$0] }
        monetary = order.map { monetary[$0] }
        labels = labels.map { l in order.map { l[$0] } }
        if let h = holdout { holdout!.customerPurchases = order.map { h.customerPurchases[$0] } }
    }

    /// The order that groups customers by segment (segments by first appearance, customers in
    /// base order within each) and the segment names in that order.
    static func grouping(_ labels: [String]) -> (order: [Int], names: [String]) {
        var slot: [String: Int] = [:], names: [String] = [], members: [[Int]] = []
        for (i, l) in labels.enumerated() {
            if let s = slot[l] { members[s].append(i) } else { slot[l] = names.count; names.append(l); members.append([i]) }
        }
        return (members.flatMap { $0 }, names)
    }
}

extension ScenarioReader {
    /// The histories of `log:` (summarised as `clvlab summarize` does, up to `observed_until`, in
    /// horizon periods) or of `summary:` (x, t_x, T in the model's period, converted).
    func customerHistories(_ m: YAMLMapping, until: CivilDay, untilValue: YAMLValue, horizon: PeriodUnit, fitUnit: PeriodUnit) -> CustomerHistories? {
        let logValue = m.optional("log"), summaryValue = m.optional("summary")
        switch (logValue, summaryValue) {
        case (let lv?, nil): return logHistories(m, lv, until: until, untilValue: untilValue, horizon: horizon)
        case (nil, let sv?):
            for key in ["preset", "customer_column", "date_column", "amount_column", "date_format", "time_zone", "delimiter", "header"] {
                m.optional(key)?.fail("'\(key)' is a reading option of a transaction log; a summary file is read by its column names")
            }
            return summaryHistories(m, sv, factor: fitUnit.days / horizon.days)
        case (_?, let sv?): sv.fail("give either 'log' (a transaction log) or 'summary' (a per-customer summary), not both"); return nil
        case (nil, nil): _ = m.required("log", "a transaction log (or 'summary': a per-customer summary file)"); return nil
        }
    }

    func summaryHistories(_ m: YAMLMapping, _ value: YAMLValue, factor: Double) -> CustomerHistories? {
        guard let name = value.string("a path to a summary file") else { return nil }
        let path = resolvedPath(name)
        let column = m.optional("segments").flatMap { s -> String? in
            guard case .mapping(let map) = s.node, map["file"] == nil else { return nil }
            return map["column"]?.string
        }
        let table: SummaryTable
        do {
            table = try SummaryTable.parse(try InputFile.read(path), path: path, request: .init(customerIDs: true, column: column))
        } catch let e as InputFileError { value.fail("cannot read the summary file \(e)"); return nil
        } catch { value.fail("\(error)"); return nil }
        guard !table.frequency.isEmpty else { value.fail("\(path) holds no customers"); return nil }
        var h = CustomerHistories()
        h.ids = table.customerIDs ?? []
        h.frequency = table.frequency.map { Int32(clamping: $0) }
        h.recency = table.recency.map { $0 * factor }
        h.age = table.age.map { $0 * factor }
        h.monetary = table.monetary ?? Array(repeating: 0, count: table.frequency.count)
        h.labels = table.column
        return h
    }

    /// The log's reading options (those of `clvlab summarize`).
    func logFormat(_ m: YAMLMapping) -> TransactionLogFormat? {
        if let pv = m.optional("preset"), let preset = pv.string("cdnow-sample or cdnow-master") {
            switch preset {
            case "cdnow-sample": return .cdnowSample
            case "cdnow-master": return .cdnowMaster
            default: pv.fail("expected cdnow-sample or cdnow-master, found '\(preset)'"); return nil
            }
        }
        func column(_ key: String, _ fallback: String) -> ColumnReference {
            ColumnReference(option: m.optional(key)?.string("a column name or 1-based number") ?? fallback)
        }
        var dateFormat = DateFormat.iso
        if let dv = m.optional("date_format"), let text = dv.string("iso, compact or a pattern such as d/M/yyyy") {
            do { dateFormat = try DateFormat(named: text) } catch { dv.fail("\(error)"); return nil }
        }
        if let zv = m.optional("time_zone"), let text = zv.string("UTC, an offset such as +02:00 or an IANA zone such as Europe/Paris") {
            guard let zone = LogTimeZone(text) else {
                zv.fail("expected UTC, an offset such as +02:00 or an IANA zone such as Europe/Paris, found '\(text)'"); return nil
            }
            dateFormat = dateFormat.inZone(zone)
        }
        var delimiter = FieldDelimiter.comma
        if let dv = m.optional("delimiter"), let text = dv.string(FieldDelimiter.namesExpected) {
            guard let d = FieldDelimiter(named: text) else { dv.fail("expected \(FieldDelimiter.namesExpected), found '\(text)'"); return nil }
            delimiter = d
        }
        return TransactionLogFormat(customer: column("customer_column", "customer_id"), date: column("date_column", "date"),
                                    amount: column("amount_column", "amount"), delimiter: delimiter, dateFormat: dateFormat,
                                    hasHeader: m.optional("header")?.bool("true or false") ?? true)
    }
}
