import Stochastic

/// Every scalar input of a scenario that may be uncertain, by its typed identifier
/// (``InputID``), in the order first met in the scenario.
///
/// Each uncertain input is drawn by inversion from its own keyed stream (keyed by the
/// identifier's name), so adding an input never reshuffles another.
public struct InputCatalog: Sendable {
    public struct Entry: Sendable {
        public var id: InputID
        public var value: UncertainValue
        public var name: String { id.name }
    }

    /// All inputs; identifiers are unique.
    public let entries: [Entry]
    private let index: [InputID: Int]

    public init(_ scenario: Scenario) {
        var entries: [Entry] = []
        var index: [InputID: Int] = [:]
        func add(_ id: InputID, _ value: UncertainValue) {
            // An input met twice (the same intervention in two variants) keeps its first definition.
            guard index[id] == nil else { return }
            index[id] = entries.count
            entries.append(Entry(id: id, value: value))
        }
        for e in InputID.Economic.allCases { add(.economics(e), scenario.economics.value(e)) }
        for v in scenario.variants {
            for iv in v.interventions { _ = InterventionInputs(iv) { id, value in add(id, value); return value.central } }
        }
        self.entries = entries
        self.index = index
    }

    /// The inputs that vary between replications.
    public var uncertain: [Entry] { entries.filter { $0.value.isUncertain } }

    /// Values of every input in one replication.
    public func draw(seed: UInt64, replication: Int) -> ResolvedInputs {
        ResolvedInputs(catalog: self, values: entries.map { e in
            e.value.isUncertain ? ReplicationInputs.sample(e.value, id: e.id, seed: seed, replication: replication) : e.value.central
        })
    }

    /// Every input at its central value, except `overrides` (input → probability level u),
    /// for one-at-a-time sensitivity runs.
    public func central(overriding overrides: [InputID: Double] = [:]) -> ResolvedInputs {
        ResolvedInputs(catalog: self, values: entries.map { e in
            if let u = overrides[e.id] {
                return e.value.value(at: u, betaQuantile: Distributions.betaQuantile, normalQuantile: Distributions.normalQuantile)
            }
            return e.value.central
        })
    }

    func position(_ id: InputID) -> Int? { index[id] }
}

/// The values of a catalog's inputs for one replication.
public struct ResolvedInputs: Sendable {
    let catalog: InputCatalog
    public let values: [Double]

    /// The value of an input of the catalogue's scenario. Identifiers come from the scenario the
    /// catalogue was built from (``InterventionInputs`` walks the same list), so every one is there.
    public subscript(id: InputID) -> Double {
        guard let i = catalog.position(id) else { preconditionFailure("input \(id) is not in this scenario's catalogue") }
        return values[i]
    }

    /// Name → value, for reports.
    public var named: [(String, Double)] { zip(catalog.entries.map(\.name), values).map { ($0, $1) } }

    /// One intervention's inputs, read through the list that built the catalogue.
    func inputs(of iv: Intervention) -> InterventionInputs { InterventionInputs(iv) { id, _ in self[id] } }

    public var economics: ReplicationInputs {
        ReplicationInputs(margin: self[.economics(.margin)], costToServe: self[.economics(.costToServe)],
                          acquisitionCost: self[.economics(.acquisitionCost)], annualDiscountRate: self[.economics(.annualDiscountRate)])
    }
}
