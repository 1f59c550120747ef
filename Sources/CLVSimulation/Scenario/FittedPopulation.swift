import CLVModels
import Foundation
import Stochastic

/// `population: { customers: N, from_fit: FILE, spend_fit: FILE | spend: AMOUNT, fee: AMOUNT }`:
/// one segment drawn from the mixing distributions of a model fitted with `clvlab fit`
/// (BG/NBD or Pareto/NBD), its rates rescaled from the fit's period to the horizon's.
/// Paths are relative to the scenario file.
extension ScenarioReader {
    func fittedPopulation(_ m: YAMLMapping) -> Population? {
        m.rejectUnknownKeys(["customers", "from_fit", "spend_fit", "spend", "fee", "base_size", "parameter_uncertainty"])
        let customers = m.required("customers", "the number of simulated customers")?
            .integer("a number of customers", in: 1...ScenarioLoader.maxCustomers)
        let baseSize = baseSize(m)
        guard let fitValue = m.required("from_fit", "a model file written by clvlab fit"),
              let (fit, fitPath) = modelFile(fitValue, kinds: ModelRegistry.all.filter { $0 is any SegmentModel.Type }.map { $0.kind }) else { return nil }
        var spend: SpendModel?
        var spendFile: ModelFileRef?
        if let sv = m.optional("spend_fit") {
            guard let (gg, ggPath) = modelFile(sv, kinds: [.gammaGamma]) else { return nil }
            spendFile = ModelFileRef(file: gg, path: ggPath, value: sv)
            switch Result(catching: { () throws(ModelFileError) -> GammaGamma in try gg.parameters(as: GammaGamma.self) }) {
            case .success(let p): spend = .gammaGamma(p: p.p, q: p.q, gamma: p.gamma)
            case .failure(let e): sv.fail(Self.describe(e, in: ggPath)); return nil
            }
            // The same checks as a hand-written spend, naming the model file.
            let problems = PopulationValidator.problems(spend!)
            guard problems.isEmpty else { problems.forEach { sv.fail("\(ggPath): \($0)") }; return nil }
        } else if let sv = m.optional("spend") {
            spend = spendModel(sv)
            if spend == nil { return nil }
            let problems = PopulationValidator.problems(spend!)
            guard problems.isEmpty else { problems.forEach(sv.fail); return nil }
        } else {
            _ = m.required("spend_fit", "a Gamma-Gamma model file, or give 'spend: AMOUNT'")
            return nil
        }
        let fee = m.optional("fee")?.number("a fee between 0 and 1e9 per live period") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }
        guard let customers else { return nil }
        // Rates per fit period → per horizon period.
        guard let fitDays = fit.period.flatMap(PeriodUnit.init(rawValue:))?.days else {
            fitValue.fail("the model file does not say its period (day, week or month); refit with clvlab fit")
            return nil
        }
        let factor = (horizonDays ?? fitDays) / fitDays
        // The registry gives the fitted model; one with a segment form (BG/NBD, Pareto/NBD) is
        // rescaled to the horizon's period and becomes the segment.
        guard let model = Self.segmentModel(fit, fitValue, path: fitPath) else { return nil }
        let (rate, lifetime) = model.rescaled(by: factor).segmentProcesses
        // Checked per horizon period, as the samplers will receive the rates.
        let problems = PopulationValidator.problems(in: Segment(name: "fitted", share: 1, purchaseRate: rate, lifetime: lifetime, spend: nil, fee: nil))
        guard problems.isEmpty else { problems.forEach { fitValue.fail("\(fitPath): \($0)") }; return nil }
        var population = Population(customers: customers, segments: [
            Segment(name: "fitted", share: 1, purchaseRate: rate, lifetime: lifetime, spend: spend, fee: fee),
        ], baseSize: baseSize)
        guard let fitted = fittedModels(m, transaction: ModelFileRef(file: fit, path: fitPath, value: fitValue), spend: spendFile,
                                        rateFactor: factor) else { return nil }
        population.fitted = fitted
        return population
    }

    /// The model files and `parameter_uncertainty` (default true): drawing parameters needs each
    /// file's covariance, which files written before it was added lack.
    func fittedModels(_ m: YAMLMapping, transaction: ModelFileRef, spend: ModelFileRef?, rateFactor: Double) -> FittedModels? {
        let flag = m.optional("parameter_uncertainty")
        let draws = flag.map { $0.bool("true or false") } ?? true
        guard let draws else { return nil }
        if draws {
            var ok = true
            for ref in [transaction] + (spend.map { [$0] } ?? []) {
                do { _ = try ParameterUncertainty(ref.file) } catch {
                    ref.value.fail("\(ref.path): \(error); or set parameter_uncertainty: false to simulate with the estimates alone")
                    ok = false
                }
            }
            guard ok else { return nil }
        }
        return FittedModels(transaction: transaction.file, spend: spend?.file, rateFactor: rateFactor, drawsParameters: draws)
    }

    /// A model file read for a population, and the scenario value that named it.
    struct ModelFileRef {
        var file: FittedModel
        var path: String
        var value: YAMLValue
    }

    /// A model file's parameter problem in the validator's terms (the role, its range and the file).
    static func describe(_ error: ModelFileError, in path: String) -> String {
        guard case .invalidParameter(let model, let name, let value, _) = error,
              let (label, range) = PopulationValidator.modelParameter(name, of: model) else { return "\(path): \(error)" }
        return "\(path): \(label) = \(PopulationValidator.format(value)) is outside \(range)"
    }

    /// The fitted model as a segment model, through the registry.
    static func segmentModel(_ fit: FittedModel, _ value: YAMLValue, path: String) -> (any SegmentModel)? {
        switch Result(catching: { () throws(ModelFileError) -> any RegisteredModel in try ModelRegistry.load(fit) }) {
        case .success(let m as any SegmentModel): return m
        case .success: value.fail("a \(fit.model.rawValue) model cannot populate a scenario segment"); return nil
        case .failure(let e): value.fail(describe(e, in: path)); return nil
        }
    }

    /// Read a model file named by a scenario value.
    func modelFile(_ value: YAMLValue, kinds: [ModelKind]) -> (FittedModel, String)? {
        guard let name = value.string("a path to a model file") else { return nil }
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: log.file).deletingLastPathComponent().appendingPathComponent(name).path
        let data: Data
        switch Result(catching: { () throws(InputFileError) -> Data in try InputFile.read(path) }) {
        case .success(let d): data = d
        case .failure(let error): value.fail("cannot read the model file \(error)"); return nil
        }
        guard let model = try? JSONDecoder().decode(FittedModel.self, from: data) else {
            value.fail("\(path) is not a model file written by clvlab fit")
            return nil
        }
        guard kinds.contains(model.model) else {
            value.fail("\(path) holds a \(model.model.rawValue) model; expected \(kinds.map(\.rawValue).joined(separator: " or "))")
            return nil
        }
        if !model.converged {
            log.warnings.append("\(path): the \(model.model.rawValue) fit did not converge (converged: false), so its parameters may not "
                                + "be the maximum-likelihood estimates; the scenario uses them as they are; refit before relying on the results")
        }
        return (model, path)
    }
}
