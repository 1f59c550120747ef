import CLVEvaluation
import CLVSimulation

/// The machine-readable summary of a run: `summary.json`, contract v1 of DESIGN.md §7.
/// Keys may be added; the contract's keys are never renamed or dropped.
public struct Summary: Codable, Sendable {
    public struct Tool: Codable, Sendable {
        public var name = "clvlab"
        public var version = CLVLabVersion.current
    }

    public var tool = Tool()
    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    public var customers: Int
    /// Real customers the results stand for (`population.base_size`; the simulated `customers`
    /// when the scenario does not say). Totals in money are per-customer results times it.
    public var baseSize: Int?
    public var periods: Int
    public var period: String
    public var currency: String
    /// How to read the numbers: conventions and interval kinds, in words.
    public var conventions: Conventions
    public var variants: [VariantSummary]
    public var comparisons: [ComparisonReport]
    /// Present when the scenario has uncertain inputs and several variants.
    public var sensitivity: [SensitivityTable]?
    /// How multiplicity is controlled when several variants are compared with the baseline.
    public var multiplicity: String?
    /// The scenario as run, echoed so a result can be traced to its inputs.
    public var scenarioEcho: Scenario
    /// The scalar inputs drawn for each replication.
    public var replicationInputs: [ReplicationInputs]
    /// Per intervention and variant: customers eligible, targeted, contacted, enrolled and
    /// customer-periods treated (absent in summaries written before they were counted).
    public var reach: [ReachReport]?
    /// What a reader should know before trusting the numbers (also printed on stderr): an
    /// intervention that reaches nobody or under 1 % of the base, an uncertain input that moves
    /// no variant.
    public var warnings: [String]?
    /// Each replication's uncertain inputs and per-customer means (`replications.csv`).
    public var replicationResults: [ReplicationResult]?
    /// A real base's holdout next to the control's simulation (``Backtest``).
    public var backtest: Backtest?

    enum CodingKeys: String, CodingKey {
        case tool, scenario, seed, replications, customers, periods, period, currency, conventions, variants, comparisons, sensitivity, multiplicity
        case baseSize = "base_size"
        case scenarioEcho = "scenario_definition"
        case replicationInputs = "replication_inputs"
        case reach, warnings
        case replicationResults = "replication_results"
        case backtest
    }

    public init(scenario: String, seed: UInt64, replications: Int, customers: Int, periods: Int, period: String, currency: String, conventions: Conventions, variants: [VariantSummary], comparisons: [ComparisonReport], sensitivity: [SensitivityTable]? = nil, multiplicity: String? = nil, scenarioEcho: Scenario, replicationInputs: [ReplicationInputs]) {
        self.scenario = scenario
        self.seed = seed
        self.replications = replications
        self.customers = customers
        self.periods = periods
        self.period = period
        self.currency = currency
        self.conventions = conventions
        self.variants = variants
        self.comparisons = comparisons
        self.sensitivity = sensitivity
        self.multiplicity = multiplicity
        self.scenarioEcho = scenarioEcho
        self.replicationInputs = replicationInputs
    }
}

public struct Conventions: Codable, Sendable {
    public var cashFlowTiming = "end of period: a period's cash flows are discounted by (1 + d)^-t, t = 1..periods"
    public var acquisition = "acquisition cost (CAC) is charged at t = 0; net CLV = gross CLV - CAC"
    public var periodDiscountRate: Double
    public var monteCarloInterval = "95% t interval of the mean from the pooled within-replication variance; shrinks with more customers or replications"
    public var assumptionInterval = "2.5-97.5% percentiles of replication means when inputs are uncertain; does not shrink"
    public var quantiles = "pooled over replications, linear interpolation (Hyndman & Fan type 7)"

    enum CodingKeys: String, CodingKey {
        case cashFlowTiming = "cash_flow_timing", acquisition
        case periodDiscountRate = "period_discount_rate"
        case monteCarloInterval = "monte_carlo_interval", assumptionInterval = "assumption_interval", quantiles
    }

    public init(periodDiscountRate: Double) {
        self.periodDiscountRate = periodDiscountRate
    }
}

public struct VariantSummary: Codable, Sendable {
    public var name: String
    public var clv: CLVBlock
    public var retainedShare: Double
    public var purchasesPerCustomer: Double
    public var revenuePerCustomer: Double
    public var ltvCac: Ratio?
    /// Discounted campaign cost per customer (fixed costs and discount subsidies included).
    public var campaignCost: Double
    public var segments: [SegmentReport]
    /// Gross CLV histogram on bins shared by all variants, so they overlay.
    public var histogram: Histogram?
    /// Net CLV (gross − CAC) histogram on bins shared by all variants: the basis of the table's
    /// quantiles and of the report's distribution chart (absent from summaries of clvlab < 0.2).
    public var netHistogram: Histogram?
    /// CAC payback: first period whose cumulative discounted cash flow reaches the CAC.
    public var payback: PaybackStatistics?
    /// Per period t = 1 … periods: share of customers live in t (alive at its start).
    public var survival: [Double]?
    /// Per period: cumulative discounted cash flow per customer at the end of t (fixed costs included).
    public var cumulativeDiscountedValue: [Double]?

    enum CodingKeys: String, CodingKey {
        case name, clv, segments, histogram, survival, payback
        case retainedShare = "retained_share"
        case purchasesPerCustomer = "purchases_per_customer"
        case revenuePerCustomer = "revenue_per_customer"
        case ltvCac = "ltv_cac"
        case campaignCost = "campaign_cost"
        case cumulativeDiscountedValue = "cumulative_discounted_value"
        case netHistogram = "net_histogram"
    }

    public init(name: String, clv: CLVBlock, retainedShare: Double, purchasesPerCustomer: Double, revenuePerCustomer: Double, ltvCac: Ratio? = nil, campaignCost: Double, segments: [SegmentReport], histogram: Histogram? = nil, payback: PaybackStatistics? = nil, survival: [Double]? = nil, cumulativeDiscountedValue: [Double]? = nil) {
        self.name = name
        self.clv = clv
        self.retainedShare = retainedShare
        self.purchasesPerCustomer = purchasesPerCustomer
        self.revenuePerCustomer = revenuePerCustomer
        self.ltvCac = ltvCac
        self.campaignCost = campaignCost
        self.segments = segments
        self.histogram = histogram
        self.payback = payback
        self.survival = survival
        self.cumulativeDiscountedValue = cumulativeDiscountedValue
    }
}

public struct CLVBlock: Codable, Sendable {
    public var gross: Distribution
    public var net: Distribution

    public init(gross: Distribution, net: Distribution) {
        self.gross = gross
        self.net = net
    }
}

/// A CLV distribution: mean with its Monte Carlo interval, optional assumption interval, quantiles.
public struct Distribution: Codable, Sendable {
    public var mean: Double
    public var ci95: [Double]
    public var interval = "monte-carlo"
    public var method = "t"
    public var standardDeviation: Double?
    public var assumptionInterval95: [Double]?
    public var quantiles: QuantileSet?
    public var shareNegative: Double?
    /// Share of total value held by the top 10% of customers.
    public var top10Share: Double?

    enum CodingKeys: String, CodingKey {
        case mean, ci95, interval, method, quantiles
        case standardDeviation = "sd"
        case assumptionInterval95 = "assumption_interval95"
        case shareNegative = "share_negative"
        case top10Share = "top10_share"
    }

    public init(mean: Double, ci95: [Double], standardDeviation: Double? = nil, assumptionInterval95: [Double]? = nil, quantiles: QuantileSet? = nil, shareNegative: Double? = nil, top10Share: Double? = nil) {
        self.mean = mean
        self.ci95 = ci95
        self.standardDeviation = standardDeviation
        self.assumptionInterval95 = assumptionInterval95
        self.quantiles = quantiles
        self.shareNegative = shareNegative
        self.top10Share = top10Share
    }
}

public struct Ratio: Codable, Sendable {
    public var estimate: Double
    public var ci95: [Double]
    public var method: String
    /// Fieller (1954) interval, when bounded.
    public var fiellerCI95: [Double]?
    /// LTV/CAC of 3:1 is the usual health threshold.
    public var meetsThreeToOne: Bool?
    /// Whether even the lower end of the interval reaches 3:1.
    public var lowerBoundMeetsThreeToOne: Bool?

    enum CodingKeys: String, CodingKey {
        case estimate, ci95, method
        case fiellerCI95 = "fieller_ci95"
        case meetsThreeToOne = "meets_3_to_1"
        case lowerBoundMeetsThreeToOne = "lower_bound_meets_3_to_1"
    }

    public init(estimate: Double, ci95: [Double], method: String, fiellerCI95: [Double]? = nil, meetsThreeToOne: Bool? = nil, lowerBoundMeetsThreeToOne: Bool? = nil) {
        self.estimate = estimate
        self.ci95 = ci95
        self.method = method
        self.fiellerCI95 = fiellerCI95
        self.meetsThreeToOne = meetsThreeToOne
        self.lowerBoundMeetsThreeToOne = lowerBoundMeetsThreeToOne
    }
}

/// One segment of a variant as summary.json carries it: the rendering of CLVEvaluation's
/// ``CLVEvaluation/SegmentSummary``.
public struct SegmentReport: Codable, Sendable {
    public var name: String
    public var customers: Int
    public var clv: SegmentCLV
    public var ltvCac: Ratio?

    public var payback: PaybackStatistics?
    public var survival: [Double]?
    public var cumulativeDiscountedValue: [Double]?

    public struct SegmentCLV: Codable, Sendable {
        public var gross: Distribution
        public init(gross: Distribution) { self.gross = gross }
    }

    enum CodingKeys: String, CodingKey {
        case name, customers, clv, payback, survival
        case ltvCac = "ltv_cac"
        case cumulativeDiscountedValue = "cumulative_discounted_value"
    }

    public init(name: String, customers: Int, clv: SegmentCLV, ltvCac: Ratio? = nil, payback: PaybackStatistics? = nil, survival: [Double]? = nil, cumulativeDiscountedValue: [Double]? = nil) {
        self.name = name
        self.customers = customers
        self.clv = clv
        self.ltvCac = ltvCac
        self.payback = payback
        self.survival = survival
        self.cumulativeDiscountedValue = cumulativeDiscountedValue
    }
}

/// A variant against the baseline as summary.json carries it: the rendering of CLVEvaluation's
/// ``CLVEvaluation/Comparison`` (which computes every number here).
public struct ComparisonReport: Codable, Sendable {
    public var variant: String
    public var baseline: String
    /// Paired per-customer difference in gross CLV (= incremental net value per customer).
    public var grossMeanDifference: Estimate
    /// Per customer over the horizon, undiscounted: variant − baseline.
    public var incrementalRevenue: Double
    public var incrementalMargin: Double
    /// Discounted campaign cost per customer, variant − baseline (fixed costs and subsidies included).
    public var campaignCost: Double
    /// ROI = incremental net value / campaign cost; nil when the campaign costs nothing.
    public var roi: Ratio?
    /// Share of replications in which the variant's mean CLV beats the baseline's.
    public var probabilityBetter: Double?
    /// 2.5–97.5% spread of per-replication mean differences when inputs are uncertain.
    public var assumptionInterval95: [Double]?
    /// Differences in quantiles of gross CLV with bootstrap intervals.
    public var quantileDifferences: [QuantileDifference]?
    /// Two-sample Kolmogorov–Smirnov distance between the CLV distributions.
    public var kolmogorovSmirnov: KolmogorovSmirnov?
    /// The one-line verdict.
    public var verdict: String?
    /// The launch decision, in money over the base (issue #16).
    public var decision: DecisionReport?
    /// Incremental value among the customers the variant touched (runs that keep every value).
    public var treated: TreatedDistribution?

    enum CodingKeys: String, CodingKey {
        case variant, baseline, roi, verdict, decision, treated
        case assumptionInterval95 = "assumption_interval95"
        case grossMeanDifference = "gross_mean_difference"
        case incrementalRevenue = "incremental_revenue"
        case incrementalMargin = "incremental_margin"
        case campaignCost = "campaign_cost"
        case probabilityBetter = "probability_better"
        case quantileDifferences = "quantile_differences"
        case kolmogorovSmirnov = "kolmogorov_smirnov"
    }

    public init(variant: String, baseline: String, grossMeanDifference: Estimate, incrementalRevenue: Double, incrementalMargin: Double, campaignCost: Double, roi: Ratio? = nil, probabilityBetter: Double? = nil, assumptionInterval95: [Double]? = nil, quantileDifferences: [QuantileDifference]? = nil, kolmogorovSmirnov: KolmogorovSmirnov? = nil, verdict: String? = nil) {
        self.variant = variant
        self.baseline = baseline
        self.grossMeanDifference = grossMeanDifference
        self.incrementalRevenue = incrementalRevenue
        self.incrementalMargin = incrementalMargin
        self.campaignCost = campaignCost
        self.roi = roi
        self.probabilityBetter = probabilityBetter
        self.assumptionInterval95 = assumptionInterval95
        self.quantileDifferences = quantileDifferences
        self.kolmogorovSmirnov = kolmogorovSmirnov
        self.verdict = verdict
    }
}

/// A difference with its interval and significance, as computed (CLVEvaluation's
/// ``IntervalEstimate`` and test), so reports read the decision instead of re-deriving it from
/// the bounds. Encoded with the contract's keys: `estimate`, `ci95`, `method`, `p_value`,
/// `adjusted_p_value`, `p_value_adjustment`, `significant`.
public struct Estimate: Codable, Sendable {
    /// Estimate, bounds, level and method.
    public var interval: IntervalEstimate
    public var pValue: Double?
    /// p-value after multiplicity control (Holm) when several variants are compared.
    public var adjustedPValue: Double?
    public var pValueAdjustment: String?
    public var significant: Bool?

    public init(interval: IntervalEstimate, pValue: Double? = nil, adjustedPValue: Double? = nil, pValueAdjustment: String? = nil, significant: Bool? = nil) {
        self.interval = interval
        self.pValue = pValue
        self.adjustedPValue = adjustedPValue
        self.pValueAdjustment = pValueAdjustment
        self.significant = significant
    }

    /// A mean difference with its (adjusted) test.
    public init(_ t: TTest, adjustedPValue: Double, adjustment: PValueAdjustment, significant: Bool) {
        self.init(interval: t.interval, pValue: t.pValue, adjustedPValue: adjustedPValue, pValueAdjustment: adjustment.rawValue, significant: significant)
    }

    public var estimate: Double { interval.estimate }
    /// [lower, upper] of the interval (its level is 0.95 in summaries).
    public var ci95: [Double] { [interval.lower, interval.upper] }
    public var method: String { interval.method.rawValue }

    enum CodingKeys: String, CodingKey {
        case estimate, ci95, method, significant
        case pValue = "p_value", adjustedPValue = "adjusted_p_value", pValueAdjustment = "p_value_adjustment"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let bounds = try c.decode([Double].self, forKey: .ci95)
        guard bounds.count == 2 else { throw DecodingError.dataCorruptedError(forKey: .ci95, in: c, debugDescription: "expected [lower, upper]") }
        let name = try c.decode(String.self, forKey: .method)
        guard let method = IntervalMethod(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .method, in: c, debugDescription: "unknown interval method '\(name)'")
        }
        interval = IntervalEstimate(estimate: try c.decode(Double.self, forKey: .estimate), lower: bounds[0], upper: bounds[1], level: 0.95, method: method)
        pValue = try c.decodeIfPresent(Double.self, forKey: .pValue)
        adjustedPValue = try c.decodeIfPresent(Double.self, forKey: .adjustedPValue)
        pValueAdjustment = try c.decodeIfPresent(String.self, forKey: .pValueAdjustment)
        significant = try c.decodeIfPresent(Bool.self, forKey: .significant)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(estimate, forKey: .estimate)
        try c.encode(ci95, forKey: .ci95)
        try c.encode(method, forKey: .method)
        try c.encodeIfPresent(pValue, forKey: .pValue)
        try c.encodeIfPresent(adjustedPValue, forKey: .adjustedPValue)
        try c.encodeIfPresent(pValueAdjustment, forKey: .pValueAdjustment)
        try c.encodeIfPresent(significant, forKey: .significant)
    }
}

/// The tornado table of one variant: inputs ranked by their effect on its incremental value.
public struct SensitivityTable: Codable, Sendable {
    public var variant: String
    public var baseline: String
    public var method = "one-at-a-time: each uncertain input at its P10 and P90, the others at their mean, same customers and draws"
    public var customers: Int
    /// Incremental value per customer with every input at its mean.
    public var incrementalAtMeans: Double
    public var rows: [SensitivityAnalysis.Row]

    enum CodingKeys: String, CodingKey {
        case variant, baseline, method, customers, rows
        case incrementalAtMeans = "incremental_at_means"
    }

    public init(variant: String, baseline: String, customers: Int, incrementalAtMeans: Double, rows: [SensitivityAnalysis.Row]) {
        self.variant = variant
        self.baseline = baseline
        self.customers = customers
        self.incrementalAtMeans = incrementalAtMeans
        self.rows = rows
    }
}
