/// One replication's results (summary.json `replication_results[]`, `replications.csv`): the
/// uncertain inputs it drew and each variant's per-customer means — the numbers behind the
/// assumption interval, P(gain) and the incremental-value histogram, so that an analyst can redo
/// any of them.
public struct ReplicationResult: Codable, Sendable, Equatable {
    /// 1-based.
    public var replication: Int
    /// The uncertain inputs' values in this replication, in the scenario's order (empty when none
    /// is uncertain). An array of `{input, value}` rather than an object keyed by input name:
    /// input names ("loyalty.uptake") are data, and JSON keys stay a fixed snake_case schema.
    public var inputs: [InputValue]
    public var variants: [Variant]

    public struct InputValue: Codable, Sendable, Equatable {
        public var input: String
        public var value: Double
        public init(input: String, value: Double) {
            self.input = input
            self.value = value
        }
    }

    public struct Variant: Codable, Sendable, Equatable {
        public var variant: String
        /// Mean gross CLV per customer (net of the fixed-cost share, before CAC).
        public var grossCLV: Double
        /// Mean net CLV (gross − CAC).
        public var netCLV: Double
        /// Versus the baseline, customer by customer: mean incremental value and campaign cost
        /// (absent for the baseline; the cost also when neither side has campaign costs).
        public var incrementalValue: Double?
        public var incrementalCost: Double?

        enum CodingKeys: String, CodingKey {
            case variant
            case grossCLV = "gross_clv"
            case netCLV = "net_clv"
            case incrementalValue = "incremental_value"
            case incrementalCost = "incremental_cost"
        }

        public init(variant: String, grossCLV: Double, netCLV: Double, incrementalValue: Double?, incrementalCost: Double?) {
            self.variant = variant
            self.grossCLV = grossCLV
            self.netCLV = netCLV
            self.incrementalValue = incrementalValue
            self.incrementalCost = incrementalCost
        }

        /// Incremental value per unit of incremental campaign cost (absent without a cost).
        public var roi: Double? {
            guard let v = incrementalValue, let c = incrementalCost, c != 0 else { return nil }
            return v / c
        }
    }

    public init(replication: Int, inputs: [InputValue], variants: [Variant]) {
        self.replication = replication
        self.inputs = inputs
        self.variants = variants
    }
}

/// `replications.csv`: one row per replication and variant (tidy), with the uncertain inputs
/// as columns, and totals over the base beside the per-customer means.
public enum ReplicationsCSV {
    public static func render(_ s: Summary) -> String {
        let rows = s.replicationResults ?? []
        let inputs = rows.first.map { $0.inputs.map(\.input) } ?? []
        let base = Double(s.baseSize ?? s.customers)
        var lines = [(["replication", "variant"] + inputs.map(CSVRendering.field)
                      + ["gross_clv", "net_clv", "incremental_value", "incremental_cost", "roi", "total_incremental_value",
                         "total_incremental_cost"]).joined(separator: ",")]
        for r in rows {
            for v in r.variants {
                var cells = [String(r.replication), CSVRendering.field(v.variant)]
                cells += inputs.map { name in CSVNumber.format(r.inputs.first { $0.input == name }?.value) }
                cells += [CSVNumber.format(v.grossCLV), CSVNumber.format(v.netCLV), CSVNumber.format(v.incrementalValue),
                          CSVNumber.format(v.incrementalCost), CSVNumber.format(v.roi),
                          CSVNumber.format(v.incrementalValue.map { $0 * base }), CSVNumber.format(v.incrementalCost.map { $0 * base })]
                lines.append(cells.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
