/// Every scalar input of one intervention, each resolved by a function of its identifier and
/// declared value: the one list of an intervention's inputs. ``InputCatalog`` is built by
/// walking it and ``VariantPlan`` reads its values through it, so every identifier the plan
/// looks up is one the catalogue holds.
struct InterventionInputs {
    struct TierInputs {
        var purchaseRate: Double, churn: Double, spend: Double
        /// Nil: the programme's reward rate.
        var rewardRate: Double?
    }

    var uptake: Double
    var purchaseRate: Double, churn: Double, spend: Double
    var depth: Double?
    var dipPurchaseRate: Double?
    var tiers: [TierInputs]
    var perContact: Double, perMemberPerPeriod: Double, rewardRate: Double, perCustomerPerPeriod: Double, fixed: Double

    /// Resolves the inputs in catalogue order (the order reports list them in).
    init(_ iv: Intervention, _ value: (InputID, UncertainValue) -> Double) {
        let n = iv.name
        func lever(_ l: InputID.Lever, _ x: UncertainValue) -> Double { value(.intervention(n, l), x) }
        uptake = lever(.uptake, iv.uptake)
        purchaseRate = lever(.purchaseRate, iv.effects.purchaseRate)
        churn = lever(.churn, iv.effects.churn)
        spend = lever(.spend, iv.effects.spend)
        depth = iv.depth.map { lever(.depth, $0) }
        dipPurchaseRate = iv.postPromotionDip.map { lever(.dipPurchaseRate, $0.purchaseRate) }
        tiers = iv.tiers.map { t in
            func tier(_ l: InputID.TierLever, _ x: UncertainValue) -> Double { value(.tier(intervention: n, tier: t.name, l), x) }
            return TierInputs(purchaseRate: tier(.purchaseRate, t.effects.purchaseRate), churn: tier(.churn, t.effects.churn),
                              spend: tier(.spend, t.effects.spend), rewardRate: t.rewardRate.map { tier(.rewardRate, $0) })
        }
        perContact = lever(.perContact, iv.costs.perContact)
        perMemberPerPeriod = lever(.perMemberPerPeriod, iv.costs.perMemberPerPeriod)
        rewardRate = lever(.rewardRate, iv.costs.rewardRate)
        perCustomerPerPeriod = lever(.perCustomerPerPeriod, iv.costs.perCustomerPerPeriod)
        fixed = lever(.fixed, iv.costs.fixed)
    }
}
