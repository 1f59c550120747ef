import CLVModels
import CLVReport
import Foundation
import Stochastic

/// `clvlab score --subscribers FILE --calibration-end DAY --model SBG`: every subscription active
/// on DAY scored with a fitted sBG (Fader & Hardie 2007, 2010). A subscriber observed for T
/// periods has made n = ⌊T⌋ renewals, so θ | n ~ Beta(γ, δ + n) and
/// - `retention`: P(next renewal) = (δ + n)/(γ + δ + n);
/// - `expected_renewals`: renewals expected within the next ⌊horizon⌋ periods, Σⱼ Πᵢ₌₁ʲ r_{n+i};
/// - `derl`: the discounted expected residual lifetime of Fader & Hardie (2010),
///   Σ_{k≥0} P(k + 1 more renewals)(1 + d)^−k at the per-period rate d (the paper's convention:
///   the next renewal undiscounted).
public enum SubscriberScores {
    public struct Row: Sendable, Equatable {
        public var customerID: String
        public var renewals: Int
        public var tenure: Double
        public var retention: Double
        public var expectedRenewals: Double
        public var derl: Double
    }

    public static func run(subscribers path: String, on day: String, model modelPath: String, period: String, horizon: Double,
                           annualDiscountRate: Double, log: WorkflowLog = .silent) throws -> [Row] {
        let file = try ScoreWorkflow.loadModel(modelPath)
        guard file.model == .sbg else { throw InputProblem("\(modelPath): --subscribers needs an sbg model, found \(file.model.rawValue)") }
        let model: ShiftedBetaGeometric
        do { model = try file.parameters(as: ShiftedBetaGeometric.self) } catch { throw InputProblem("\(modelPath): \(error)") }
        guard let unit = CLVModels.PeriodUnit(rawValue: period) else {
            throw InputProblem("--period: expected day, week, month, quarter or year, found '\(period)'")
        }
        if let p = file.period, p != period {
            throw InputProblem("\(modelPath) was fitted in \(p)s but subscribers are scored in \(period)s (--period): give --period \(p)")
        }
        let until = try Calibration.day(day, option: "--calibration-end")
        let table: SubscriptionTable
        do { table = try SubscriptionTable.parse(try Calibration.readInput(path), path: path) } catch let e as SummaryTable.Problem {
            throw InputProblem(e.description)
        }
        let active = table.active(on: until, period: unit)
        if active.ended + active.later > 0 {
            log.warning("\(path): \(active.customerIDs.count) subscriptions active on \(until) scored; \(active.ended) ended by then and \(active.later) started after it left out")
        }
        let d = unit.periodRate(annual: annualDiscountRate)
        return zip(active.customerIDs, active.tenure).map { id, T in
            let n = Int(T.rounded(.down))
            let renewals = model.renewalProbabilities(after: n, count: Int(horizon.rounded(.down))).reduce(0, +)
            return Row(customerID: id, renewals: n, tenure: T, retention: model.retentionRate(n + 1), expectedRenewals: renewals,
                       derl: model.discountedExpectedResidualLifetime(discountRate: d, renewals: n))
        }
    }

    public static func csv(_ rows: [Row]) -> String {
        var lines = ["customer_id,renewals,tenure,retention,expected_renewals,derl"]
        for r in rows {
            lines.append([CSVRendering.field(r.customerID), String(r.renewals), CSVNumber.format(r.tenure), CSVNumber.format(r.retention),
                          CSVNumber.format(r.expectedRenewals), CSVNumber.format(r.derl)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
