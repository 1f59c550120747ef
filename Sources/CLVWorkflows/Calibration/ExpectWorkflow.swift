import CLVModels
import Foundation

/// `clvlab expect`: what a fitted model expects of a *new* customer, acquired at time 0, at each
/// of several times t (in the model's period): E[X(t)], the repeat purchases in (0, t]
/// (Fader, Hardie & Lee 2005, eq. 9; Pareto/NBD note 009, eq. 27) and, with a spend model, the
/// expected value of those purchases — Σₖ₌₁^⌊t⌋ (E[X(k)] − E[X(k−1)]) (1 + d)^−k × E[Z] × margin,
/// discounted at period ends like every CLVLab cash flow. For an sBG model: the share still
/// subscribed after t periods, S(t), and the expected periods paid in the first t, Σₖ₌₀^{t−1} S(k).
public enum ExpectWorkflow {
    public struct Row: Sendable, Equatable {
        public var t: Double
        /// E[X(t)] (purchase models) or S(⌊t⌋) (sBG).
        public var expected: Double
        /// Discounted expected value (purchase models with a spend model), or expected periods paid (sBG).
        public var value: Double?
    }

    public struct Outcome: Sendable {
        public var model: String
        public var period: String?
        /// "expected_purchases" or "survival".
        public var quantity: String
        /// "expected_value" or "expected_periods", when given.
        public var valueName: String?
        public var rows: [Row]
    }

    public static func run(model path: String, spendModel: String?, at times: [Double], annualDiscountRate: Double, margin: Double) throws -> Outcome {
        let file = try ScoreWorkflow.loadModel(path)
        let model: any RegisteredModel
        do { model = try ModelRegistry.load(file) } catch { throw InputProblem("\(path): \(error)") }
        let unit = file.periodUnit
        let d = unit.map { $0.periodRate(annual: annualDiscountRate) } ?? 0
        switch model {
        case let m as any PurchaseModel:
            let spend = try spendModel.map { p in try ScoreWorkflow.spendModel(ScoreWorkflow.loadModel(p), path: p) }
            let rows = times.map { t in
                Row(t: t, expected: m.expectedPurchases(in: t), value: spend.map { discounted(m, t, d) * $0.expectedSpend * margin })
            }
            return Outcome(model: file.model.rawValue, period: file.period, quantity: "expected_purchases",
                           valueName: spend == nil ? nil : "expected_value", rows: rows)
        case let m as ShiftedBetaGeometric:
            let rows = times.map { t in
                let whole = Int(t.rounded(.down))
                return Row(t: t, expected: m.survival(whole), value: (0..<max(whole, 0)).reduce(0.0) { $0 + m.survival($1) })
            }
            return Outcome(model: file.model.rawValue, period: file.period, quantity: "survival", valueName: "expected_periods", rows: rows)
        default:
            throw InputProblem("\(path): expect needs a bgnbd, paretonbd or sbg model, found \(file.model.rawValue)")
        }
    }

    /// Σₖ₌₁^⌊t⌋ (E[X(k)] − E[X(k−1)]) (1 + d)^−k.
    static func discounted<M: PurchaseModel>(_ m: M, _ t: Double, _ d: Double) -> Double {
        M.discountedIncrements(periods: Int(t.rounded(.down)), discountRate: d) { m.expectedPurchases(in: $0) }
    }
}
