import CLVModels
/// A simulation scenario (DESIGN.md §6): who the customers are, what they are worth, and which
/// campaign variants to compare. Load one with ``ScenarioLoader``; every instance it returns
/// has passed validation.
public struct Scenario: Sendable, Codable, Equatable {
    public var name: String
    public var description: String?
    public var seed: UInt64
    public var horizon: Horizon
    public var replications: Int
    public var population: Population
    public var economics: Economics
    public var variants: [Variant]

    public init(name: String, description: String? = nil, seed: UInt64, horizon: Horizon, replications: Int,
                population: Population, economics: Economics, variants: [Variant]) {
        self.name = name
        self.description = description
        self.seed = seed
        self.horizon = horizon
        self.replications = replications
        self.population = population
        self.economics = economics
        self.variants = variants
    }
}

/// The simulated time span.
public struct Horizon: Sendable, Codable, Equatable {
    /// Number of periods simulated, t = 1 … periods.
    public var periods: Int
    public var period: PeriodUnit

    public init(periods: Int, period: PeriodUnit) {
        self.periods = periods
        self.period = period
    }
}

// The period unit is CLVModels' `PeriodUnit` (day, week, month, quarter, year): one vocabulary
// for summaries, fits, scoring and simulation, so `score` and `simulate` discount alike.

/// The synthetic customer base.
public struct Population: Sendable, Codable, Equatable {
    /// How many customers are simulated: a sample of the base, as large as precision needs.
    public var customers: Int
    public var segments: [Segment]
    /// `base_size`: how many real customers the population stands for (DESIGN.md §2). Shared
    /// fixed costs are spread over it and totals in money are per-customer results times it, so
    /// per-customer results do not depend on how many customers were simulated. `nil`: the
    /// scenario file's `customers` (kept when `--customers` overrides the simulated count).
    public var baseSize: Int?
    /// `from_customers`: the real customers, one simulated customer each (DESIGN.md §2).
    public var customerBase: CustomerBase?
    /// Exact segment sizes (a real base's counts), instead of sizes from the shares.
    public var segmentSizes: [Int]?
    /// The model files of `from_fit` or `from_customers`, whose estimates' uncertainty each
    /// replication may draw from.
    public var fitted: FittedModels?

    enum CodingKeys: String, CodingKey {
        case customers, segments, fitted
        case baseSize = "base_size"
        case customerBase = "from_customers"
        case segmentSizes = "segment_sizes"
    }

    public init(customers: Int, segments: [Segment], baseSize: Int? = nil) {
        self.customers = customers
        self.segments = segments
        self.baseSize = baseSize
    }

    /// Which customers are in which segment: the exact sizes of a real base, else the shares.
    public var layout: PopulationLayout {
        if let segmentSizes, segmentSizes.reduce(0, +) == customers { return PopulationLayout(sizes: segmentSizes) }
        return PopulationLayout(customers: customers, shares: segments.map(\.share))
    }

    /// Whether each replication draws the fitted models' parameters (they join the assumption interval).
    public var drawsParameters: Bool { fitted?.drawsParameters ?? false }

    /// The number of real customers the results stand for.
    public var base: Int { baseSize ?? customers }

    /// The same base, with `count` customers simulated; a real base keeps a uniform sample of its
    /// customers (keyed by `seed`), never more than it has.
    public func simulating(_ count: Int, seed: UInt64 = 0) -> Population {
        var p = self
        p.baseSize = base
        p.customers = count
        if let customerBase, count < customerBase.count {
            let (sampled, sizes) = customerBase.sample(count, seed: seed, sizes: layout.ranges.map(\.count))
            let kept = sizes.indices.filter { sizes[$0] > 0 }
            p.customerBase = sampled
            p.segmentSizes = kept.map { sizes[$0] }
            p.segments = kept.map { var s = segments[$0]; s.share = Double(sizes[$0]) / Double(count); return s }
        } else if let customerBase {
            p.customers = customerBase.count
        }
        return p
    }
}

/// A group of customers sharing trait distributions and a lifetime model (DESIGN.md §2).
public struct Segment: Sendable, Codable, Equatable {
    public var name: String
    public var share: Double
    /// Purchase rate λ per period while alive; nil for a pure subscription with no purchases.
    public var purchaseRate: RateDistribution?
    public var lifetime: LifetimeModel
    /// Spend per purchase; required when `purchaseRate` is set.
    public var spend: SpendModel?
    /// Fixed fee per live period, counted as revenue.
    public var fee: Double?

    public init(name: String, share: Double, purchaseRate: RateDistribution?, lifetime: LifetimeModel,
                spend: SpendModel?, fee: Double?) {
        self.name = name
        self.share = share
        self.purchaseRate = purchaseRate
        self.lifetime = lifetime
        self.spend = spend
        self.fee = fee
    }
}

/// Heterogeneity of a positive rate.
public enum RateDistribution: Sendable, Codable, Equatable {
    /// Every customer has the same value.
    case fixed(Double)
    /// Gamma with shape and rate (mean shape/rate): the NBD part of BG/NBD and Pareto/NBD (`r`, `α`).
    case gamma(shape: Double, rate: Double)

    public var mean: Double {
        switch self {
        case .fixed(let v): return v
        case .gamma(let s, let r): return s / r
        }
    }
}

/// Heterogeneity of a probability.
public enum ProbabilityDistribution: Sendable, Codable, Equatable {
    case fixed(Double)
    /// Beta(a, b), mean a/(a + b).
    case beta(a: Double, b: Double)

    public var mean: Double {
        switch self {
        case .fixed(let v): return v
        case .beta(let a, let b): return a / (a + b)
        }
    }
}

/// How a customer's relationship ends (DESIGN.md §2).
public enum LifetimeModel: Sendable, Codable, Equatable {
    /// BG/NBD (Fader, Hardie & Lee 2005): after every purchase the customer leaves with probability p.
    case bgnbd(dropout: ProbabilityDistribution)
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): exponential lifetime with rate μ (per period).
    case paretonbd(dropout: RateDistribution)
    /// Shifted-beta-geometric (Fader & Hardie 2007): at each period end the customer renews with probability 1 − θ.
    case contractual(churn: ProbabilityDistribution)
    /// Alive for exactly this many periods (textbook panier moyen × fréquence × durée).
    case fixed(periods: Int)

    public var name: String {
        switch self {
        case .bgnbd: return "bgnbd"
        case .paretonbd: return "paretonbd"
        case .contractual: return "contractual"
        case .fixed: return "fixed"
        }
    }
}

/// Spend per purchase.
public enum SpendModel: Sendable, Codable, Equatable {
    /// Every purchase is worth this amount.
    case fixed(Double)
    /// Gamma-Gamma (Fader, Hardie & Lee 2005; Colombo & Jiang 1999): z ~ Gamma(p, ν), ν ~ Gamma(q, γ);
    /// E[z] = p·γ/(q − 1) for q > 1.
    case gammaGamma(p: Double, q: Double, gamma: Double)

    /// Population mean spend per purchase.
    public var mean: Double {
        switch self {
        case .fixed(let v): return v
        case .gammaGamma(let p, let q, let g): return q > 1 ? p * g / (q - 1) : .infinity
        }
    }
}

/// Money side of the scenario. Any value may be uncertain (drawn once per replication).
public struct Economics: Sendable, Codable, Equatable {
    public var currency: String
    /// Share of revenue kept as margin, in [0, 1].
    public var margin: UncertainValue
    /// Cost of serving a live customer for one period.
    public var costToServe: UncertainValue
    /// Acquisition cost (CAC) per customer, charged at t = 0.
    public var acquisitionCost: UncertainValue
    /// Annual discount rate; the period rate is (1 + d)^(1/periods per year) − 1.
    public var annualDiscountRate: UncertainValue

    public init(currency: String, margin: UncertainValue, costToServe: UncertainValue,
                acquisitionCost: UncertainValue, annualDiscountRate: UncertainValue) {
        self.currency = currency
        self.margin = margin
        self.costToServe = costToServe
        self.acquisitionCost = acquisitionCost
        self.annualDiscountRate = annualDiscountRate
    }
}

/// A campaign variant: the same customers under a set of interventions (none for control).
public struct Variant: Sendable, Codable, Equatable {
    public var name: String
    public var interventions: [Intervention]

    public init(name: String, interventions: [Intervention] = []) {
        self.name = name
        self.interventions = interventions
    }
}
