import ArgumentParser
import CLVModels
import CLVReport
import Foundation

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score customers with a fitted model: P(alive), expected purchases, expected (CLV attendu) and realised value.",
        discussion: """
            For every customer of the log (summarised as clvlab summarize does): P(alive), expected \
            purchases over the next --horizon periods, and — with a Gamma-Gamma --spend-model — the \
            conditional expected spend per purchase and the expected residual value: the discounted \
            sum over the horizon of expected purchases in each period × expected spend × --margin. \
            The realised value (sum of past purchases) is shown beside it.

            Example:
              clvlab score data/cdnow/CDNOW_sample.txt --preset cdnow-sample --model fits/cdnow-bgnbd.json \\
                --spend-model fits/cdnow-gg.json --horizon 52 --output scores.csv
            """)

    @Argument(help: "Transaction log.") var log: String
    @OptionGroup var transactions: TransactionOptions
    @Option(help: "Fitted bgnbd or paretonbd model file.") var model: String
    @Option(help: "Fitted gamma_gamma model file, for expected spend and value.") var spendModel: String?
    @Option(help: "Horizon of the expectations, in periods.") var horizon = 52
    @Option(help: "Annual discount rate for the expected residual value.") var annualDiscountRate = 0.10
    @Option(help: "Margin applied to expected spend.") var margin = 1.0
    @Option(name: .shortAndLong, help: "Write the scores CSV here instead of stdout.") var output: String?

    func validate() throws {
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1") }
        guard (0...1).contains(margin) else { throw ValidationError("--margin must be in [0, 1]") }
    }

    static func load(_ path: String) throws -> FittedModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw inputError("\(path): cannot read the model file") }
        do { return try JSONDecoder().decode(FittedModel.self, from: data) } catch {
            throw inputError("\(path): not a model file written by clvlab fit (\(error.localizedDescription))")
        }
    }

    func run() throws {
        let file = try Self.load(model)
        let (summary, _) = try transactions.summarize(log)
        let spend: GammaGamma?
        do { spend = try spendModel.map { try Self.load($0).parameters(as: GammaGamma.self) } } catch let e as ModelFileError {
            throw inputError("\(spendModel!): \(e)")
        }
        let d = pow(1 + annualDiscountRate, summary.period.days / 365.25) - 1
        // E[Y(t) | history] for t = 1 … horizon.
        let expected: (CustomerSummary, Double) -> Double
        let alive: (CustomerSummary) -> Double
        do {
            switch file.model {
            case .bgnbd:
                let m = try file.parameters(as: BGNBD.self)
                expected = { c, t in m.conditionalExpectedPurchases(t, frequency: c.frequency, recency: c.recency, age: c.age) }
                alive = { m.probabilityAlive(frequency: $0.frequency, recency: $0.recency, age: $0.age) }
            case .paretonbd:
                let m = try file.parameters(as: ParetoNBD.self)
                expected = { c, t in m.conditionalExpectedPurchases(t, frequency: c.frequency, recency: c.recency, age: c.age) }
                alive = { m.probabilityAlive(frequency: $0.frequency, recency: $0.recency, age: $0.age) }
            default:
                throw inputError("\(model): score needs a bgnbd or paretonbd model, found \(file.model.rawValue)")
            }
        } catch let e as ModelFileError { throw inputError("\(model): \(e)") }
        if let p = file.period, p != summary.period.rawValue {
            FileHandle.standardError.write(Data("warning: the model was fitted in \(p)s, the log is summarised in \(summary.period.rawValue)s (--period)\n".utf8))
        }
        var rows = ["customer_id,frequency,recency,T,p_alive,expected_purchases,expected_spend,expected_value,realised_value"]
        for c in summary.customers {
            var discounted = 0.0, previous = 0.0
            for k in 1...horizon {
                let e = expected(c, Double(k))
                discounted += (e - previous) * pow(1 + d, -Double(k))
                previous = e
            }
            let spendPerPurchase = spend.map { $0.conditionalExpectedSpend(frequency: c.frequency, monetaryValue: c.monetaryValue) }
            let value = spendPerPurchase.map { String(discounted * $0 * margin) } ?? ""
            rows.append("\(CSVRendering.field(c.customerID)),\(c.frequency),\(c.recency),\(c.age),\(alive(c)),\(previous),\(spendPerPurchase.map { String($0) } ?? ""),\(value),\(c.totalValue)")
        }
        try emit(rows.joined(separator: "\n") + "\n", to: output)
    }
}
