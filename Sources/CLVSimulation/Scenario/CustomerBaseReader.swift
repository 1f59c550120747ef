import CLVModels
import Foundation
import Stochastic

/// `population: { from_customers: { log | summary, observed_until, model, spend_model, … } }`:
/// the business's own customers (``CustomerBase``). Paths are relative to the scenario file;
/// the log is read with the options of `clvlab summarize`, as YAML keys.
extension ScenarioReader {
    static let customerBaseKeys = ["log", "summary", "preset", "customer_column", "date_column", "amount_column", "date_format",
                                   "delimiter", "header", "observed_until", "model", "spend_model", "spend", "fee", "sample",
                                   "segments", "parameter_uncertainty"]

    func customerBasePopulation(_ outer: YAMLMapping) -> Population? {
        outer.rejectUnknownKeys(["from_customers"])
        guard let value = outer.optional("from_customers"),
              let m = value.mapping("a mapping { log or summary, observed_until, model, spend_model }") else { return nil }
        m.rejectUnknownKeys(Self.customerBaseKeys)
        guard let horizonDays, let horizonUnit = PeriodUnit.allCases.first(where: { $0.days == horizonDays }) else { return nil }
        let untilValue = m.required("observed_until", "the last day of the history, yyyy-MM-dd (the simulation starts the day after)")
        let until = untilValue.flatMap(day)
        guard let modelValue = m.required("model", "a BG/NBD or Pareto/NBD model file written by clvlab fit"),
              let (fit, fitPath) = modelFile(modelValue, kinds: ModelRegistry.purchaseModels.filter { $0 is any SegmentModel.Type }.map { $0.kind }),
              let fitted = Self.segmentModel(fit, modelValue, path: fitPath) else { return nil }
        guard let fitUnit = fit.periodUnit else {
            modelValue.fail("\(fitPath): the model's period '\(fit.period ?? "none")' cannot be converted to the horizon's \(horizonUnit.rawValue): "
                            + "expected a fit in days, weeks, months, quarters or years; refit with clvlab fit --period")
            return nil
        }
        let spendRead = customerBaseSpend(m)
        let fee = m.optional("fee")?.number("a fee between 0 and 1e9 per live period") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }
        guard let until, let spend = spendRead.spend, var histories = customerHistories(m, until: until, untilValue: untilValue!,
                                                                       horizon: horizonUnit, fitUnit: fitUnit) else { return nil }
        let model = fitted.rescaled(by: fitUnit.rateFactor(to: horizonUnit))
        guard let posterior = PosteriorModel.bgnbd(BGNBD(r: 1, alpha: 1, a: 1, b: 1)).with(model) else { return nil }
        let real = histories.count
        if let sv = m.optional("sample"), let n = sv.integer("a number of customers to simulate", in: 1...max(1, real)) {
            histories.keepSample(n, seed: seed ?? 0)
        }
        guard let labels = customerSegments(m, histories: histories) else { return nil }
        let (order, names) = CustomerHistories.grouping(labels)
        histories.reorder(order)
        let sizes = names.map { name in labels.lazy.filter { $0 == name }.count }
        let (rate, lifetime) = model.segmentProcesses
        let segments = zip(names, sizes).map { name, size in
            Segment(name: name, share: Double(size) / Double(histories.count), purchaseRate: rate, lifetime: lifetime, spend: spend, fee: fee)
        }
        let source = CustomerBase.Source(log: m.optional("log")?.string(), summary: m.optional("summary")?.string(), observedUntil: "\(until)",
                                         model: fitPath, spendModel: spendRead.path,
                                         realCustomers: real, sample: histories.count < real ? histories.count : nil,
                                         segments: segmentsDescription(m))
        var population = Population(customers: histories.count, segments: segments, baseSize: real)
        population.segmentSizes = sizes
        population.customerBase = CustomerBase(source: source, customerIDs: histories.ids, frequency: histories.frequency,
                                               recency: histories.recency, age: histories.age, monetaryValue: histories.monetary,
                                               purchases: posterior, spend: spendRead.gammaGamma, holdout: histories.holdout)
        let spendRef = spendRead.file.map { ModelFileRef(file: $0, path: spendRead.path ?? "", value: m.optional("spend_model")!) }
        guard let fittedModels = fittedModels(m, transaction: ModelFileRef(file: fit, path: fitPath, value: modelValue), spend: spendRef,
                                              rateFactor: fitUnit.rateFactor(to: horizonUnit)) else { return nil }
        population.fitted = fittedModels
        return population
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
