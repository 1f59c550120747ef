/// The kinds of observations a model is fitted to (``RegisteredModel/calibrationInput``).
public enum CalibrationInput: String, Sendable, Hashable, CaseIterable {
    /// (x, t_x, T) per customer: BG/NBD, Pareto/NBD.
    case frequencyRecency = "frequency/recency summary"
    /// x and the mean repeat spend z̄ of customers with x ≥ 1: Gamma-Gamma.
    case repeatSpend = "repeat-buyer spend"
    /// A cohort's survivor counts or individual tenures: the shifted-beta-geometric.
    case renewals = "renewal counts"
}

/// Retention observations of a contractual cohort.
public enum RetentionObservations: Sendable, Hashable {
    /// Active customers after 0, 1, …, k periods (n₀ first, non-increasing).
    case survivors([Double])
    /// Per customer: periods survived, and whether still active (right-censored).
    case tenures([Int], censored: [Bool])
}

/// Whatever observations a caller has, in one value: every model's ``RegisteredModel/fit(_:)``
/// takes one and uses the part its ``CalibrationInput`` names, so fitting any model is one call
/// through the registry. A missing part is ``FitError/missingData(_:)``.
public struct CalibrationData: Sendable {
    /// Per-customer columns (equal lengths; empty when there are none).
    public var frequency: [Int]
    public var recency: [Double]
    public var age: [Double]
    /// Mean repeat spend per customer, when the data has amounts.
    public var monetaryValue: [Double]?
    public var retention: RetentionObservations?
    /// Customer ids in column order, when known, so that a bad row is named by its id.
    public var customerIDs: [String]?

    public init(frequency: [Int] = [], recency: [Double] = [], age: [Double] = [], monetaryValue: [Double]? = nil,
                retention: RetentionObservations? = nil) {
        self.frequency = frequency; self.recency = recency; self.age = age
        self.monetaryValue = monetaryValue; self.retention = retention
    }

    /// The calibration columns of a summary (with its monetary values).
    public init(_ summary: RFMSummary) {
        self.init(frequency: summary.customers.map(\.frequency), recency: summary.customers.map(\.recency),
                  age: summary.customers.map(\.age), monetaryValue: summary.customers.map(\.monetaryValue))
        customerIDs = summary.customers.map(\.customerID)
    }

    /// The (x, t_x, T) columns grouped for a transaction-model likelihood.
    public func frequencyRecency() throws(FitError) -> FrequencyRecencyData {
        guard !frequency.isEmpty || !recency.isEmpty || !age.isEmpty else {
            throw .missingData("this model needs per-customer frequency, recency and age (x, t_x, T)")
        }
        return try FrequencyRecencyData(frequency: frequency, recency: recency, age: age)
    }

    /// The repeat buyers' (x, z̄): customers with x ≥ 1 and z̄ > 0, in data order. Repeat buyers
    /// with z̄ = 0 carry no information a Gamma density can use and are left out, as `clvlab fit`
    /// has always done.
    public func repeatSpend() throws(FitError) -> (frequency: [Int], monetaryValue: [Double]) {
        guard let m = monetaryValue else {
            throw .missingData("gamma_gamma needs monetary values (a zbar or monetary_value column)")
        }
        guard m.count == frequency.count else { throw .invalidData("frequency and monetary value have different lengths") }
        // Checked here, before filtering, so the message names the customer and not a position
        // among the repeat buyers.
        if let bad = frequency.indices.first(where: { frequency[$0] > 0 && !m[$0].isFinite }) {
            let who = customerIDs.map { "customer '\($0[bad])'" } ?? "the customer on data row \(bad + 1)"
            throw .invalidData("\(who): mean repeat spend \(m[bad]) is not finite")
        }
        let keep = frequency.indices.filter { frequency[$0] > 0 && m[$0] > 0 }
        return (keep.map { frequency[$0] }, keep.map { m[$0] })
    }

    /// Whether the part that `input` names is present.
    public func contains(_ input: CalibrationInput) -> Bool {
        switch input {
        case .frequencyRecency: return !frequency.isEmpty
        case .repeatSpend: return monetaryValue != nil
        case .renewals: return retention != nil
        }
    }
}
