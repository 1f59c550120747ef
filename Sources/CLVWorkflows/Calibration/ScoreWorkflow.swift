import CLVModels
import CLVReport
import Foundation
import Stochastic

/// `clvlab score`: every customer of a log scored with a fitted model — P(alive), expected
/// purchases over the horizon and, with a Gamma-Gamma spend model, expected spend and the
/// expected residual value (CLV attendu) beside the realised value (CLV réel).
public enum ScoreWorkflow {
    public struct Input: Sendable {
        /// A transaction log, summarised with `reading`; or nil with `summary`.
        public var log: String?
        public var reading: LogReading
        /// A ready summary (customer, x, t_x, T[, zbar]) in `reading.period` units, instead of a log.
        public var summary: String?
        /// A fitted bgnbd or paretonbd model file.
        public var model: String
        /// A fitted gamma_gamma model file.
        public var spendModel: String?
        /// Horizon of the expectations, in periods of the summary; any real number (the discounted
        /// sum runs over its whole periods).
        public var horizon: Double
        public var annualDiscountRate: Double
        public var margin: Double
        /// Draws of the parameters for 95 % intervals (0: none).
        public var intervalDraws: Int

        public init(log: String?, reading: LogReading, summary: String? = nil, model: String, spendModel: String?, horizon: Double,
                    annualDiscountRate: Double, margin: Double, intervalDraws: Int = 0) {
            self.log = log; self.reading = reading; self.summary = summary; self.model = model; self.spendModel = spendModel
            self.horizon = horizon; self.annualDiscountRate = annualDiscountRate; self.margin = margin; self.intervalDraws = intervalDraws
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
        let (customers, unit, realised) = try customers(input, log: log)
        let purchases = try purchaseModel(file, path: input.model)
        let spendFile = try input.spendModel.map { path in (try loadModel(path), path) }
        let spend = try spendFile.map { try spendModel($0.0, path: $0.1) }
        // A weekly model's rates read in months would be wrong by the factor between them: refuse.
        if let p = file.period, p != unit.rawValue {
            throw InputProblem("\(input.model) was fitted in \(p)s but the \(input.log == nil ? "summary is" : "log is summarised") in \(unit.rawValue)s (--period): "
                               + "give --period \(p), or refit the model with --period \(unit.rawValue)")
        }
        let d = discountRate(unit, annual: input.annualDiscountRate)
        var result = scores(customers, purchases, spend: spend, horizon: input.horizon, discountRate: d, margin: input.margin)
        for i in result.indices { result[i].realisedValue = realised ? result[i].customer.totalValue : nil }
        if input.intervalDraws > 0 {
            let bands = try ScoreIntervalDraws.bands(customers, model: file, spend: spendFile?.0, draws: input.intervalDraws,
                                                     horizon: input.horizon, discountRate: d, margin: input.margin)
            for i in result.indices { result[i].intervals = bands[i] }
        }
        return result
    }

    /// The customers to score and their unit: a log summarised, or a summary file read; whether
    /// their realised value is known (a summary file has none).
    static func customers(_ input: Input, log: WorkflowLog) throws -> ([CustomerSummary], CLVModels.PeriodUnit, Bool) {
        if let path = input.summary {
            guard let unit = CLVModels.PeriodUnit(rawValue: input.reading.period) else {
                throw InputProblem("--period: expected day, week, month, quarter or year, found '\(input.reading.period)'")
            }
            // With its customer ids when the file has them (summarize writes customer_id), else row numbers.
            let data = try Calibration.readInput(path)
            let table: SummaryTable
            do { table = try SummaryTable.parse(data, path: path, request: .init(customerIDsIfPresent: true)) } catch { throw InputProblem(error.description) }
            let ids = table.customerIDs
            let customers = table.frequency.indices.map { i in
                CustomerSummary(customerID: ids?[i] ?? String(i + 1), firstPurchase: CivilDay(dayNumber: 0), frequency: table.frequency[i],
                                recency: table.recency[i], age: table.age[i], monetaryValue: table.monetary?[i] ?? 0, totalValue: 0,
                                holdoutFrequency: 0, holdoutValue: 0)
            }
            return (customers, unit, false)
        }
        let (summary, _) = try input.reading.summarize(input.log ?? "", log: log)
        return (summary.customers, summary.period, true)
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
                                         horizon: Double, discountRate d: Double, margin: Double) -> [CustomerScore] {
        let pareto = purchases as? ParetoNBD
        return customers.map { c in
            let discounted = purchases.discountedExpectedPurchases(periods: Int(horizon.rounded(.down)), discountRate: d,
                                                                   frequency: c.frequency, recency: c.recency, age: c.age)
            let spendPerPurchase = spend.map { $0.conditionalExpectedSpend(frequency: c.frequency, monetaryValue: c.monetaryValue) }
            let dert = d > 0 ? try? pareto?.discountedExpectedResidualTransactions(continuousDiscountRate: log(1 + d), frequency: c.frequency,
                                                                                   recency: c.recency, age: c.age) : nil
            return CustomerScore(customer: c, probabilityAlive: purchases.probabilityAlive(frequency: c.frequency, recency: c.recency, age: c.age),
                                 expectedPurchases: purchases.conditionalExpectedPurchases(horizon, frequency: c.frequency,
                                                                                          recency: c.recency, age: c.age),
                                 discountedExpectedPurchases: discounted, dert: dert ?? nil,
                                 expectedSpend: spendPerPurchase, expectedValue: spendPerPurchase.map { discounted * $0 * margin })
        }
    }
}
