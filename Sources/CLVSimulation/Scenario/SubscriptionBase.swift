import CLVModels
import Foundation
import Stochastic

extension ScenarioReader {
    /// Subscribers: `subscribers: FILE` — a CSV of `customer` (or `customer_id`, `id`), `start`
    /// and, for a subscription that ended, `end` (yyyy-MM-dd) — with an sBG fit in the horizon's
    /// period and the `fee` each live period pays. The base is the subscriptions active at
    /// `observed_until` (started on or before it, not ended by it); a subscriber observed for T
    /// periods has made n = ⌊T⌋ renewals, and draws θ ~ Beta(γ, δ + n) (Fader & Hardie 2007, §3).
    /// Renewals fall at the simulation's period ends (the subscriber's own anniversary within the
    /// first period is not kept).
    func subscriptionBase(_ m: YAMLMapping, modelValue: YAMLValue, until: CivilDay?, horizon: PeriodUnit) -> BaseRead? {
        for key in ["preset", "customer_column", "date_column", "amount_column", "date_format", "time_zone", "delimiter", "header", "spend_model", "spend"] {
            m.optional(key)?.fail("'\(key)' does not apply to subscribers: a subscription base pays its 'fee' each live period")
        }
        if m.optional("log") != nil || m.optional("summary") != nil {
            m.optional("subscribers")?.fail("give one of 'log', 'summary' or 'subscribers'")
            return nil
        }
        guard let (fit, fitPath) = modelFile(modelValue, kinds: [.sbg]) else { return nil }
        guard fit.periodUnit == horizon else {
            modelValue.fail("\(fitPath): the sBG model's period '\(fit.period ?? "none")' cannot be converted to the horizon's \(horizon.rawValue): "
                            + "churn per period has no exact conversion between period lengths; set horizon.period to \(fit.period ?? "the fit's period") "
                            + "or refit with clvlab fit in \(horizon.rawValue)s")
            return nil
        }
        let sbg: ShiftedBetaGeometric
        switch Result(catching: { () throws(ModelFileError) -> ShiftedBetaGeometric in try fit.parameters(as: ShiftedBetaGeometric.self) }) {
        case .success(let p): sbg = p
        case .failure(let e): modelValue.fail(Self.describe(e, in: fitPath)); return nil
        }
        let fee = m.required("fee", "the fee a subscriber pays each live period")?
            .number("a fee between 0 and 1e9 per live period") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }
        guard let until, let fee, let value = m.optional("subscribers"),
              let histories = subscriberHistories(value, until: until, period: horizon) else { return nil }
        return BaseRead(histories: histories, posterior: .sbg(sbg), rate: nil, lifetime: .contractual(churn: .beta(a: sbg.gamma, b: sbg.delta)),
                        spend: nil, gammaGamma: nil, fee: fee, model: ModelFileRef(file: fit, path: fitPath, value: modelValue),
                        spendModel: nil, rateFactor: 1)
    }

    /// The subscriptions active at `until`, as histories: T the tenure in periods, x = t_x = the
    /// renewals made (x counts them for `frequency_at_least`).
    func subscriberHistories(_ value: YAMLValue, until: CivilDay, period: PeriodUnit) -> CustomerHistories? {
        guard let name = value.string("a path to a CSV of subscriptions (customer, start, end)") else { return nil }
        let path = resolvedPath(name)
        let data: Data
        do { data = try InputFile.read(path) } catch { value.fail("cannot read the subscriptions file \(error)"); return nil }
        guard let rows = AttributeFile.rows(data), let header = rows.first?.map({ $0.lowercased() }),
              let id = header.firstIndex(where: { ["customer", "customer_id", "id"].contains($0) }), let start = header.firstIndex(of: "start") else {
            value.fail("\(path): expected columns customer (or customer_id, id), start and, for ended subscriptions, end")
            return nil
        }
        let end = header.firstIndex(of: "end")
        var h = CustomerHistories(), ended = 0, later = 0
        for (k, row) in rows.dropFirst().enumerated() {
            guard row.count == header.count, let first = DateFormat.iso.parse(row[start]) else {
                value.fail("\(path): line \(k + 2): expected \(header.count) fields with start a date yyyy-MM-dd"); return nil
            }
            var last: CivilDay?
            if let end, !row[end].isEmpty {
                guard let e = DateFormat.iso.parse(row[end]), e >= first else {
                    value.fail("\(path): line \(k + 2): end '\(row[end])' is not a date yyyy-MM-dd on or after the start \(first)"); return nil
                }
                last = e
            }
            if first > until { later += 1; continue }
            if let last, last <= until { ended += 1; continue }
            let tenure = Double(until.dayNumber - first.dayNumber) / period.days
            h.ids.append(row[id]); h.age.append(tenure); h.recency.append(tenure)
            h.frequency.append(Int32(clamping: Int(tenure.rounded(.down)))); h.monetary.append(0)
        }
        guard h.count > 0 else { value.fail("\(path): no subscription is active on \(until): expected at least one started by then and not ended"); return nil }
        if ended + later > 0 {
            log.warnings.append("\(path): \(h.count) subscriptions active on \(until) form the base; \(ended) ended by then and \(later) started after it are left out")
        }
        return h
    }
}
