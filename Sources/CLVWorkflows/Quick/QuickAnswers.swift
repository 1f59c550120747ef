import CLVModels
import CLVReport
import CLVSimulation
import Foundation
import Stochastic

public enum QuickAnswers {
    public enum Problem: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let s): return s }
        }
    }

    public static func compute(_ q: QuickInputs) throws -> [QuickAnswer] {
        var out: [QuickAnswer] = []
        let margin = q.margin ?? 1
        if let m = q.margin, !(0...1).contains(m) { throw Problem.invalid("--margin must be in [0, 1], got \(m)") }
        var cac = q.acquisitionCost
        if let spend = q.marketingSpend, let n = q.newCustomers {
            guard n > 0 else { throw Problem.invalid("--new-customers must be positive") }
            let value = TextbookCLV.acquisitionCost(spend: spend, newCustomers: n)
            out.append(QuickAnswer(formula: "CAC = sales and marketing spend / new customers", inputs: "\(fmt(spend)) / \(fmt(n))",
                                   value: value, unit: "per customer"))
            cac = cac ?? value
        }
        var simple: Double?
        if let basket = q.basket, let f = q.frequency, let l = q.lifetime {
            let value = TextbookCLV.simple(basket: basket, frequency: f, lifetime: l, margin: margin)
            simple = value
            out.append(QuickAnswer(formula: "CLV = average basket (panier moyen) × purchases a year (fréquence) × years (durée) × margin",
                                   inputs: "\(fmt(basket)) × \(fmt(f))/year × \(fmt(l)) years × \(fmt(margin))",
                                   value: value, unit: "per customer", note: "no discounting, no churn before the end"))
            if let cac, cac > 0 {
                let ratio = value / cac
                out.append(QuickAnswer(formula: "LTV/CAC", inputs: "\(fmt(value)) / \(fmt(cac))", value: ratio, unit: "ratio",
                                       note: ratio >= 3 ? "meets the 3:1 guideline" : "below the 3:1 guideline"))
                let monthly = basket * f * margin / 12
                out.append(QuickAnswer(formula: "CAC payback = CAC / monthly margin", inputs: "\(fmt(cac)) / (\(fmt(basket)) × \(fmt(f)) × \(fmt(margin)) / 12)",
                                       value: TextbookCLV.paybackPeriods(acquisitionCost: cac, marginPerPeriod: monthly), unit: "months"))
            }
        }
        if let rho = q.marginPerPeriod {
            let c = q.costPerPeriod ?? 0, d = q.discountRate ?? 0
            guard d > -1 else { throw Problem.invalid("--discount-rate must be above -1") }
            let ac = cac ?? 0
            var active: ((Int) -> Double)?
            var source = ""
            if let r = q.retention {
                guard (0...1).contains(r) else { throw Problem.invalid("--retention must be in [0, 1], got \(r)") }
                active = TextbookCLV.geometricActive(retention: r)
                source = "P(active)_t = \(fmt(r))^(t−1)"
                if q.periods == nil || r < 1 {
                    out.append(QuickAnswer(formula: "CLV = (ρ − c)/(1 + d − r) − AC  (infinite horizon)",
                                           inputs: "(\(fmt(rho)) − \(fmt(c)))/(1 + \(fmt(d)) − \(fmt(r))) − \(fmt(ac))",
                                           value: TextbookCLV.geometricPerpetuity(marginPerPeriod: rho, costPerPeriod: c, retention: r, discountRate: d) - ac,
                                           unit: "per customer"))
                }
            } else if let path = q.model {
                (active, source) = try activeFromModel(path)
            }
            if let active, let periods = q.periods {
                guard periods >= 1 else { throw Problem.invalid("--periods must be at least 1") }
                let value = TextbookCLV.discountedRetention(periods: periods, marginPerPeriod: rho, costPerPeriod: c, discountRate: d,
                                                            acquisitionCost: ac, active: active)
                out.append(QuickAnswer(formula: "CLV = Σ_{t=1}^{T} P(active)_t (ρ − c)/(1 + d)^t − AC",
                                       inputs: "\(source), ρ = \(fmt(rho)), c = \(fmt(c)), d = \(fmt(d)), T = \(periods), AC = \(fmt(ac))",
                                       value: value, unit: "per customer"))
            } else if active != nil && q.retention == nil {
                throw Problem.invalid("--model needs --periods (the horizon T of the sum)")
            }
        }
        if out.isEmpty {
            throw Problem.invalid("nothing to compute: give --basket, --frequency and --lifetime; or --marketing-spend and --new-customers; or --margin-per-period with --retention or --model (see clvlab quick --help)")
        }
        _ = simple
        return out
    }

    /// P(active)_t from a fitted model file: any registered lifetime (sBG survival, BG/NBD or
    /// Pareto/NBD probability alive) through the registry. Only `model` and `parameters` are read,
    /// so a hand-written file with the papers' parameter names works too.
    static func activeFromModel(_ path: String) throws -> ((Int) -> Double, String) {
        let data: Data
        do { data = try InputFile.read(path) } catch {
            throw Problem.invalid("\(error) (expected a model file)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let name = json["model"] as? String, let p = json["parameters"] as? [String: Double] else {
            throw Problem.invalid("\(path): not a model file (expected JSON with \"model\" and \"parameters\", as written by clvlab fit)")
        }
        let lifetimes = ModelRegistry.all.filter { $0 is any LifetimeProcess.Type }
        guard let type = lifetimes.first(where: { $0.kind.rawValue == name }) else {
            throw Problem.invalid("\(path): model '\(name)' has no P(active)_t for this formula; use one of: \(lifetimes.map { $0.kind.rawValue }.joined(separator: ", "))")
        }
        let file = FittedModel(model: type.kind, parameters: p, logLikelihood: 0, customers: 0, period: nil, converged: true)
        let lifetime: any LifetimeProcess
        do { lifetime = try ModelRegistry.lifetimeProcess(file) } catch { throw Problem.invalid("\(path): \(error)") }
        let parameters = lifetime.namedParameters.map { "\($0.name) = \(fmt($0.value))" }.joined(separator: ", ")
        // P(active)_t of period t (t = 1, 2, …) is P(alive at the start of t) = P(alive at t − 1).
        return ({ t in lifetime.probabilityAlive(at: Double(t - 1)) }, "\(type.displayName) P(active) with \(parameters)")
    }

    static func fmt(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e12 { return String(Int64(v)) }
        return String(format: "%.6g", v)
    }
}

import Yams

extension QuickInputs {
    static let keys = ["basket", "frequency", "lifetime", "margin", "marketing_spend", "new_customers", "acquisition_cost",
                       "margin_per_period", "cost_per_period", "retention", "discount_rate", "periods", "model"]

    /// Read a small YAML file of the same inputs (`basket: 50`, `frequency: 12`, …); unknown keys are errors.
    public static func load(path: String) throws -> QuickInputs {
        let text: String
        do {
            guard let t = String(data: try InputFile.read(path), encoding: .utf8) else {
                throw QuickAnswers.Problem.invalid("\(path): the file is not UTF-8 text")
            }
            text = t
        } catch let error as InputFileError { throw QuickAnswers.Problem.invalid(error.description) }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw QuickAnswers.Problem.invalid("\(path): YAML syntax: \(error)")
        }
        guard let mapping = node?.mapping else { throw QuickAnswers.Problem.invalid("\(path): expected a mapping of inputs (\(keys.joined(separator: ", ")))") }
        var q = QuickInputs()
        for (k, v) in mapping {
            let key = k.string ?? ""
            let line = k.mark.map { ":\($0.line):\($0.column)" } ?? ""
            func number() throws -> Double {
                guard let s = v.scalar, s.style == .plain, let d = Double(s.string.replacingOccurrences(of: "_", with: "")), d.isFinite else {
                    throw QuickAnswers.Problem.invalid("\(path)\(line): \(key): expected a number")
                }
                return d
            }
            switch key {
            case "basket": q.basket = try number()
            case "frequency": q.frequency = try number()
            case "lifetime": q.lifetime = try number()
            case "margin": q.margin = try number()
            case "marketing_spend": q.marketingSpend = try number()
            case "new_customers": q.newCustomers = try number()
            case "acquisition_cost": q.acquisitionCost = try number()
            case "margin_per_period": q.marginPerPeriod = try number()
            case "cost_per_period": q.costPerPeriod = try number()
            case "retention": q.retention = try number()
            case "discount_rate": q.discountRate = try number()
            case "periods":
                let p = try number()
                guard p == p.rounded(), p >= 1, p <= 10_000 else { throw QuickAnswers.Problem.invalid("\(path)\(line): periods: expected a whole number between 1 and 10000") }
                q.periods = Int(p)
            case "model": q.model = v.string
            default:
                throw QuickAnswers.Problem.invalid("\(path)\(line): unknown key '\(key)' (expected one of: \(keys.joined(separator: ", ")))")
            }
        }
        return q
    }
}

extension QuickAnswers {
    /// `clvlab quick --scenario`: the textbook formula beside the simulated mean of the control
    /// variant, one assumption at a time. The control is simulated once, on at most 200,000
    /// customers and one replication with the uncertain economics at their central values, so
    /// the steps differ only by the assumption each adds.
    public static func formulaBridge(_ s: Scenario) async throws -> (bridge: FormulaBridge, customers: Int) {
        var sim = s
        sim.population.customers = min(s.population.customers, 200_000)
        sim.replications = 1
        sim.variants = [s.variants[0]]
        sim.economics.margin = .fixed(s.economics.margin.central)
        sim.economics.costToServe = .fixed(s.economics.costToServe.central)
        sim.economics.annualDiscountRate = .fixed(s.economics.annualDiscountRate.central)
        let result = try await SimulationEngine(scenario: sim).run()
        let gross = try SummaryBuilder.build(result).variants[0].clv.gross
        let bridge = try FormulaBridge.compute(sim, simulated: gross.mean, halfWidth: (gross.ci95[1] - gross.ci95[0]) / 2)
        return (bridge, sim.population.customers)
    }
}
