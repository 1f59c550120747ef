/// A group's discounted cash flow split into the parts a strategist asks about: the bridge from
/// margin to value (issue #16's waterfall). Each part is a discounted sum over the group's
/// customer-replications, Σ_r Σ_t (1 + d_r)^−t × X_{r,t}, so the parts add up to the discounted
/// cash flow, and a variant's parts minus its baseline's to the incremental value.
public struct CashFlowComponents: Sendable, Equatable, Codable {
    /// Revenue actually paid (after discounts, fees included): context, not a step.
    public var revenue: Double
    /// Margin at list price: (list spend + fees) × margin rate.
    public var marginAtListPrice: Double
    /// Price cut given on purchases (every purchase, including those that would have happened anyway).
    public var discountSubsidy: Double
    /// Loyalty rewards paid.
    public var rewards: Double
    /// Contacts, memberships and running costs caused by customers.
    public var contactAndMembership: Double
    /// Cost to serve of live customers.
    public var costToServe: Double
    /// Shared fixed campaign costs (the simulated customers' part of the base's).
    public var fixedCosts: Double

    public init(revenue: Double = 0, marginAtListPrice: Double = 0, discountSubsidy: Double = 0, rewards: Double = 0,
                contactAndMembership: Double = 0, costToServe: Double = 0, fixedCosts: Double = 0) {
        self.revenue = revenue
        self.marginAtListPrice = marginAtListPrice
        self.discountSubsidy = discountSubsidy
        self.rewards = rewards
        self.contactAndMembership = contactAndMembership
        self.costToServe = costToServe
        self.fixedCosts = fixedCosts
    }

    /// The discounted cash flow these parts make.
    public var value: Double {
        marginAtListPrice - discountSubsidy - rewards - contactAndMembership - costToServe - fixedCosts
    }

    /// Part by part, `self − other` (a variant against its baseline).
    public func minus(_ o: CashFlowComponents) -> CashFlowComponents {
        CashFlowComponents(revenue: revenue - o.revenue, marginAtListPrice: marginAtListPrice - o.marginAtListPrice,
                           discountSubsidy: discountSubsidy - o.discountSubsidy, rewards: rewards - o.rewards,
                           contactAndMembership: contactAndMembership - o.contactAndMembership,
                           costToServe: costToServe - o.costToServe, fixedCosts: fixedCosts - o.fixedCosts)
    }

    /// Every part divided by `n` (per customer-replication).
    public func per(_ n: Double) -> CashFlowComponents {
        CashFlowComponents(revenue: revenue / n, marginAtListPrice: marginAtListPrice / n, discountSubsidy: discountSubsidy / n,
                           rewards: rewards / n, contactAndMembership: contactAndMembership / n, costToServe: costToServe / n,
                           fixedCosts: fixedCosts / n)
    }
}
