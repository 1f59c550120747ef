/// The payback period of a campaign: the first period in which the cumulative discounted
/// incremental cash flow (variant − baseline, per customer) is non-negative again, counted
/// from the first period in which the campaign changes anything.
///
/// Before an intervention starts, a variant's customers are its baseline's customer by customer
/// (common random numbers, DESIGN.md §4), so the period sums are equal bit for bit and the
/// difference is exactly zero: the first non-zero difference marks the campaign's start.
public enum CampaignPayback {
    public enum Outcome: Equatable, Sendable {
        case period(Int)
        case notWithinHorizon
        case noIncrementalCashFlow

        public var period: Int? {
            if case .period(let t) = self { return t }
            return nil
        }

        public var description: String {
            switch self {
            case .period(let t): return "period \(t)"
            case .notWithinHorizon: return "not within the horizon"
            case .noIncrementalCashFlow: return "no incremental cash flow"
            }
        }
    }

    /// - Parameters: cumulative discounted value per customer at the end of each period t = 1 … T.
    public static func of(variant: [Double], baseline: [Double]) -> Outcome {
        let difference = zip(variant, baseline).map { $0 - $1 }
        guard let start = difference.firstIndex(where: { $0 != 0 }) else { return .noIncrementalCashFlow }
        guard let t = difference[start...].firstIndex(where: { $0 >= 0 }) else { return .notWithinHorizon }
        return .period(t + 1)
    }
}
