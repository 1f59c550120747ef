/// The identity of one scalar input of a scenario that may be uncertain: typed, so a wrong name
/// cannot be written, and named in one place (``name``), which keys the input's keyed draw and
/// labels it in reports (`economics.margin`, `win-back.effects.purchase_rate` …).
///
/// Intervention inputs are identified by the intervention's name, not its variant, so the same
/// intervention in two variants shares its draws.
public enum InputID: Hashable, Sendable, CustomStringConvertible {
    case economics(Economic)
    case intervention(String, Lever)
    case tier(intervention: String, tier: String, TierLever)

    public enum Economic: String, Sendable, CaseIterable {
        case margin, costToServe = "cost_to_serve", acquisitionCost = "acquisition_cost", annualDiscountRate = "annual_discount_rate"
    }

    /// An intervention's own inputs, by their key path in the scenario file.
    public enum Lever: String, Sendable {
        case uptake
        case purchaseRate = "effects.purchase_rate", churn = "effects.churn", spend = "effects.spend"
        case depth
        case dipPurchaseRate = "post_promotion_dip.purchase_rate"
        case perContact = "costs.per_contact", perMemberPerPeriod = "costs.per_member_per_period"
        case rewardRate = "costs.reward_rate", perCustomerPerPeriod = "costs.per_customer_per_period", fixed = "costs.fixed"
    }

    /// A loyalty tier's inputs.
    public enum TierLever: String, Sendable {
        case purchaseRate = "effects.purchase_rate", churn = "effects.churn", spend = "effects.spend", rewardRate = "reward_rate"
    }

    /// The stable name: the key of the input's draw (so it must never change) and its label.
    public var name: String {
        switch self {
        case .economics(let e): "economics.\(e.rawValue)"
        case .intervention(let n, let lever): "\(n).\(lever.rawValue)"
        case .tier(let n, let t, let lever): "\(n).tiers.\(t).\(lever.rawValue)"
        }
    }

    public var description: String { name }
}

extension Economics {
    /// The declared value of an economic input.
    func value(_ input: InputID.Economic) -> UncertainValue {
        switch input {
        case .margin: margin
        case .costToServe: costToServe
        case .acquisitionCost: acquisitionCost
        case .annualDiscountRate: annualDiscountRate
        }
    }
}
