import CLVEvaluation
import CLVSimulation

/// A comparison's decision as summary.json carries it (`comparisons[].decision`): the verdict of
/// CLVEvaluation's ``CLVEvaluation/Decision``, and the money it is about — per customer and in
/// total over the base, campaign cost, ROI with both intervals, P(loss), the campaign's payback
/// period and the bridge from margin to incremental value.
public struct DecisionReport: Codable, Sendable {
    /// `gain`, `loss` or `uncertain`.
    public var verdict: String
    public var statement: String
    public var advice: String?
    /// Share of replications (assumption draws) with a positive / negative mean incremental
    /// value; absent without uncertain inputs or with one replication.
    public var probabilityOfGain: Double?
    public var probabilityOfLoss: Double?
    public var replications: Int
    /// Real customers the totals are over (`population.base_size`).
    public var baseSize: Int
    public var perCustomer: Money
    /// `perCustomer` × `baseSize`.
    public var total: Money
    public var roi: ROI?
    /// First period in which the cumulative discounted incremental cash flow is ≥ 0; absent
    /// when it is not within the horizon (see `payback`).
    public var paybackPeriod: Int?
    /// The payback in words: "period 7", "not within the horizon", "no incremental cash flow".
    public var payback: String
    /// Margin at list price → incremental value; the steps' `per_customer` sum to the
    /// incremental value per customer.
    public var waterfall: [WaterfallStep]
    /// With uncertain inputs: the value of the most influential one at which the incremental
    /// value is zero (absent without sensitivity runs).
    public var breakEven: BreakEven?

    public struct Money: Codable, Sendable {
        public var incrementalValue: Double
        /// Monte Carlo 95 % interval.
        public var ci95: [Double]
        public var assumptionInterval95: [Double]?
        public var campaignCost: Double

        enum CodingKeys: String, CodingKey {
            case ci95
            case incrementalValue = "incremental_value"
            case assumptionInterval95 = "assumption_interval95"
            case campaignCost = "campaign_cost"
        }

        public init(incrementalValue: Double, ci95: [Double], assumptionInterval95: [Double]?, campaignCost: Double) {
            self.incrementalValue = incrementalValue
            self.ci95 = ci95
            self.assumptionInterval95 = assumptionInterval95
            self.campaignCost = campaignCost
        }

        /// Every amount times `n`.
        public func scaled(by n: Double) -> Money {
            Money(incrementalValue: incrementalValue * n, ci95: ci95.map { $0 * n },
                  assumptionInterval95: assumptionInterval95?.map { $0 * n }, campaignCost: campaignCost * n)
        }
    }

    public struct ROI: Codable, Sendable {
        public var estimate: Double
        public var ci95: [Double]
        public var assumptionInterval95: [Double]?

        enum CodingKeys: String, CodingKey {
            case estimate, ci95
            case assumptionInterval95 = "assumption_interval95"
        }

        public init(estimate: Double, ci95: [Double], assumptionInterval95: [Double]?) {
            self.estimate = estimate
            self.ci95 = ci95
            self.assumptionInterval95 = assumptionInterval95
        }
    }

    public struct WaterfallStep: Codable, Sendable {
        /// Machine name: `margin_at_list_price`, `discount_subsidy`, `rewards`,
        /// `contacts_and_memberships`, `cost_to_serve`, `fixed_costs`.
        public var step: String
        public var label: String
        /// Signed contribution to the incremental value, per customer (discounted).
        public var perCustomer: Double
        public var total: Double

        enum CodingKeys: String, CodingKey {
            case step, label, total
            case perCustomer = "per_customer"
        }

        public init(step: String, label: String, perCustomer: Double, total: Double) {
            self.step = step
            self.label = label
            self.perCustomer = perCustomer
            self.total = total
        }
    }

    enum CodingKeys: String, CodingKey {
        case verdict, statement, advice, replications, total, roi, payback, waterfall
        case probabilityOfGain = "probability_of_gain", probabilityOfLoss = "probability_of_loss"
        case baseSize = "base_size", perCustomer = "per_customer", paybackPeriod = "payback_period"
        case breakEven = "break_even"
    }

    public init(verdict: String, statement: String, advice: String?, probabilityOfGain: Double?, probabilityOfLoss: Double?,
                replications: Int, baseSize: Int, perCustomer: Money, roi: ROI?, paybackPeriod: Int?, payback: String,
                waterfall: [WaterfallStep]) {
        self.verdict = verdict
        self.statement = statement
        self.advice = advice
        self.probabilityOfGain = probabilityOfGain
        self.probabilityOfLoss = probabilityOfLoss
        self.replications = replications
        self.baseSize = baseSize
        self.perCustomer = perCustomer
        self.total = perCustomer.scaled(by: Double(baseSize))
        self.roi = roi
        self.paybackPeriod = paybackPeriod
        self.payback = payback
        self.waterfall = waterfall
    }

    /// The waterfall of a variant against its baseline, from their discounted cash flow by part
    /// per customer: each step signed as it moves the value.
    public static func waterfall(_ delta: CashFlowComponents, baseSize: Int) -> [WaterfallStep] {
        let n = Double(baseSize)
        // 0 − x, not −x: a part that is zero stays +0 (JSON readers drop the sign of −0).
        return [
            ("margin_at_list_price", "margin at list price", delta.marginAtListPrice),
            ("discount_subsidy", "discount subsidy", 0 - delta.discountSubsidy),
            ("rewards", "rewards", 0 - delta.rewards),
            ("contacts_and_memberships", "contacts and memberships", 0 - delta.contactAndMembership),
            ("cost_to_serve", "cost to serve (customers kept longer)", 0 - delta.costToServe),
            ("fixed_costs", "fixed costs", 0 - delta.fixedCosts),
        ].map { WaterfallStep(step: $0.0, label: $0.1, perCustomer: $0.2, total: $0.2 * n) }
    }
}
