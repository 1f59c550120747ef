import CLVModels
import CLVReport
import Foundation
import Stochastic

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
        let data: Data
        do { data = try InputFile.read(path) } catch { throw InputProblem("\(error) (expected a model file)") }
        do { return try JSONDecoder().decode(FittedModel.self, from: data) } catch {
            throw InputProblem("\(path): not a model file written by clvlab fit (\(error.localizedDescription))")
        }
    }

    public static func run(_ input: Input, log: WorkflowLog = .silent) throws -> [CustomerScore] {
        let file = try loadModel(input.model)
        let (summary, _) = try input.reading.summarize(input.log, log: log)
        let purchases = try purchaseModel(file, path: input.model)
        let spend = try input.spendModel.map { path in try spendModel(loadModel(path), path: path) }
        // A weekly model's rates read in months would be wrong by the factor between them: refuse.
        if let p = file.period, p != summary.period.rawValue {
            throw InputProblem("\(input.model) was fitted in \(p)s but the log is summarised in \(summary.period.rawValue)s (--period): "
                               + "give --period \(p), or refit the model with --period \(summary.period.rawValue)")
        }
        let d = discountRate(summary.period, annual: input.annualDiscountRate)
        return scores(summary.customers, purchases, spend: spend, horizon: input.horizon, discountRate: d, margin: input.margin)
    }

    /// The per-period rate score discounts with: the period unit's own conversion, the one the
    /// simulation uses (``ReplicationInputs/periodDiscountRate(_:)``).
    public static func discountRate(_ unit: CLVModels.PeriodUnit, annual: Double) -> Double {
        unit.periodRate(annual: annual)
    }

    /// The transaction model of a model file, through the registry; another family is an input
    /// problem naming the ones that score.
    static func purchaseModel(_ file: FittedModel, path: String) throws -> any PurchaseModel {
        let scorable = ModelRegistry.all.filter { $0 is any PurchaseModel.Type }.map { $0.kind }
        guard scorable.contains(file.model) else {
            let names = scorable.map(\.rawValue).joined(separator: " or ")
            throw InputProblem("\(path): score needs a \(names) model, found \(file.model.rawValue)")
        }
        // Through a `Result`: a do/catch around the typed-throwing call that returns an existential
        // crashes Swift 6.3's SILGen.
        switch Result(catching: { () throws(ModelFileError) -> any PurchaseModel in try ModelRegistry.purchaseModel(file) }) {
        case .success(let model): return model
        case .failure(let error): throw InputProblem("\(path): \(error)")
        }
    }

    static func spendModel(_ file: FittedModel, path: String) throws -> any MonetaryValueModel {
        switch Result(catching: { () throws(ModelFileError) -> any MonetaryValueModel in try ModelRegistry.monetaryValueModel(file) }) {
        case .success(let model): return model
        case .failure(let error): throw InputProblem("\(path): \(error)")
        }
    }

    /// Every customer scored with a concrete model type (the existential is opened once here,
    /// not per customer).
    static func scores<P: PurchaseModel>(_ customers: [CustomerSummary], _ purchases: P, spend: (any MonetaryValueModel)?,
                                         horizon: Int, discountRate d: Double, margin: Double) -> [CustomerScore] {
        customers.map { c in
            let discounted = purchases.discountedExpectedPurchases(periods: horizon, discountRate: d,
                                                                   frequency: c.frequency, recency: c.recency, age: c.age)
            let spendPerPurchase = spend.map { $0.conditionalExpectedSpend(frequency: c.frequency, monetaryValue: c.monetaryValue) }
            return CustomerScore(customer: c, probabilityAlive: purchases.probabilityAlive(frequency: c.frequency, recency: c.recency, age: c.age),
                                 expectedPurchases: purchases.conditionalExpectedPurchases(Double(horizon), frequency: c.frequency,
                                                                                          recency: c.recency, age: c.age),
                                 expectedSpend: spendPerPurchase, expectedValue: spendPerPurchase.map { discounted * $0 * margin })
        }
    }
}
