import CLVModels
import Foundation
import Stochastic

/// `population: { from_customers: { log | summary, observed_until, model, spend_model, … } }`:
/// the business's own customers (``CustomerBase``). Paths are relative to the scenario file;
/// the log is read with the options of `clvlab summarize`, as YAML keys.
extension ScenarioReader {
    static let customerBaseKeys = ["log", "summary", "preset", "customer_column", "date_column", "amount_column", "date_format",
                                   "time_zone", "delimiter", "header", "subscribers", "observed_until", "model", "spend_model", "spend", "fee", "sample",
                                   "segments", "parameter_uncertainty"]

    func customerBasePopulation(_ outer: YAMLMapping) -> Population? {
        outer.rejectUnknownKeys(["from_customers"])
        guard let value = outer.optional("from_customers"),
              let m = value.mapping("a mapping { log, summary or subscribers, observed_until, model, spend_model }") else { return nil }
        m.rejectUnknownKeys(Self.customerBaseKeys)
        guard let horizonDays, let horizon = PeriodUnit.allCases.first(where: { $0.days == horizonDays }) else { return nil }
        let untilValue = m.required("observed_until", "the last day of the history, yyyy-MM-dd (the simulation starts the day after)")
        let until = untilValue.flatMap(day)
        guard let modelValue = m.required("model", "a BG/NBD, Pareto/NBD or sBG model file written by clvlab fit") else { return nil }
        let read = m.optional("subscribers") != nil
            ? subscriptionBase(m, modelValue: modelValue, until: until, horizon: horizon)
            : transactionBase(m, modelValue: modelValue, until: until, untilValue: untilValue, horizon: horizon)
        guard let until, var read else { return nil }
        let real = read.histories.count
        if let sv = m.optional("sample"), let n = sv.integer("a number of customers to simulate", in: 1...max(1, real)) {
            read.histories.keepSample(n, seed: seed ?? 0)
        }
        guard let labels = customerSegments(m, histories: read.histories) else { return nil }
        let (order, names) = CustomerHistories.grouping(labels)
        read.histories.reorder(order)
        let h = read.histories
        let sizes = names.map { name in labels.lazy.filter { $0 == name }.count }
        let segments = zip(names, sizes).map { name, size in
            Segment(name: name, share: Double(size) / Double(h.count), purchaseRate: read.rate, lifetime: read.lifetime, spend: read.spend, fee: read.fee)
        }
        let source = CustomerBase.Source(log: m.optional("log")?.string(), summary: m.optional("summary")?.string(),
                                         subscribers: m.optional("subscribers")?.string(), observedUntil: "\(until)",
                                         model: read.model.path, spendModel: read.spendModel?.path,
                                         realCustomers: real, sample: h.count < real ? h.count : nil, segments: segmentsDescription(m))
        var population = Population(customers: h.count, segments: segments, baseSize: real)
        population.segmentSizes = sizes
        population.customerBase = CustomerBase(source: source, customerIDs: h.ids, frequency: h.frequency, recency: h.recency, age: h.age,
                                               monetaryValue: h.monetary, purchases: read.posterior, spend: read.gammaGamma, holdout: h.holdout)
        guard let fitted = fittedModels(m, transaction: read.model, spend: read.spendModel, rateFactor: read.rateFactor) else { return nil }
        population.fitted = fitted
        return population
    }

    /// What a real base's models and histories are, whatever kind of base.
    struct BaseRead {
        var histories: CustomerHistories
        var posterior: PosteriorModel
        var rate: RateDistribution?
        var lifetime: LifetimeModel
        var spend: SpendModel?
        var gammaGamma: GammaGamma?
        var fee: Double?
        var model: ModelFileRef
        var spendModel: ModelFileRef?
        var rateFactor: Double
    }

    /// Buyers: a BG/NBD or Pareto/NBD fit, its rates converted to the horizon's period, and the
    /// histories of a log or summary.
    func transactionBase(_ m: YAMLMapping, modelValue: YAMLValue, until: CivilDay?, untilValue: YAMLValue?, horizon: PeriodUnit) -> BaseRead? {
        let kinds = ModelRegistry.purchaseModels.filter { $0 is any SegmentModel.Type }.map { $0.kind } + [.sbg]
        guard let (fit, fitPath) = modelFile(modelValue, kinds: kinds) else { return nil }
        if fit.model == .sbg {
            modelValue.fail("\(fitPath) holds an sBG (subscription) model: give 'subscribers:', a file of subscriptions, instead of a transaction log")
            return nil
        }
        guard let fitted = Self.segmentModel(fit, modelValue, path: fitPath) else { return nil }
        guard let fitUnit = fit.periodUnit else {
            modelValue.fail("\(fitPath): the model's period '\(fit.period ?? "none")' cannot be converted to the horizon's \(horizon.rawValue): "
                            + "expected a fit in days, weeks, months, quarters or years; refit with clvlab fit --period")
            return nil
        }
        let spendRead = customerBaseSpend(m)
        let fee = m.optional("fee")?.number("a fee between 0 and 1e9 per live period") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }
        guard let until, let untilValue, let spend = spendRead.spend,
              let histories = customerHistories(m, until: until, untilValue: untilValue, horizon: horizon, fitUnit: fitUnit) else { return nil }
        let model = fitted.rescaled(by: fitUnit.rateFactor(to: horizon))
        guard let posterior = PosteriorModel(model) else { return nil }
        let (rate, lifetime) = model.segmentProcesses
        let spendRef = spendRead.file.map { ModelFileRef(file: $0, path: spendRead.path ?? "", value: m.optional("spend_model")!) }
        return BaseRead(histories: histories, posterior: posterior, rate: rate, lifetime: lifetime, spend: spend, gammaGamma: spendRead.gammaGamma,
                        fee: fee, model: ModelFileRef(file: fit, path: fitPath, value: modelValue), spendModel: spendRef,
                        rateFactor: fitUnit.rateFactor(to: horizon))
    }

    /// What `spend_model` or `spend` gave.
    struct SpendRead {
        var spend: SpendModel?
        var gammaGamma: GammaGamma?
        var file: FittedModel?
        var path: String?
    }

    /// `spend_model: FILE` (Gamma-Gamma, each customer's ν from its posterior) or `spend: AMOUNT`.
    func customerBaseSpend(_ m: YAMLMapping) -> SpendRead {
        if let sv = m.optional("spend_model") {
            guard let (file, path) = modelFile(sv, kinds: [.gammaGamma]) else { return SpendRead() }
            switch Result(catching: { () throws(ModelFileError) -> GammaGamma in try file.parameters(as: GammaGamma.self) }) {
            case .success(let g):
                let spend = SpendModel.gammaGamma(p: g.p, q: g.q, gamma: g.gamma)
                let problems = PopulationValidator.problems(spend)
                guard problems.isEmpty else { problems.forEach { sv.fail("\(path): \($0)") }; return SpendRead() }
                return SpendRead(spend: spend, gammaGamma: g, file: file, path: path)
            case .failure(let e): sv.fail(Self.describe(e, in: path)); return SpendRead()
            }
        }
        if let sv = m.optional("spend") {
            guard let spend = spendModel(sv) else { return SpendRead() }
            let problems = PopulationValidator.problems(spend)
            guard problems.isEmpty else { problems.forEach(sv.fail); return SpendRead() }
            return SpendRead(spend: spend)
        }
        _ = m.required("spend_model", "a Gamma-Gamma model file written by clvlab fit, or give 'spend: AMOUNT'")
        return SpendRead()
    }

    /// A date as yyyy-MM-dd.
    func day(_ value: YAMLValue) -> CivilDay? {
        guard let text = value.string("a date as yyyy-MM-dd") else { return nil }
        guard let d = DateFormat.iso.parse(text) else { value.fail("expected a date as yyyy-MM-dd, found '\(text)'"); return nil }
        return d
    }

    /// A path relative to the scenario file.
    func resolvedPath(_ name: String) -> String {
        name.hasPrefix("/") ? name : URL(fileURLWithPath: log.file).deletingLastPathComponent().appendingPathComponent(name).path
    }

    func segmentsDescription(_ m: YAMLMapping) -> String? {
        guard let s = m.optional("segments"), case .mapping(let map) = s.node else { return nil }
        if map["rfm"] != nil { return "rfm" }
        return map["column"]?.string.map { "column \($0)" }
    }
}
