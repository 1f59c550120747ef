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
        let table: SubscriptionTable
        do { table = try SubscriptionTable.parse(try InputFile.read(path), path: path) } catch let e as InputFileError {
            value.fail("cannot read the subscriptions file \(e)"); return nil
        } catch { value.fail("\(error)"); return nil }
        let active = table.active(on: until, period: period)
        var h = CustomerHistories()
        let (ended, later) = (active.ended, active.later)
        h.ids = active.customerIDs
        h.age = active.tenure
        h.recency = active.tenure
        h.frequency = active.tenure.map { Int32(clamping: Int($0.rounded(.down))) }
        h.monetary = Array(repeating: 0, count: active.tenure.count)
        guard h.count > 0 else { value.fail("\(path): no subscription is active on \(until): expected at least one started by then and not ended"); return nil }
        if ended + later > 0 {
            log.warnings.append("\(path): \(h.count) subscriptions active on \(until) form the base; \(ended) ended by then and \(later) started after it are left out")
        }
        return h
    }
}
