/// YAML → ``Intervention`` (DESIGN.md §3, §6), with the cross-field checks that need the
/// horizon and the segments.
extension ScenarioReader {
    struct Context {
        var periods: Int?
        var segments: [Segment]?
    }

    func intervention(_ value: YAMLValue, context: Context) -> Intervention? {
        let kinds = Intervention.Kind.allCases.map(\.rawValue)
        guard let m = value.mapping("an intervention mapping { kind, start, target, effects, costs, … }") else { return nil }
        guard let kindValue = m.required("kind", "one of \(kinds.joined(separator: ", "))"), let kindText = kindValue.string("a kind") else { return nil }
        guard let kind = Intervention.Kind(rawValue: kindText) else {
            var msg = "unknown intervention kind '\(kindText)'"
            if let near = closest(kindText, in: kinds) { msg += "; did you mean '\(near)'?" }
            kindValue.fail(msg + " (expected one of: \(kinds.joined(separator: ", ")))")
            return nil
        }
        var allowed = ["kind", "name", "start", "end", "target", "uptake", "effects", "decay_half_life", "costs"]
        switch kind {
        case .retention: allowed += ["every"]
        case .loyaltyProgramme: allowed += ["tiers"]
        case .discount: allowed += ["depth", "post_promotion_dip"]
        case .personalisation: break
        }
        m.rejectUnknownKeys(allowed)
        let horizon = context.periods ?? ScenarioLoader.maxPeriods
        let name = m.optional("name")?.name() ?? kind.rawValue
        let start = m.required("start", "the first period the intervention acts in")?.integer("a start period", in: 1...horizon)
        var end: Int?
        if let e = m.optional("end") {
            end = e.integer("an end period", in: 1...horizon)
            if let s = start, let en = end, en < s { e.fail("expected an end period ≥ start (\(s)), found \(en)"); end = nil }
            if end == nil { return nil }
        }
        let every = m.optional("every")?.integer("a number of periods between contacts", in: 1...horizon)
        if m.optional("every") != nil && every == nil { return nil }
        let target = m.optional("target").map { targeting($0, context: context) } ?? Targeting()
        let uptake = m.optional("uptake").map { uncertain($0, "an uptake probability in [0, 1]", within: 0...1) } ?? .fixed(1)
        let effects = m.optional("effects").map(effects) ?? Effects()
        let halfLife = m.optional("decay_half_life")?.number("a half-life in periods > 0") { $0 > 0 }
        if m.optional("decay_half_life") != nil && halfLife == nil { return nil }
        var depth: UncertainValue??
        if kind == .discount {
            depth = m.required("depth", "the price cut as a share of the list price, e.g. 0.15").map { uncertain($0, "a discount depth in [0, 1)", within: 0...0.999_999) }
        }
        var dip: PostPromotionDip??
        if let d = m.optional("post_promotion_dip") { dip = postPromotionDip(d, horizon: horizon) }
        var tiers: [Tier]? = []
        if let t = m.optional("tiers") { tiers = tierList(t) }
        let costs = m.optional("costs").map(costs) ?? Costs()
        guard let start, let target, let uptake, let effects, let tiers, let costs else { return nil }
        if let depth, depth == nil { return nil }
        if let dip, dip == nil { return nil }
        return Intervention(kind: kind, name: name, start: start, end: end, every: every, target: target, uptake: uptake,
                            effects: effects, decayHalfLife: halfLife, depth: depth ?? nil, postPromotionDip: dip ?? nil,
                            tiers: tiers, costs: costs)
    }

    func targeting(_ value: YAMLValue, context: Context) -> Targeting? {
        let keys = ["segments", "share", "p_alive_below", "top_percent", "recency_at_least", "frequency_at_least", "tenure_at_least"]
        guard let m = value.mapping("a mapping { \(keys.joined(separator: ", ")) }") else { return nil }
        m.rejectUnknownKeys(keys)
        var t = Targeting()
        var ok = true
        if let s = m.optional("segments") {
            if let items = s.sequence("a list of segment names") {
                let names = items.compactMap { $0.string("a segment name") }
                ok = ok && names.count == items.count
                if let known = context.segments?.map(\.name) {
                    for (i, n) in names.enumerated() where !known.contains(n) {
                        var msg = "no segment is named '\(n)'"
                        if let near = closest(n, in: known) { msg += "; did you mean '\(near)'?" }
                        items[i].fail(msg + " (segments: \(known.joined(separator: ", ")))")
                        ok = false
                    }
                }
                t.segments = names
            } else { ok = false }
        }
        if let s = m.optional("share") { t.share = s.number("a share in (0, 1]") { $0 > 0 && $0 <= 1 }; ok = ok && t.share != nil }
        if let p = m.optional("p_alive_below") {
            t.pAliveBelow = p.number("a probability in (0, 1]") { $0 > 0 && $0 <= 1 }
            ok = ok && t.pAliveBelow != nil
            if t.pAliveBelow != nil, let segments = context.segments {
                let targeted = segments.filter { t.segments?.contains($0.name) ?? true }
                for s in targeted where PAliveScorer.Model(segment: s) == nil {
                    p.fail("segment '\(s.name)' cannot be scored: P(alive) needs a bgnbd segment with { gamma } purchase rate and { beta } dropout, or a paretonbd segment with { gamma } purchase rate and { gamma } dropout")
                    ok = false
                }
            }
        }
        if let k = m.optional("top_percent") {
            t.topPercent = k.number("a percentage in (0, 100]") { $0 > 0 && $0 <= 100 }
            ok = ok && t.topPercent != nil
            if t.topPercent != nil, let segments = context.segments {
                let targeted = segments.filter { t.segments?.contains($0.name) ?? true }
                for s in targeted where PAliveScorer.Model(segment: s) == nil || s.spend == nil {
                    k.fail("segment '\(s.name)' cannot be scored: expected residual value needs a bgnbd or paretonbd segment with { gamma } purchase rate, its model's dropout distribution, and spend")
                    ok = false
                }
            }
        }
        if let r = m.optional("recency_at_least") {
            t.recencyAtLeast = r.integer("a number of periods without purchase", in: 1...ScenarioLoader.maxPeriods)
            ok = ok && t.recencyAtLeast != nil
        }
        if let f = m.optional("frequency_at_least") {
            t.frequencyAtLeast = f.integer("a number of repeat purchases", in: 1...1_000_000_000)
            ok = ok && t.frequencyAtLeast != nil
        }
        if let f = m.optional("tenure_at_least") {
            t.tenureAtLeast = f.number("a number of periods since the first purchase in [0, 1e6]") { $0 >= 0 && $0 <= 1e6 }
            ok = ok && t.tenureAtLeast != nil
        }
        return ok ? t : nil
    }

    func effects(_ value: YAMLValue) -> Effects? {
        guard let m = value.mapping("a mapping of multipliers { purchase_rate, churn, spend }") else { return nil }
        m.rejectUnknownKeys(["purchase_rate", "churn", "dropout", "spend"])
        if m.optional("churn") != nil && m.optional("dropout") != nil {
            m.optional("dropout")?.fail("give either 'churn' or 'dropout' (the same leaving-hazard multiplier), not both")
            return nil
        }
        let within = 0...1000.0
        let rate = m.optional("purchase_rate").map { uncertain($0, "a purchase-rate multiplier ≥ 0", within: within) } ?? .fixed(1)
        let churn = (m.optional("churn") ?? m.optional("dropout")).map { uncertain($0, "a leaving-hazard multiplier ≥ 0", within: within) } ?? .fixed(1)
        let spend = m.optional("spend").map { uncertain($0, "a spend multiplier ≥ 0", within: within) } ?? .fixed(1)
        guard let rate, let churn, let spend else { return nil }
        return Effects(purchaseRate: rate, churn: churn, spend: spend)
    }

    func costs(_ value: YAMLValue) -> Costs? {
        guard let m = value.mapping("a mapping { per_contact, per_member_per_period, reward_rate, per_customer_per_period, fixed }") else { return nil }
        m.rejectUnknownKeys(["per_contact", "per_member_per_period", "reward_rate", "per_customer_per_period", "fixed"])
        let money = 0...ScenarioLoader.maxAmount
        let contact = m.optional("per_contact").map { uncertain($0, "a cost per contact ≥ 0", within: money) } ?? .fixed(0)
        let member = m.optional("per_member_per_period").map { uncertain($0, "a cost per member per period ≥ 0", within: money) } ?? .fixed(0)
        let reward = m.optional("reward_rate").map { uncertain($0, "a reward rate in [0, 1]", within: 0...1) } ?? .fixed(0)
        let running = m.optional("per_customer_per_period").map { uncertain($0, "a cost per customer per period ≥ 0", within: money) } ?? .fixed(0)
        let fixed = m.optional("fixed").map { uncertain($0, "a fixed cost ≥ 0", within: money) } ?? .fixed(0)
        guard let contact, let member, let reward, let running, let fixed else { return nil }
        return Costs(perContact: contact, perMemberPerPeriod: member, rewardRate: reward, perCustomerPerPeriod: running, fixed: fixed)
    }

    func postPromotionDip(_ value: YAMLValue, horizon: Int) -> PostPromotionDip? {
        guard let m = value.mapping("a mapping { periods, purchase_rate }") else { return nil }
        m.rejectUnknownKeys(["periods", "purchase_rate"])
        let periods = m.required("periods", "how many periods the dip lasts")?.integer("a number of periods", in: 1...horizon)
        let rate = m.required("purchase_rate", "the purchase-rate multiplier during the dip, e.g. 0.8")
            .flatMap { uncertain($0, "a purchase-rate multiplier ≥ 0", within: 0...1000) }
        guard let periods, let rate else { return nil }
        return PostPromotionDip(periods: periods, purchaseRate: rate)
    }

    func tierList(_ value: YAMLValue) -> [Tier]? {
        guard let items = value.sequence("a list of tiers { name, min_spend, effects, reward_rate }") else { return nil }
        var tiers: [Tier] = []
        for item in items {
            guard let m = item.mapping("a tier { name, min_spend, effects, reward_rate }") else { return nil }
            m.rejectUnknownKeys(["name", "min_spend", "effects", "reward_rate"])
            let name = m.required("name", "the tier's name")?.name()
            let minSpend = m.required("min_spend", "cumulative spend since enrolment from which the tier applies")?
                .number("an amount ≥ 0") { $0 >= 0 }
            let effects = m.optional("effects").map(effects) ?? Effects()
            var reward: UncertainValue??
            if let r = m.optional("reward_rate") { reward = uncertain(r, "a reward rate in [0, 1]", within: 0...1) }
            guard let name, let minSpend, let effects else { return nil }
            if let reward, reward == nil { return nil }
            if let last = tiers.last, minSpend <= last.minSpend {
                item.fail("tiers must be ordered by increasing min_spend: \(formatNumber(minSpend)) follows \(formatNumber(last.minSpend))")
                return nil
            }
            tiers.append(Tier(name: name, minSpend: minSpend, effects: effects, rewardRate: reward ?? nil))
        }
        return tiers
    }
}
