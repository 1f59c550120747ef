import ArgumentParser
import CLVReport
import CLVWorkflows
import CLVSimulation
import Foundation

struct Quick: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The textbook CLV formulas, with their inputs, and how they compare with a simulation.",
        discussion: """
            Each formula runs when its inputs are given:
              CLV = average basket × purchases a year × years × margin   --basket --frequency --lifetime [--margin]
              (the textbook panier moyen × fréquence × durée)
                e.g. 50 EUR a month × 12 a year × 3 years = 1800:
                clvlab quick --basket 50 --frequency 12 --lifetime 3
              CAC = sales and marketing spend / new customers  --marketing-spend --new-customers
              LTV/CAC against the 3:1 guideline and the CAC payback period, when both are known
              CLV = Σ P(active)_t (ρ − c)/(1 + d)^t − AC       --margin-per-period [--cost-per-period]
                    --discount-rate (per period) --periods --acquisition-cost, with P(active)_t from
                    --retention r (r^(t−1); also the infinite-horizon (ρ − c)/(1 + d − r) − AC) or
                    --model FILE (a fitted sbg or bgnbd model from clvlab fit)
            The same inputs may come from a small YAML file (--input), keys in snake_case
            (basket, frequency, lifetime, margin, marketing_spend, new_customers, acquisition_cost,
            margin_per_period, cost_per_period, retention, discount_rate, periods, model).

            With --scenario FILE, shows the formula's answer beside the simulated mean of the
            scenario's control variant, one assumption at a time: textbook → + discounting →
            + heterogeneity (exact closed form) → simulated.
            """)

    @Option(parsing: .unconditional, help: "Average basket (panier moyen) per purchase.") var basket: Double?
    @Option(parsing: .unconditional, help: "Purchases per year (fréquence).") var frequency: Double?
    @Option(parsing: .unconditional, help: "Customer lifetime in years (durée).") var lifetime: Double?
    @Option(parsing: .unconditional, help: "Margin as a share of revenue (default 1).") var margin: Double?
    @Option(parsing: .unconditional, help: "Sales and marketing spend, for CAC.") var marketingSpend: Double?
    @Option(parsing: .unconditional, help: "New customers acquired with that spend, for CAC.") var newCustomers: Double?
    @Option(parsing: .unconditional, help: "Acquisition cost per customer (AC), if known directly.") var acquisitionCost: Double?
    @Option(parsing: .unconditional, help: "Margin ρ per active period.") var marginPerPeriod: Double?
    @Option(parsing: .unconditional, help: "Cost c per active period.") var costPerPeriod: Double?
    @Option(parsing: .unconditional, help: "Constant retention rate r per period.") var retention: Double?
    @Option(parsing: .unconditional, help: "Discount rate d per period.") var discountRate: Double?
    @Option(parsing: .unconditional, help: "Horizon T in periods for the retention formula.") var periods: Int?
    @Option(help: "Fitted model file (sbg or bgnbd) giving P(active)_t.") var model: String?
    @Option(help: "Small YAML file with the same inputs.") var input: String?
    @Option(help: "Scenario to compare the formulas with a simulation.") var scenario: String?
    @Option(name: .shortAndLong, help: "Output format: table, json, csv, markdown.") var format: OutputFormat = .table

    func run() async throws {
        if let scenario {
            try await runScenario(scenario)
            return
        }
        var q = QuickInputs()
        if let input {
            do { q = try QuickInputs.load(path: input) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        q.basket = basket ?? q.basket; q.frequency = frequency ?? q.frequency; q.lifetime = lifetime ?? q.lifetime
        q.margin = margin ?? q.margin; q.marketingSpend = marketingSpend ?? q.marketingSpend
        q.newCustomers = newCustomers ?? q.newCustomers; q.acquisitionCost = acquisitionCost ?? q.acquisitionCost
        q.marginPerPeriod = marginPerPeriod ?? q.marginPerPeriod; q.costPerPeriod = costPerPeriod ?? q.costPerPeriod
        q.retention = retention ?? q.retention; q.discountRate = discountRate ?? q.discountRate
        q.periods = periods ?? q.periods; q.model = model ?? q.model
        let answers: [QuickAnswer]
        do { answers = try QuickAnswers.compute(q) } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(QuickRendering.render(answers, format: format), terminator: "")
    }

    func runScenario(_ path: String) async throws {
        let s = try loadScenario(path)
        let (bridge, customers) = try await QuickAnswers.formulaBridge(s)
        print(QuickRendering.render(bridge, scenario: s.name, customers: customers, currency: s.economics.currency, format: format),
              terminator: "")
    }
}
