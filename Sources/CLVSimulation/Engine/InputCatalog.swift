import Stochastic

/// Every scalar input of a scenario that may be uncertain, by a stable name
/// (`economics.margin`, `loyalty_programme.uptake`, `win-back.effects.purchase_rate` …).
///
/// Intervention inputs are named by the intervention's name, not its variant, so the same
/// intervention in two variants shares its draws. Each uncertain input is drawn by inversion
/// from its own keyed stream (keyed by the name), so adding an input never reshuffles another.
public struct InputCatalog: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var value: UncertainValue
    }

    /// All inputs, in the order first met in the scenario; names are unique.
    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    public init(_ scenario: Scenario) {
        let e = scenario.economics
        add("economics.margin", e.margin)
        add("economics.cost_to_serve", e.costToServe)
        add("economics.acquisition_cost", e.acquisitionCost)
        add("economics.annual_discount_rate", e.annualDiscountRate)
        for v in scenario.variants {
            for iv in v.interventions {
                let n = iv.name
                add("\(n).uptake", iv.uptake)
                add("\(n).effects.purchase_rate", iv.effects.purchaseRate)
                add("\(n).effects.churn", iv.effects.churn)
                add("\(n).effects.spend", iv.effects.spend)
                if let d = iv.depth { add("\(n).depth", d) }
                if let dip = iv.postPromotionDip { add("\(n).post_promotion_dip.purchase_rate", dip.purchaseRate) }
                for t in iv.tiers {
                    add("\(n).tiers.\(t.name).effects.purchase_rate", t.effects.purchaseRate)
                    add("\(n).tiers.\(t.name).effects.churn", t.effects.churn)
                    add("\(n).tiers.\(t.name).effects.spend", t.effects.spend)
                    if let r = t.rewardRate { add("\(n).tiers.\(t.name).reward_rate", r) }
                }
                add("\(n).costs.per_contact", iv.costs.perContact)
                add("\(n).costs.per_member_per_period", iv.costs.perMemberPerPeriod)
                add("\(n).costs.reward_rate", iv.costs.rewardRate)
                add("\(n).costs.per_customer_per_period", iv.costs.perCustomerPerPeriod)
                add("\(n).costs.fixed", iv.costs.fixed)
            }
        }
    }

    private mutating func add(_ name: String, _ value: UncertainValue) {
        // A name met twice (the same intervention in two variants) keeps its first definition.
        if index[name] != nil { return }
        index[name] = entries.count
        entries.append(Entry(name: name, value: value))
    }

    /// The inputs that vary between replications.
    public var uncertain: [Entry] { entries.filter { $0.value.isUncertain } }

    /// Values of every input in one replication.
    public func draw(seed: UInt64, replication: Int) -> ResolvedInputs {
        ResolvedInputs(catalog: self, values: entries.map { e in
            e.value.isUncertain ? ReplicationInputs.sample(e.value, named: e.name, seed: seed, replication: replication) : e.value.central
        })
    }

    /// Every input at its central value, except `overrides` (name → probability level u),
    /// for one-at-a-time sensitivity runs.
    public func central(overriding overrides: [String: Double] = [:]) -> ResolvedInputs {
        ResolvedInputs(catalog: self, values: entries.map { e in
            if let u = overrides[e.name] {
                return e.value.value(at: u, betaQuantile: Distributions.betaQuantile, normalQuantile: Distributions.normalQuantile)
            }
            return e.value.central
        })
    }

    func position(_ name: String) -> Int? { index[name] }
}

/// The values of a catalog's inputs for one replication.
public struct ResolvedInputs: Sendable {
    let catalog: InputCatalog
    public let values: [Double]

    public subscript(name: String) -> Double {
        guard let i = catalog.position(name) else { preconditionFailure("unknown input \(name)") }
        return values[i]
    }

    /// Name → value, for reports.
    public var named: [(String, Double)] { zip(catalog.entries.map(\.name), values).map { ($0, $1) } }

    public var economics: ReplicationInputs {
        ReplicationInputs(margin: self["economics.margin"], costToServe: self["economics.cost_to_serve"],
                          acquisitionCost: self["economics.acquisition_cost"], annualDiscountRate: self["economics.annual_discount_rate"])
    }
}
