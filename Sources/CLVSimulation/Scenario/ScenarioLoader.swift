import CLVModels
import Foundation
import Stochastic
import Yams

/// Reads a scenario file (DESIGN.md §6) into a validated ``Scenario``.
///
/// Every problem found is reported at once with file, line, column and key path; unknown
/// keys are errors (with a "did you mean" hint), so a misspelt option is never silently ignored.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "scenarios/demo.yaml")
/// ```
public enum ScenarioLoader {
    /// Limits that keep a run within reason; larger populations use sharding.
    public static let maxCustomers = 1_000_000_000
    /// Ten billion: more real customers than any business has.
    public static let maxBaseSize = 10_000_000_000
    public static let maxPeriods = 10_000
    public static let maxReplications = 100_000
    /// Variants, each simulated over every customer: 100 is past any real test plan, and stops a
    /// generated file with 400,000 variants before it asks for 19 GiB.
    public static let maxVariants = 100
    /// Interventions per variant: each has two bits of a customer's 64-bit reach flags.
    public static let maxInterventions = 32
    /// Segments: a targeting rule holds them in a 64-bit mask.
    public static let maxSegments = 64
    /// Purchases per period and money amounts are bounded so that no sum over a population can
    /// overflow: 10⁹ customers × 10⁴ periods × 10⁴ purchases × 10⁹ stays far below 10³⁰⁸.
    public static let maxRate = 10_000.0
    public static let maxAmount = 1e9

    /// Where warnings go by default (a model file that says `converged: false`): stderr.
    public static let standardErrorWarning: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }

    /// Load and validate a scenario file; `warn` gets each warning (the scenario is still usable).
    public static func load(path: String, warn: (String) -> Void = standardErrorWarning) throws -> Scenario {
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            throw ScenarioError(problems: [ScenarioProblem(file: path, line: nil, column: nil, keyPath: "",
                                                           message: error.reason)])
        }
        return try parse(data, file: path, warn: warn)
    }

    /// Parse and validate scenario text; `file` names it in messages.
    public static func parse(_ data: Data, file: String, warn: (String) -> Void = standardErrorWarning) throws -> Scenario {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(problems: [ScenarioProblem(file: file, line: nil, column: nil, keyPath: "",
                                                           message: "the file is not UTF-8 text")])
        }
        return try parse(text, file: file, warn: warn)
    }

    public static func parse(_ text: String, file: String, warn: (String) -> Void = standardErrorWarning) throws -> Scenario {
        let log = ProblemLog(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError(problems: [yamlProblem(error, file: file)])
        }
        guard let root else {
            throw ScenarioError(problems: [ScenarioProblem(file: file, line: nil, column: nil, keyPath: "",
                                                           message: "the file is empty; expected a scenario mapping")])
        }
        let scenario = ScenarioReader(log: log, horizonDays: nil).scenario(YAMLValue(node: root, path: "", log: log))
        log.warnings.forEach(warn)
        if !log.problems.isEmpty { throw ScenarioError(problems: log.problems) }
        guard let scenario else {
            throw ScenarioError(problems: [ScenarioProblem(file: file, line: nil, column: nil, keyPath: "", message: "not a valid scenario")])
        }
        return scenario
    }

    static func yamlProblem(_ error: YamlError, file: String) -> ScenarioProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioProblem(file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioProblem(file: file, line: context.mark.line, column: context.mark.column, keyPath: "",
                                   message: "duplicated key '\(duplicates.joined(separator: "', '"))': each key may appear once")
        default:
            return ScenarioProblem(file: file, line: nil, column: nil, keyPath: "", message: "YAML: \(error)")
        }
    }
}

/// The walk from YAML nodes to scenario types. Each method reports what it cannot accept and
/// returns nil for that part, so the walk goes on and finds the other problems too.
struct ScenarioReader {
    let log: ProblemLog
    /// Length of the horizon's period in days, once known (fitted populations rescale rates to it).
    var horizonDays: Double?
    /// The scenario's seed, once known (a real base's `sample` is drawn with it).
    var seed: UInt64?
    /// The horizon's length, once known (a real base's holdout is compared over at most this many periods).
    var horizonPeriods: Int?

    func scenario(_ value: YAMLValue) -> Scenario? {
        guard let m = value.mapping("a scenario mapping with keys scenario, seed, horizon, population, economics, variants") else { return nil }
        m.rejectUnknownKeys(["scenario", "description", "seed", "horizon", "replications", "population", "economics", "variants", "baseline"])
        let name = m.required("scenario", "the scenario's name")?.name()
        let description = m.optional("description")?.string("a description")
        let seed = m.required("seed", "a whole number that fixes the random draws")?.unsignedInteger("a whole number ≥ 0")
        let horizon = m.required("horizon", "e.g. { periods: 36, period: month }").flatMap(horizon)
        let replications = m.optional("replications")?.integer("a number of replications", in: 1...ScenarioLoader.maxReplications) ?? 1
        var reader = self
        reader.horizonDays = horizon.map(\.period.days)
        reader.seed = seed
        reader.horizonPeriods = horizon?.periods
        let population = m.required("population", "customers and segments").flatMap(reader.population)
        let economics = m.required("economics", "margin, cost_to_serve, acquisition_cost, annual_discount_rate").flatMap(economics)
        let context = Context(periods: horizon?.periods, segments: population?.segments)
        var variants = m.required("variants", "a list of campaign variants, the first being control").flatMap { variantList($0, context: context) }
        if let baselineValue = m.optional("baseline"), let baseline = baselineValue.string("a variant name"), var list = variants {
            // The baseline goes first: every comparison is against variants[0].
            if let i = list.firstIndex(where: { $0.name == baseline }) {
                list.insert(list.remove(at: i), at: 0)
                variants = list
            } else {
                baselineValue.fail("no variant is named '\(baseline)' (variants: \(list.map(\.name).joined(separator: ", ")))")
            }
        }
        guard let name, let seed, let horizon, let population, let economics, let variants else { return nil }
        return Scenario(name: name, description: description, seed: seed, horizon: horizon, replications: replications,
                        population: population, economics: economics, variants: variants)
    }

    func horizon(_ value: YAMLValue) -> Horizon? {
        guard let m = value.mapping("a mapping { periods, period }") else { return nil }
        m.rejectUnknownKeys(["periods", "period"])
        let periods = m.required("periods", "how many periods to simulate")?.integer("a number of periods", in: 1...ScenarioLoader.maxPeriods)
        let allowed = PeriodUnit.allCases.map(\.rawValue)
        var unit: PeriodUnit?
        if let p = m.required("period", "one of \(allowed.joined(separator: ", "))"), let s = p.string("a period unit") {
            unit = PeriodUnit(rawValue: s)
            if unit == nil {
                var msg = "unknown period unit '\(s)'"
                if let near = closest(s, in: allowed) { msg += "; did you mean '\(near)'?" }
                p.fail(msg + " (expected one of: \(allowed.joined(separator: ", ")))")
            }
        }
        guard let periods, let unit else { return nil }
        return Horizon(periods: periods, period: unit)
    }

    func population(_ value: YAMLValue) -> Population? {
        guard let m = value.mapping("a mapping { customers, segments }, { customers, from_fit } or { from_customers }") else { return nil }
        if m.optional("from_fit") != nil { return fittedPopulation(m) }
        if m.optional("from_customers") != nil { return customerBasePopulation(m) }
        m.rejectUnknownKeys(["customers", "segments", "from_fit", "from_customers", "base_size"])
        let customers = m.required("customers", "the number of simulated customers")?
            .integer("a number of customers", in: 1...ScenarioLoader.maxCustomers)
        let baseSize = baseSize(m)
        let segmentsValue = m.required("segments", "a list of customer segments")
        let items = segmentsValue?.sequence("a list of segments") ?? []
        if let segmentsValue, items.isEmpty, case .sequence = segmentsValue.node { segmentsValue.fail("expected at least one segment") }
        if let segmentsValue, items.count > ScenarioLoader.maxSegments {
            segmentsValue.fail("expected at most \(ScenarioLoader.maxSegments) segments, found \(items.count)")
            return nil
        }
        let segments = items.map(segment)
        guard let customers, !segments.isEmpty, segments.allSatisfy({ $0 != nil }) else { return nil }
        let list = segments.map { $0! }
        // Cross-field checks: shares form a distribution; names are unique.
        let total = list.reduce(0) { $0 + $1.share }
        if abs(total - 1) > 1e-9 {
            segmentsValue?.fail("segment shares must sum to 1, they sum to \(formatNumber(total))")
            return nil
        }
        var seen = Set<String>()
        for (i, s) in list.enumerated() where !seen.insert(s.name).inserted {
            items[i].fail("segment name '\(s.name)' is used twice")
            return nil
        }
        return Population(customers: customers, segments: list, baseSize: baseSize)
    }

    /// `base_size`: the real customers the population stands for (DESIGN.md §2).
    func baseSize(_ m: YAMLMapping) -> Int? {
        m.optional("base_size")?.integer("a number of real customers", in: 1...ScenarioLoader.maxBaseSize)
    }

    func segment(_ value: YAMLValue) -> Segment? {
        guard let m = value.mapping("a segment mapping { name, share, lifetime, … }") else { return nil }
        m.rejectUnknownKeys(["name", "share", "purchases", "lifetime", "spend", "fee"])
        let name = m.required("name", "the segment's name")?.name()
        let share = m.required("share", "the segment's share of customers")?.number("a share in (0, 1]") { $0 > 0 && $0 <= 1 }
        var rate: RateDistribution?
        var purchasesOK = true
        if let p = m.optional("purchases") {
            purchasesOK = false
            if let pm = p.mapping("a mapping { rate: … }") {
                pm.rejectUnknownKeys(["rate"])
                rate = pm.required("rate", "the purchase rate per period, e.g. { gamma: { shape: 0.9, rate: 0.8 } }").flatMap(rateDistribution)
                purchasesOK = rate != nil
            }
        }
        let lifetime = m.required("lifetime", "e.g. { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }").flatMap(lifetime)
        var spend: SpendModel?
        var spendOK = true
        if let s = m.optional("spend") {
            spend = spendModel(s)
            spendOK = spend != nil
            if spend != nil, rate == nil, purchasesOK { s.fail("spend is given but the segment has no 'purchases'; add purchases or remove spend") }
        } else if rate != nil {
            _ = m.required("spend", "spend per purchase, e.g. { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }")
        }
        let fee = m.optional("fee")?.number("a fee between 0 and 1e9 per live period") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }
        if m.optional("fee") != nil && fee == nil { return nil }
        if rate == nil && purchasesOK && fee == nil && m.optional("purchases") == nil {
            value.fail("the segment earns nothing: give it 'purchases' (with 'spend') or a 'fee'")
        }
        guard let name, let share, let lifetime, purchasesOK, spendOK, rate == nil || spend != nil else { return nil }
        let segment = Segment(name: name, share: share, purchaseRate: rate, lifetime: lifetime, spend: spend, fee: fee)
        let problems = PopulationValidator.problems(in: segment)
        problems.forEach(value.fail)
        return problems.isEmpty ? segment : nil
    }

    func rateDistribution(_ value: YAMLValue) -> RateDistribution? {
        if case .scalar = value.node {
            return value.number("a rate between 0 and \(Int(ScenarioLoader.maxRate)) per period, or { gamma: { shape, rate } }") { $0 >= 0 && $0 <= ScenarioLoader.maxRate }.map(RateDistribution.fixed)
        }
        guard let m = value.mapping("a rate ≥ 0 or { gamma: { shape, rate } }"),
              let (kind, inner) = m.single("a rate distribution", allowed: ["gamma", "fixed"]) else { return nil }
        if kind == "fixed" { return inner.number("a rate between 0 and \(Int(ScenarioLoader.maxRate)) per period") { $0 >= 0 && $0 <= ScenarioLoader.maxRate }.map(RateDistribution.fixed) }
        guard let g = inner.mapping("{ shape, rate }") else { return nil }
        g.rejectUnknownKeys(["shape", "rate"])
        let shape = g.required("shape", "the gamma shape (r)")?.number("a shape > 0") { $0 > 0 }
        let rate = g.required("rate", "the gamma rate (α)")?.number("a rate > 0") { $0 > 0 }
        guard let shape, let rate else { return nil }
        // Its ranges (mean rate, what the samplers can draw) are checked with the whole segment
        // by PopulationValidator, as for every other way of writing a population.
        return .gamma(shape: shape, rate: rate)
    }

    func probabilityDistribution(_ value: YAMLValue) -> ProbabilityDistribution? {
        let expected = "a probability in [0, 1] or { beta: { a, b } }"
        if case .scalar = value.node {
            return value.number("a probability in [0, 1]") { $0 >= 0 && $0 <= 1 }.map(ProbabilityDistribution.fixed)
        }
        guard let m = value.mapping(expected), let (kind, inner) = m.single("a probability distribution", allowed: ["beta", "fixed"]) else { return nil }
        if kind == "fixed" { return inner.number("a probability in [0, 1]") { $0 >= 0 && $0 <= 1 }.map(ProbabilityDistribution.fixed) }
        guard let b = inner.mapping("{ a, b }") else { return nil }
        b.rejectUnknownKeys(["a", "b"])
        let a = b.required("a", "the first beta parameter")?.number("a value > 0") { $0 > 0 }
        let bb = b.required("b", "the second beta parameter")?.number("a value > 0") { $0 > 0 }
        guard let a, let bb else { return nil }
        return .beta(a: a, b: bb)
    }

    func lifetime(_ value: YAMLValue) -> LifetimeModel? {
        let models = ["bgnbd", "paretonbd", "contractual", "fixed"]
        guard let m = value.mapping("a mapping { model: \(models.joined(separator: "|")), … }") else { return nil }
        guard let modelValue = m.required("model", "one of \(models.joined(separator: ", "))"),
              let model = modelValue.string("a lifetime model") else { return nil }
        switch model {
        case "bgnbd":
            m.rejectUnknownKeys(["model", "dropout"])
            return m.required("dropout", "the probability of leaving after a purchase, e.g. { beta: { a: 0.8, b: 2.4 } }")
                .flatMap(probabilityDistribution).map { .bgnbd(dropout: $0) }
        case "paretonbd":
            m.rejectUnknownKeys(["model", "dropout"])
            return m.required("dropout", "the dropout rate μ per period, e.g. { gamma: { shape: 0.6, rate: 12 } }")
                .flatMap(rateDistribution).map { .paretonbd(dropout: $0) }
        case "contractual":
            m.rejectUnknownKeys(["model", "churn"])
            return m.required("churn", "the probability of not renewing at a period end, e.g. { beta: { a: 0.7, b: 1.2 } }")
                .flatMap(probabilityDistribution).map { .contractual(churn: $0) }
        case "fixed":
            m.rejectUnknownKeys(["model", "periods"])
            return m.required("periods", "the lifetime in periods")?
                .integer("a lifetime in periods", in: 1...ScenarioLoader.maxPeriods).map { .fixed(periods: $0) }
        default:
            var msg = "unknown lifetime model '\(model)'"
            if let near = closest(model, in: models) { msg += "; did you mean '\(near)'?" }
            modelValue.fail(msg + " (expected one of: \(models.joined(separator: ", ")))")
            return nil
        }
    }

    func spendModel(_ value: YAMLValue) -> SpendModel? {
        let expected = "an amount per purchase or { gamma_gamma: { p, q, gamma } }"
        if case .scalar = value.node {
            return value.number("an amount between 0 and 1e9 per purchase") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }.map(SpendModel.fixed)
        }
        guard let m = value.mapping(expected), let (kind, inner) = m.single("a spend model", allowed: ["gamma_gamma", "fixed"]) else { return nil }
        if kind == "fixed" { return inner.number("an amount between 0 and 1e9 per purchase") { $0 >= 0 && $0 <= ScenarioLoader.maxAmount }.map(SpendModel.fixed) }
        guard let g = inner.mapping("{ p, q, gamma }") else { return nil }
        g.rejectUnknownKeys(["p", "q", "gamma"])
        let p = g.required("p", "the shape of spend per purchase")?.number("a value > 0") { $0 > 0 }
        // q > 1 so that the mean spend p·γ/(q − 1) is finite.
        let q = g.required("q", "the shape of the spend-scale heterogeneity")?.number("a value > 1 (the mean spend p·γ/(q − 1) is infinite for q ≤ 1)") { $0 > 1 }
        let gamma = g.required("gamma", "the rate of the spend-scale heterogeneity")?.number("a value > 0") { $0 > 0 }
        guard let p, let q, let gamma else { return nil }
        return .gammaGamma(p: p, q: q, gamma: gamma)
    }

    func economics(_ value: YAMLValue) -> Economics? {
        guard let m = value.mapping("a mapping { currency, margin, cost_to_serve, acquisition_cost, annual_discount_rate }") else { return nil }
        m.rejectUnknownKeys(["currency", "margin", "cost_to_serve", "acquisition_cost", "annual_discount_rate"])
        let currency = m.optional("currency")?.string("a currency code such as EUR") ?? "EUR"
        let margin = m.required("margin", "the share of revenue kept, in [0, 1]").flatMap { uncertain($0, "a margin in [0, 1]", within: 0...1) }
        let cost = m.optional("cost_to_serve").map { uncertain($0, "a cost per live period ≥ 0", within: 0...ScenarioLoader.maxAmount) } ?? .fixed(0)
        let cac = m.optional("acquisition_cost").map { uncertain($0, "an acquisition cost ≥ 0", within: 0...ScenarioLoader.maxAmount) } ?? .fixed(0)
        let rate = m.optional("annual_discount_rate").map { uncertain($0, "an annual discount rate in [0, 1]", within: 0...1) } ?? .fixed(0)
        guard let margin, let cost, let cac, let rate else { return nil }
        return Economics(currency: currency, margin: margin, costToServe: cost, acquisitionCost: cac, annualDiscountRate: rate)
    }

    /// A scalar that may be uncertain; its whole support must lie within `range`.
    func uncertain(_ value: YAMLValue, _ what: String, within range: ClosedRange<Double>) -> UncertainValue? {
        let what = describing(what, within: range)
        let kinds = ["pert", "triangular", "uniform", "normal"]
        if case .scalar = value.node {
            return value.number("\(what) (a number or one of { pert | triangular | uniform | normal })") { range.contains($0) }.map(UncertainValue.fixed)
        }
        guard let m = value.mapping("\(what): a number or { pert: [min, likely, max] }"),
              let (kind, inner) = m.single("an uncertain value", allowed: kinds) else { return nil }
        let result: UncertainValue?
        switch kind {
        case "pert", "triangular":
            guard let items = inner.sequence("[min, likely, max]") else { return nil }
            guard items.count == 3 else { inner.fail("expected three numbers [min, likely, max], found \(items.count)"); return nil }
            let v = items.compactMap { $0.number() }
            guard v.count == 3 else { return nil }
            guard v[0] <= v[1], v[1] <= v[2], v[0] < v[2] else {
                inner.fail("expected min ≤ likely ≤ max with min < max, found [\(v.map(formatNumber).joined(separator: ", "))]")
                return nil
            }
            result = kind == "pert" ? .pert(min: v[0], likely: v[1], max: v[2]) : .triangular(min: v[0], mode: v[1], max: v[2])
        case "uniform":
            guard let items = inner.sequence("[low, high]") else { return nil }
            guard items.count == 2 else { inner.fail("expected two numbers [low, high], found \(items.count)"); return nil }
            let v = items.compactMap { $0.number() }
            guard v.count == 2 else { return nil }
            guard v[0] < v[1] else { inner.fail("expected low < high, found [\(v.map(formatNumber).joined(separator: ", "))]"); return nil }
            result = .uniform(low: v[0], high: v[1])
        default:
            guard let n = inner.mapping("{ mean, sd }") else { return nil }
            n.rejectUnknownKeys(["mean", "sd"])
            let mean = n.required("mean", "the mean")?.number()
            let sd = n.required("sd", "the standard deviation")?.number("a standard deviation ≥ 0") { $0 >= 0 }
            guard let mean, let sd else { return nil }
            result = .normal(mean: mean, sd: sd)
        }
        guard let result else { return nil }
        let support = result.support
        if support.lowerBound < range.lowerBound || support.upperBound > range.upperBound {
            let bounded = range.upperBound.isFinite || range.lowerBound > -Double.infinity
            var msg = "\(what): the distribution reaches outside [\(formatNumber(range.lowerBound)), \(range.upperBound.isFinite ? formatNumber(range.upperBound) : "∞")]"
            if case .normal = result, bounded { msg += "; a normal is unbounded, use pert, triangular or uniform" }
            value.fail(msg)
            return nil
        }
        return result
    }

    func variantList(_ value: YAMLValue, context: Context) -> [Variant]? {
        guard let items = value.sequence("a list of variants, e.g. [{ name: control }]") else { return nil }
        if items.isEmpty { value.fail("expected at least one variant (the control)"); return nil }
        if items.count > ScenarioLoader.maxVariants {
            value.fail("expected at most \(ScenarioLoader.maxVariants) variants, found \(items.count)")
            return nil
        }
        let variants = items.map { variant($0, context: context) }
        guard variants.allSatisfy({ $0 != nil }) else { return nil }
        let list = variants.map { $0! }
        var seen = Set<String>()
        for (i, v) in list.enumerated() where !seen.insert(v.name).inserted {
            items[i].fail("variant name '\(v.name)' is used twice")
            return nil
        }
        return list
    }

    func variant(_ value: YAMLValue, context: Context) -> Variant? {
        guard let m = value.mapping("a variant mapping { name, interventions }") else { return nil }
        m.rejectUnknownKeys(["name", "interventions"])
        let name = m.required("name", "the variant's name")?.name()
        var interventions: [Intervention] = []
        if let list = m.optional("interventions") {
            guard let items = list.sequence("a list of interventions") else { return nil }
            if items.count > ScenarioLoader.maxInterventions {
                list.fail("expected at most \(ScenarioLoader.maxInterventions) interventions in a variant, found \(items.count)")
                return nil
            }
            let parsed = items.map { intervention($0, context: context) }
            guard parsed.allSatisfy({ $0 != nil }) else { return nil }
            interventions = parsed.map { $0! }
            var seen = Set<String>()
            for (i, iv) in interventions.enumerated() where !seen.insert(iv.name).inserted {
                items[i].fail("two interventions of this variant are named '\(iv.name)'; give each a distinct 'name'")
                return nil
            }
        }
        guard let name else { return nil }
        return Variant(name: name, interventions: interventions)
    }
}
