import Foundation

/// One intervention with every number resolved for a replication: plain values for the hot loop.
struct CompiledIntervention {
    enum Kind { case retention, loyalty, discount, personalisation }

    var kind: Kind
    /// Hash of the intervention's name: keys its share and uptake draws.
    var nameKey: UInt64
    var start: Int
    var end: Int
    /// Retention contact interval (0: a single contact).
    var every: Int
    /// Decay half-life after the window (0: effects stop at `end`).
    var halfLife: Double
    /// Bit i set ⇔ segment i is targeted.
    var segmentMask: UInt64
    var share: Double
    /// −1 when the rule is absent.
    var pAliveBelow: Double
    var recencyAtLeast: Int
    /// 0 when the rule is absent.
    var frequencyAtLeast: Int
    /// −1 when the rule is absent.
    var tenureAtLeast: Double
    /// Expected-residual-value threshold of the top-k % rule (−∞ when absent).
    var valueThreshold: Double
    var topPercent: Double
    var uptake: Double
    var rate: Double
    var churn: Double
    var spend: Double
    /// Price factor 1 − depth (1 when not a discount).
    var priceFactor: Double
    var dipPeriods: Int
    var dipRate: Double
    var tierStart: Int
    var tierCount: Int
    var perContact: Double
    var perMember: Double
    var rewardRate: Double
    var perCustomerPerPeriod: Double
    var fixed: Double
}

struct CompiledTier {
    var minSpend: Double
    var rate: Double
    var churn: Double
    var spend: Double
    var rewardRate: Double
}

/// A variant's interventions for one replication.
struct VariantPlan {
    var interventions: [CompiledIntervention]
    var tiers: [CompiledTier]

    /// Whole-variant fixed costs booked at each intervention's start: (period, amount).
    var fixedCosts: [(period: Int, amount: Double)] {
        interventions.filter { $0.fixed > 0 }.map { ($0.start, $0.fixed) }
    }

    init(_ variant: Variant, scenario: Scenario, inputs: ResolvedInputs) {
        var compiled: [CompiledIntervention] = []
        var tiers: [CompiledTier] = []
        let segmentNames = scenario.population.segments.map(\.name)
        for iv in variant.interventions {
            let x = inputs.inputs(of: iv)
            var mask: UInt64 = 0
            for (i, s) in segmentNames.enumerated() where iv.target.segments?.contains(s) ?? true { mask |= 1 << UInt64(i) }
            let kind: CompiledIntervention.Kind
            switch iv.kind {
            case .retention: kind = .retention
            case .loyaltyProgramme: kind = .loyalty
            case .discount: kind = .discount
            case .personalisation: kind = .personalisation
            }
            let tierStart = tiers.count
            for (t, values) in zip(iv.tiers, x.tiers) {
                tiers.append(CompiledTier(minSpend: t.minSpend, rate: values.purchaseRate, churn: values.churn, spend: values.spend,
                                          rewardRate: values.rewardRate ?? x.rewardRate))
            }
            compiled.append(CompiledIntervention(
                kind: kind, nameKey: stableHash(iv.name), start: iv.start, end: iv.end ?? scenario.horizon.periods,
                every: iv.every ?? 0, halfLife: iv.decayHalfLife ?? 0, segmentMask: mask,
                share: iv.target.share ?? 1, pAliveBelow: iv.target.pAliveBelow ?? -1,
                recencyAtLeast: iv.target.recencyAtLeast ?? 0, frequencyAtLeast: iv.target.frequencyAtLeast ?? 0,
                tenureAtLeast: iv.target.tenureAtLeast ?? -1, valueThreshold: -.infinity, topPercent: iv.target.topPercent ?? 0,
                uptake: x.uptake, rate: x.purchaseRate, churn: x.churn, spend: x.spend,
                priceFactor: x.depth.map { 1 - $0 } ?? 1,
                dipPeriods: iv.postPromotionDip?.periods ?? 0, dipRate: x.dipPurchaseRate ?? 1,
                tierStart: tierStart, tierCount: iv.tiers.count,
                perContact: x.perContact, perMember: x.perMemberPerPeriod,
                rewardRate: x.rewardRate, perCustomerPerPeriod: x.perCustomerPerPeriod, fixed: x.fixed))
        }
        interventions = compiled
        self.tiers = tiers
    }
}
