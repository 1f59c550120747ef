import Foundation

/// Reader for observed outcomes as CSV: a header naming the columns, then one customer-variant
/// per row.
///
/// Required columns: `customer`, `variant`, `value`. Optional: `segment`, `cost` (campaign cost),
/// `revenue`, `acquisition_cost`, `replication`. Columns may come in any order; an optional
/// column, once in the header, must be filled on every row. Fields may be double-quoted
/// (RFC 4180, `""` for a quote). Lines may end in LF or CRLF. Blank lines and lines starting with `#` are skipped.
/// Variants keep their order of first appearance.
///
/// With `pairing: .paired`, rows are matched on (customer, replication): every variant must
/// hold exactly the same customers, and rows are reordered to the first variant's order.
public enum OutcomeCSV {
    /// The recognised column names.
    public static let columns = ["customer", "variant", "value", "segment", "cost", "revenue", "acquisition_cost", "replication"]

    /// Parse UTF-8 bytes.
    public static func read(_ data: Data, pairing: Pairing = .independent) throws(EvaluationError) -> OutcomeTable {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .csv(line: 1, message: "the file is not valid UTF-8")
        }
        return try read(text, pairing: pairing)
    }

    /// Parse text.
    public static func read(_ text: String, pairing: Pairing = .independent) throws(EvaluationError) -> OutcomeTable {
        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var header: [String: Int]? = nil
        var headerWidth = 0
        var builders: [String: Builder] = [:]
        var order: [String] = []

        var lineNumber = 0
        var lastContentLine = 1
        for (first, line) in try records(text) {
            lineNumber = first
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            lastContentLine = lineNumber
            let fields = try split(line, lineNumber: lineNumber)

            guard let columnIndex = header else {
                header = try headerColumns(fields, lineNumber: lineNumber)
                headerWidth = fields.count
                continue
            }

            guard fields.count == headerWidth else {
                throw .csv(line: lineNumber, message: "expected \(headerWidth) fields as in the header, found \(fields.count)")
            }
            func field(_ name: String) -> String? { columnIndex[name].map { fields[$0] } }
            func number(_ name: String) throws(EvaluationError) -> Double? {
                guard let s = field(name) else { return nil }
                guard !s.isEmpty else { throw .csv(line: lineNumber, message: "empty \(name)") }
                guard let x = Double(s), x.isFinite else {
                    throw .csv(line: lineNumber, message: "\(name) '\(s)' is not a finite number")
                }
                return x
            }

            let customer = field("customer")!
            let variant = field("variant")!
            if customer.isEmpty { throw .csv(line: lineNumber, message: "empty customer") }
            if variant.isEmpty { throw .csv(line: lineNumber, message: "empty variant") }
            let value = try number("value")!
            var replication: Int? = nil
            if let r = field("replication") {
                guard let k = Int(r), k >= 0 else {
                    throw .csv(line: lineNumber, message: "replication '\(r)' is not a non-negative integer")
                }
                replication = k
            }
            let segment = field("segment")
            if let segment, segment.isEmpty { throw .csv(line: lineNumber, message: "empty segment") }

            if builders[variant] == nil { builders[variant] = Builder(); order.append(variant) }
            let key = Key(customer: customer, replication: replication ?? 0)
            if let previous = builders[variant]!.lineOf[key] {
                throw .csv(line: lineNumber, message: "customer '\(customer)' appears twice in variant '\(variant)' (first on line \(previous))")
            }
            try builders[variant]!.append(
                key: key, line: lineNumber, value: value, cost: number("cost"), revenue: number("revenue"),
                acquisitionCost: number("acquisition_cost"), segment: segment, replication: replication)
        }

        guard let columnIndex = header else { throw .csv(line: lastContentLine, message: "no header line") }
        guard !order.isEmpty else { throw .csv(line: lastContentLine, message: "no data rows") }

        return try table(builders, order: order, columns: columnIndex, pairing: pairing)
    }

    /// The header's column positions, every name known and the required ones present.
    private static func headerColumns(_ fields: [String], lineNumber: Int) throws(EvaluationError) -> [String: Int] {
        var map: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            let name = f.lowercased()
            guard columns.contains(name) else {
                throw .csv(line: lineNumber, message: "unknown column '\(f)'; expected some of \(columns.joined(separator: ", "))")
            }
            if map[name] != nil { throw .csv(line: lineNumber, message: "column '\(name)' appears twice") }
            map[name] = i
        }
        for required in ["customer", "variant", "value"] where map[required] == nil {
            throw .csv(line: lineNumber, message: "missing required column '\(required)' in the header (customer,variant,value[,segment][,cost])")
        }
        return map
    }

    /// The variants in file order, each aligned to the first when paired; optional columns only
    /// where the header has them.
    private static func table(_ builders: [String: Builder], order: [String], columns columnIndex: [String: Int],
                              pairing: Pairing) throws(EvaluationError) -> OutcomeTable {
        var variants: [VariantOutcomes] = []
        let reference = builders[order[0]]!
        for name in order {
            var b = builders[name]!
            if pairing == .paired, name != order[0] {
                b = try b.aligned(to: reference, variant: name, referenceName: order[0])
            }
            variants.append(try VariantOutcomes(
                name: name, values: b.values,
                campaignCosts: columnIndex["cost"] != nil ? b.costs : nil,
                revenues: columnIndex["revenue"] != nil ? b.revenues : nil,
                acquisitionCosts: columnIndex["acquisition_cost"] != nil ? b.acquisitionCosts : nil,
                segments: columnIndex["segment"] != nil ? b.segments : nil,
                replications: columnIndex["replication"] != nil ? b.replications : nil,
                customers: b.keys.map(\.customer)))
        }
        return try OutcomeTable(pairing: pairing, variants: variants)
    }

    private struct Key: Hashable { var customer: String; var replication: Int }

    private struct Builder {
        var keys: [Key] = []
        var lines: [Int] = []
        var lineOf: [Key: Int] = [:]
        var values: [Double] = []
        var costs: [Double] = []
        var revenues: [Double] = []
        var acquisitionCosts: [Double] = []
        var segments: [String] = []
        var replications: [Int] = []

        mutating func append(
            key: Key, line: Int, value: Double, cost: Double?, revenue: Double?, acquisitionCost: Double?,
            segment: String?, replication: Int?
        ) throws(EvaluationError) {
            lineOf[key] = line
            keys.append(key)
            lines.append(line)
            values.append(value)
            if let cost { costs.append(cost) }
            if let revenue { revenues.append(revenue) }
            if let acquisitionCost { acquisitionCosts.append(acquisitionCost) }
            if let segment { segments.append(segment) }
            if let replication { replications.append(replication) }
        }

        /// Reorder to the reference's customer order; every customer must be in both.
        func aligned(to reference: Builder, variant: String, referenceName: String) throws(EvaluationError) -> Builder {
            if let extra = keys.indices.first(where: { reference.lineOf[keys[$0]] == nil }) {
                throw .csv(line: lines[extra], message: "paired data: customer '\(keys[extra].customer)' of variant '\(variant)' is not in variant '\(referenceName)'")
            }
            if let missing = reference.keys.firstIndex(where: { lineOf[$0] == nil }) {
                throw .csv(line: reference.lines[missing], message: "paired data: customer '\(reference.keys[missing].customer)' of variant '\(referenceName)' is not in variant '\(variant)'")
            }
            var out = Builder()
            let position = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
            for key in reference.keys {
                let i = position[key]!
                out.keys.append(key)
                out.lines.append(lines[i])
                out.lineOf[key] = lines[i]
                out.values.append(values[i])
                if !costs.isEmpty { out.costs.append(costs[i]) }
                if !revenues.isEmpty { out.revenues.append(revenues[i]) }
                if !acquisitionCosts.isEmpty { out.acquisitionCosts.append(acquisitionCosts[i]) }
                if !segments.isEmpty { out.segments.append(segments[i]) }
                if !replications.isEmpty { out.replications.append(replications[i]) }
            }
            return out
        }
    }

    /// The records of `text` with the line each starts on: split at line ends outside double
    /// quotes, so a quoted field may hold a line break (RFC 4180). "\r\n" is a single Character
    /// in Swift, so it is a line end of its own.
    /// - Complexity: O(n) in the characters of `text`.
    static func records(_ text: String) throws(EvaluationError) -> [(line: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        var start = text.startIndex, line = 1, first = 1
        var inQuotes = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" {
                inQuotes.toggle()  // a doubled quote toggles twice, as RFC 4180 wants
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                line += 1
                if !inQuotes {
                    out.append((first, text[start..<i]))
                    start = text.index(after: i)
                    first = line
                }
            }
            i = text.index(after: i)
        }
        if inQuotes { throw .csv(line: first, message: "unterminated quoted field (its quote opens on this line)") }
        out.append((first, text[start..<text.endIndex]))
        return out
    }

    /// Split one record into fields, honouring double quotes; fields are trimmed of spaces.
    private static func split(_ line: Substring, lineNumber: Int) throws(EvaluationError) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var wasQuoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
                current = ""
                wasQuoted = false
            } else if c == "\"" && current.allSatisfy({ $0 == " " }) {
                inQuotes = true
                wasQuoted = true
                current = ""
            } else {
                current.append(c)
            }
        }
        if inQuotes { throw .csv(line: lineNumber, message: "unterminated quoted field") }
        fields.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
