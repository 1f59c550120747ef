/// A campaign action applied to some customers of a variant: what it changes, on whom, when,
/// at what cost (DESIGN.md §3). Any number may be uncertain (drawn once per replication).
///
/// Semantics common to every kind:
/// - **When**: effects apply in periods `start` … `end` (inclusive; `end` defaults to the
///   horizon). Targeting is decided at the beginning of `start` from the customer's history
///   through `start − 1`. With `decay_half_life: h`, effects fade after `end` as 0.5^((t − end)/h).
/// - **Whom**: ``Targeting`` rules all have to hold; then each targeted customer takes the
///   offer up with probability `uptake` (one keyed draw per customer and intervention name).
/// - **Effects**: multipliers on the purchase rate, on the leaving hazard (BG/NBD dropout p,
///   Pareto/NBD rate μ, contractual churn θ; probabilities are capped at 1; no effect on a
///   fixed lifetime) and on spend per purchase. Several interventions multiply their
///   multipliers and add their costs.
/// - **Costs** are charged to the customer who causes them, in the period they occur, and
///   discounted like every cash flow; a fixed cost is shared equally by all customers of the
///   variant, booked in the start period.
public struct Intervention: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Contact campaign: contacts targeted customers at `start` (and every `every` periods);
        /// responders get the effects from the contact on, fading with `decay_half_life`.
        case retention
        /// Enrolment at `start` (uptake = enrolment probability); members get the effects while
        /// enrolled, optionally by tier of cumulative spend since enrolment, and earn rewards.
        case loyaltyProgramme = "loyalty_programme"
        /// Price cut of `depth` on every purchase of customers who take the offer up during the
        /// window, including purchases that would have happened anyway (the subsidy); optional
        /// frequency lift (effects) and post-promotion dip.
        case discount
        /// Basket and/or frequency uplift for targeted customers, with a running cost per period.
        case personalisation
    }

    public var kind: Kind
    /// Identifies the intervention's random draws and uncertain inputs: the same name in two
    /// variants means the same draws (common random numbers). Defaults to the kind.
    public var name: String
    public var start: Int
    public var end: Int?
    /// Retention: repeat the contact every this many periods until `end`.
    public var every: Int?
    public var target: Targeting
    /// Probability that a targeted customer responds, enrols or uses the offer.
    public var uptake: UncertainValue
    public var effects: Effects
    public var decayHalfLife: Double?
    /// Discount: price cut as a share of the list price.
    public var depth: UncertainValue?
    /// Discount: purchase-rate multiplier for some periods after the window (stock-piling).
    public var postPromotionDip: PostPromotionDip?
    /// Loyalty programme: tiers by cumulative spend since enrolment, lowest first.
    public var tiers: [Tier]
    public var costs: Costs

    public init(kind: Kind, name: String, start: Int, end: Int? = nil, every: Int? = nil, target: Targeting = Targeting(),
                uptake: UncertainValue = .fixed(1), effects: Effects = Effects(), decayHalfLife: Double? = nil,
                depth: UncertainValue? = nil, postPromotionDip: PostPromotionDip? = nil, tiers: [Tier] = [], costs: Costs = Costs()) {
        self.kind = kind
        self.name = name
        self.start = start
        self.end = end
        self.every = every
        self.target = target
        self.uptake = uptake
        self.effects = effects
        self.decayHalfLife = decayHalfLife
        self.depth = depth
        self.postPromotionDip = postPromotionDip
        self.tiers = tiers
        self.costs = costs
    }
}

/// Who is eligible. All given rules must hold.
public struct Targeting: Sendable, Codable, Equatable {
    /// Only these segments (all when nil).
    public var segments: [String]?
    /// A random share of eligible customers is treated; the rest is a holdout.
    public var share: Double?
    /// P(alive) at the start period below this, scored with the segment's own BG/NBD or
    /// Pareto/NBD parameters from the customer's simulated frequency and recency.
    public var pAliveBelow: Double?
    /// The top k % of expected residual value at the start period.
    public var topPercent: Double?
    /// No purchase in the last k periods (recency ≥ k).
    public var recencyAtLeast: Int?
    /// At least k repeat purchases so far (a real customer's before `observed_until` included).
    public var frequencyAtLeast: Int?
    /// At least k periods since the first purchase (or acquisition, or subscription start).
    public var tenureAtLeast: Double?

    public init(segments: [String]? = nil, share: Double? = nil, pAliveBelow: Double? = nil,
                topPercent: Double? = nil, recencyAtLeast: Int? = nil, frequencyAtLeast: Int? = nil, tenureAtLeast: Double? = nil) {
        self.frequencyAtLeast = frequencyAtLeast
        self.tenureAtLeast = tenureAtLeast
        self.segments = segments
        self.share = share
        self.pAliveBelow = pAliveBelow
        self.topPercent = topPercent
        self.recencyAtLeast = recencyAtLeast
    }

    // The older keys keep their Swift names (JSONKeyStyle writes them in snake_case with a
    // deprecated alias); keys added since are snake_case from the start.
    enum CodingKeys: String, CodingKey {
        case segments, share, pAliveBelow, topPercent, recencyAtLeast
        case frequencyAtLeast = "frequency_at_least"
        case tenureAtLeast = "tenure_at_least"
    }

    var usesHistory: Bool { pAliveBelow != nil || topPercent != nil || recencyAtLeast != nil || frequencyAtLeast != nil || tenureAtLeast != nil }
}

/// Multipliers (1 = no change).
public struct Effects: Sendable, Codable, Equatable {
    public var purchaseRate: UncertainValue
    /// On the leaving hazard: BG/NBD p, Pareto/NBD μ, contractual θ. YAML key `churn` (or `dropout`).
    public var churn: UncertainValue
    public var spend: UncertainValue

    public init(purchaseRate: UncertainValue = .fixed(1), churn: UncertainValue = .fixed(1), spend: UncertainValue = .fixed(1)) {
        self.purchaseRate = purchaseRate
        self.churn = churn
        self.spend = spend
    }
}

public struct PostPromotionDip: Sendable, Codable, Equatable {
    public var periods: Int
    public var purchaseRate: UncertainValue

    public init(periods: Int, purchaseRate: UncertainValue) {
        self.periods = periods
        self.purchaseRate = purchaseRate
    }
}

public struct Tier: Sendable, Codable, Equatable {
    public var name: String
    /// Cumulative spend since enrolment from which the tier applies.
    public var minSpend: Double
    /// Replace the programme's base effects while in this tier.
    public var effects: Effects
    /// Replace the programme's reward rate while in this tier.
    public var rewardRate: UncertainValue?

    public init(name: String, minSpend: Double, effects: Effects, rewardRate: UncertainValue? = nil) {
        self.name = name
        self.minSpend = minSpend
        self.effects = effects
        self.rewardRate = rewardRate
    }
}

/// Campaign costs; all default to 0.
public struct Costs: Sendable, Codable, Equatable {
    /// Per targeted customer contacted (at `start`, and at every repeat for retention).
    public var perContact: UncertainValue
    /// Per enrolled member per live period (loyalty programme).
    public var perMemberPerPeriod: UncertainValue
    /// Share of a member's revenue paid back as rewards (loyalty programme).
    public var rewardRate: UncertainValue
    /// Per targeted customer per live period in the window (personalisation running cost).
    public var perCustomerPerPeriod: UncertainValue
    /// Set-up or running cost of the whole intervention, shared by all customers of the variant.
    public var fixed: UncertainValue

    public init(perContact: UncertainValue = .fixed(0), perMemberPerPeriod: UncertainValue = .fixed(0),
                rewardRate: UncertainValue = .fixed(0), perCustomerPerPeriod: UncertainValue = .fixed(0),
                fixed: UncertainValue = .fixed(0)) {
        self.perContact = perContact
        self.perMemberPerPeriod = perMemberPerPeriod
        self.rewardRate = rewardRate
        self.perCustomerPerPeriod = perCustomerPerPeriod
        self.fixed = fixed
    }
}
