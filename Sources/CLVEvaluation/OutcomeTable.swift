/// Whether the variants of an outcome table describe the same customers.
public enum Pairing: String, Codable, Sendable {
    /// Row i of every variant is the same customer (and replication), simulated with common
    /// random numbers (DESIGN.md §4): comparisons use per-customer differences.
    case paired
    /// Different customers per variant, as in an observed A/B test: comparisons use Welch.
    case independent
}

/// Per-customer outcomes of one variant, stored by column so a million simulated customers
/// cost a few arrays, not a million objects.
///
/// Column meanings (every optional column has one entry per customer when present):
/// - `values`: the customer's value, e.g. CLV. For comparisons it should be *net of the campaign
///   cost the customer caused* (DESIGN.md §2 subtracts intervention costs from cash flows), and
///   for LTV/CAC *gross of acquisition cost*.
/// - `campaignCosts`: campaign cost attributed to the customer (already deducted from `values`);
///   the denominator of ROI. A baseline without the column has zero campaign cost.
/// - `revenues`: revenue or margin, informational.
/// - `acquisitionCosts`: CAC per customer, the denominator of LTV/CAC.
/// - `segments`: segment label.
/// - `replications`: replication index (simulation), used for the probability of beating the
///   baseline and for assumption intervals.
/// - `customers`: customer identifier.
public struct VariantOutcomes: Sendable, Equatable {
    public let name: String
    public let values: [Double]
    public let campaignCosts: [Double]?
    public let revenues: [Double]?
    public let acquisitionCosts: [Double]?
    public let segments: [String]?
    public let replications: [Int]?
    public let customers: [String]?

    /// Validates that every present column has one finite entry per customer.
    public init(
        name: String, values: [Double], campaignCosts: [Double]? = nil, revenues: [Double]? = nil,
        acquisitionCosts: [Double]? = nil, segments: [String]? = nil, replications: [Int]? = nil,
        customers: [String]? = nil
    ) throws(EvaluationError) {
        let n = values.count
        func check(_ column: [Double]?, _ label: String) throws(EvaluationError) {
            guard let column else { return }
            if column.count != n {
                throw .invalidTable("variant '\(name)': \(label) has \(column.count) entries, values has \(n)")
            }
            if let i = column.firstIndex(where: { !$0.isFinite }) {
                throw .invalidTable("variant '\(name)': \(label)[\(i)] is not finite")
            }
        }
        try check(values, "values")
        try check(campaignCosts, "campaign costs")
        try check(revenues, "revenues")
        try check(acquisitionCosts, "acquisition costs")
        if let segments, segments.count != n {
            throw .invalidTable("variant '\(name)': segments has \(segments.count) entries, values has \(n)")
        }
        if let replications, replications.count != n {
            throw .invalidTable("variant '\(name)': replications has \(replications.count) entries, values has \(n)")
        }
        if let customers, customers.count != n {
            throw .invalidTable("variant '\(name)': customers has \(customers.count) entries, values has \(n)")
        }
        self.name = name
        self.values = values
        self.campaignCosts = campaignCosts
        self.revenues = revenues
        self.acquisitionCosts = acquisitionCosts
        self.segments = segments
        self.replications = replications
        self.customers = customers
    }

    /// Number of customers (rows).
    public var count: Int { values.count }

    /// Campaign costs, zeros when the column is absent.
    public var campaignCostsOrZero: [Double] { campaignCosts ?? [Double](repeating: 0, count: count) }

    /// The rows at `indices`, in that order, with every column kept.
    public func rows(_ indices: [Int]) -> VariantOutcomes {
        // Subsets of a valid table are valid, so the validating initialiser cannot throw here.
        try! VariantOutcomes(
            name: name, values: indices.map { values[$0] },
            campaignCosts: campaignCosts.map { c in indices.map { c[$0] } },
            revenues: revenues.map { c in indices.map { c[$0] } },
            acquisitionCosts: acquisitionCosts.map { c in indices.map { c[$0] } },
            segments: segments.map { c in indices.map { c[$0] } },
            replications: replications.map { c in indices.map { c[$0] } },
            customers: customers.map { c in indices.map { c[$0] } })
    }

    /// Segment labels in order of first appearance; empty without a segment column.
    public var segmentNames: [String] {
        guard let segments else { return [] }
        var seen = Set<String>()
        return segments.filter { seen.insert($0).inserted }
    }

    /// Row indices of one segment.
    public func indices(ofSegment segment: String) -> [Int] {
        guard let segments else { return [] }
        return segments.indices.filter { segments[$0] == segment }
    }
}

extension VariantOutcomes: Codable {
    private enum CodingKeys: String, CodingKey {
        // Default (camelCase) key names, so JSONEncoder/Decoder's snake-case strategies apply both ways.
        case name, values, campaignCosts, revenues, acquisitionCosts
        case segments, replications, customers
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: c.decode(String.self, forKey: .name), values: c.decode([Double].self, forKey: .values),
            campaignCosts: c.decodeIfPresent([Double].self, forKey: .campaignCosts),
            revenues: c.decodeIfPresent([Double].self, forKey: .revenues),
            acquisitionCosts: c.decodeIfPresent([Double].self, forKey: .acquisitionCosts),
            segments: c.decodeIfPresent([String].self, forKey: .segments),
            replications: c.decodeIfPresent([Int].self, forKey: .replications),
            customers: c.decodeIfPresent([String].self, forKey: .customers))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(values, forKey: .values)
        try c.encodeIfPresent(campaignCosts, forKey: .campaignCosts)
        try c.encodeIfPresent(revenues, forKey: .revenues)
        try c.encodeIfPresent(acquisitionCosts, forKey: .acquisitionCosts)
        try c.encodeIfPresent(segments, forKey: .segments)
        try c.encodeIfPresent(replications, forKey: .replications)
        try c.encodeIfPresent(customers, forKey: .customers)
    }
}

/// Outcomes of all variants of one experiment or simulation: the single input of every
/// evaluation, whether the data were observed or simulated (DESIGN.md §1).
public struct OutcomeTable: Sendable, Equatable {
    public let pairing: Pairing
    public let variants: [VariantOutcomes]

    /// Validates names (unique, non-empty) and, for a paired table, that all variants have the
    /// same number of rows and agree row by row on segment, replication and customer columns.
    public init(pairing: Pairing, variants: [VariantOutcomes]) throws(EvaluationError) {
        guard !variants.isEmpty else { throw .invalidTable("no variants") }
        var names = Set<String>()
        for v in variants {
            if v.name.isEmpty { throw .invalidTable("a variant has an empty name") }
            if !names.insert(v.name).inserted { throw .invalidTable("variant '\(v.name)' appears twice") }
        }
        if pairing == .paired {
            let first = variants[0]
            for v in variants.dropFirst() {
                if v.count != first.count {
                    throw .invalidTable("paired variants '\(first.name)' (\(first.count) rows) and '\(v.name)' (\(v.count) rows) differ in size")
                }
                if let a = first.segments, let b = v.segments, let i = a.indices.first(where: { a[$0] != b[$0] }) {
                    throw .invalidTable("paired variants '\(first.name)' and '\(v.name)' disagree on the segment of row \(i)")
                }
                if let a = first.replications, let b = v.replications, let i = a.indices.first(where: { a[$0] != b[$0] }) {
                    throw .invalidTable("paired variants '\(first.name)' and '\(v.name)' disagree on the replication of row \(i)")
                }
                if let a = first.customers, let b = v.customers, let i = a.indices.first(where: { a[$0] != b[$0] }) {
                    throw .invalidTable("paired variants '\(first.name)' and '\(v.name)' disagree on the customer of row \(i)")
                }
            }
        }
        self.pairing = pairing
        self.variants = variants
    }

    /// The variant with this name.
    public func variant(named name: String) throws(EvaluationError) -> VariantOutcomes {
        guard let v = variants.first(where: { $0.name == name }) else { throw .unknownVariant(name) }
        return v
    }
}

extension OutcomeTable: Codable {
    private enum CodingKeys: String, CodingKey { case pairing, variants }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(pairing: c.decode(Pairing.self, forKey: .pairing), variants: c.decode([VariantOutcomes].self, forKey: .variants))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pairing, forKey: .pairing)
        try c.encode(variants, forKey: .variants)
    }
}
