import CLVModels
import CLVReport
import Foundation

/// `clvlab score`: every customer of a log scored with a fitted model — P(alive), expected
/// purchases over the horizon and, with a Gamma-Gamma spend model, expected spend and the
/// expected residual value (CLV attendu) beside the realised value (CLV réel).
public enum ScoreWorkflow {
    public struct Input: Sendable {
        public var log: String
        public var reading: LogReading
        /// A fitted bgnbd or paretonbd model file.
        public var model: String
        /// A fitted gamma_gamma model file.
        public var spendModel: String?
        /// Horizon of the expectations, in periods of the log's summary.
        public var horizon: Int
        public var annualDiscountRate: Double
        public var margin: Double

        public init(log: String, reading: LogReading, model: String, spendModel: String?, horizon: Int,
                    annualDiscountRate: Double, margin: Double) {
            self.log = log; self.reading = reading; self.model = model; self.spendModel = spendModel
            self.horizon = horizon; self.annualDiscountRate = annualDiscountRate; self.margin = margin
        }
    }

    /// Read a model file written by `clvlab fit`.
    public static func loadModel(_ path: String) throws -> FittedModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputProblem("\(path): cannot read the model file") }
        do { return try JSONDecoder().decode(FittedModel.self, from: data) } catch {
            throw InputProblem("\(path): not a model file written by clvlab fit (\(error.localizedDescription))")
        }
    }

    public static func run(_ input: Input, log: WorkflowLog = .silent) throws -> [CustomerScore] {
        let file = try loadModel(input.model)
        let (summary, _) = try input.reading.summarize(input.log, log: log)
        let spend: GammaGamma?
        do { spend = try input.spendModel.map { try loadModel($0).parameters(as: GammaGamma.self) } } catch let e as ModelFileError {
            throw InputProblem("\(input.spendModel!): \(e)")
        }
        let d = pow(1 + input.annualDiscountRate, summary.period.days / 365.25) - 1
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
                throw InputProblem("\(input.model): score needs a bgnbd or paretonbd model, found \(file.model.rawValue)")
            }
        } catch let e as ModelFileError { throw InputProblem("\(input.model): \(e)") }
        if let p = file.period, p != summary.period.rawValue {
            log.warning("the model was fitted in \(p)s, the log is summarised in \(summary.period.rawValue)s (--period)")
        }
        return summary.customers.map { c in
            var discounted = 0.0, previous = 0.0
            for k in 1...input.horizon {
                let e = expected(c, Double(k))
                discounted += (e - previous) * pow(1 + d, -Double(k))
                previous = e
            }
            let spendPerPurchase = spend.map { $0.conditionalExpectedSpend(frequency: c.frequency, monetaryValue: c.monetaryValue) }
            return CustomerScore(customer: c, probabilityAlive: alive(c), expectedPurchases: previous, expectedSpend: spendPerPurchase,
                                 expectedValue: spendPerPurchase.map { discounted * $0 * input.margin })
        }
    }
}
