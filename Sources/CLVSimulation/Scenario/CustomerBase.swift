import CLVModels
import Stochastic

/// `population.from_customers`: the business's own base (DESIGN.md §2). Every real customer is
/// one simulated customer (or, with `sample`, one of a uniform random sample standing for the
/// base) whose traits are drawn from their posterior given their history up to `observed_until`;
/// period 1 is the first period after that day.
///
/// Histories are held column by column in the horizon's period unit, so the engine, the
/// targeting rules and the model's predictions read them alike; the time origin is
/// `observed_until` (a customer's first purchase was `age` periods before it).
public struct CustomerBase: Sendable, Equatable, Codable {
    /// Where the base came from, as the scenario said it (echoed in summary.json).
    public var source: Source
    /// The real customer ids, in simulation order (grouped by segment).
    public var customerIDs: [String]
    /// x: repeat purchases up to `observed_until`.
    public var frequency: [Int32]
    /// t_x: time of the last repeat purchase after the first purchase (0 when x = 0), in horizon periods.
    public var recency: [Double]
    /// T: time from the first purchase to the end of `observed_until`, in horizon periods.
    public var age: [Double]
    /// z̄: mean repeat spend (0 when x = 0).
    public var monetaryValue: [Double]
    /// The fitted transaction model in horizon periods (the estimates, as the firm scores with them).
    public var purchases: PosteriorModel
    /// The fitted spend model, when the scenario gave one.
    public var spend: GammaGamma?
    /// What the log records after `observed_until`, for the backtest; nil without a holdout.
    public var holdout: Holdout?

    /// The real base's description in summary.json (the columns are not echoed).
    public struct Source: Sendable, Equatable, Codable {
        public var log: String?
        public var summary: String?
        public var subscribers: String?
        public var observedUntil: String
        public var model: String
        public var spendModel: String?
        /// Real customers in the base (first purchase on or before `observed_until`).
        public var realCustomers: Int
        /// Customers simulated: all, or `sample`.
        public var sample: Int?
        /// "column NAME" or "rfm", when the base is segmented.
        public var segments: String?

        enum CodingKeys: String, CodingKey {
            case log, summary, subscribers, model, sample, segments
            case observedUntil = "observed_until"
            case spendModel = "spend_model"
            case realCustomers = "real_customers"
        }
    }

    enum CodingKeys: String, CodingKey { case source }

    public init(source: Source, customerIDs: [String], frequency: [Int32], recency: [Double], age: [Double], monetaryValue: [Double],
                purchases: PosteriorModel, spend: GammaGamma?, holdout: Holdout?) {
        self.source = source; self.customerIDs = customerIDs; self.frequency = frequency; self.recency = recency
        self.age = age; self.monetaryValue = monetaryValue; self.purchases = purchases; self.spend = spend; self.holdout = holdout
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(source: try c.decode(Source.self, forKey: .source), customerIDs: [], frequency: [], recency: [], age: [],
                  monetaryValue: [], purchases: .bgnbd(BGNBD(r: 1, alpha: 1, a: 1, b: 1)), spend: nil, holdout: nil)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
    }

    public var count: Int { frequency.count }

    /// `n` of `count` indices, uniformly without replacement, in increasing order: a partial
    /// Fisher–Yates shuffle keyed by `seed`, so a scenario always simulates the same sample.
    static func sampleIndices(_ n: Int, of count: Int, seed: UInt64) -> [Int] {
        let stream = KeyedStream()
        stream.rekey(CustomerKey(seed: seed, replication: -1, customer: count), period: 0, purpose: .sample)
        var index = Array(0..<count)
        for k in 0..<min(n, count) {
            let j = k + Int(stream.uniform() * Double(count - k))
            index.swapAt(k, min(j, count - 1))
        }
        return index[0..<min(n, count)].sorted()
    }

    /// A uniform sample of `n` of these customers (order and segment grouping kept) and the
    /// sample's segment sizes, from the base's `sizes`.
    func sample(_ n: Int, seed: UInt64, sizes: [Int]) -> (CustomerBase, [Int]) {
        let keep = Self.sampleIndices(n, of: count, seed: seed)
        var b = self
        b.customerIDs = keep.map { customerIDs[$0] }
        b.frequency = keep.map { frequency[$0] }
        b.recency = keep.map { recency[$0] }
        b.age = keep.map { age[$0] }
        b.monetaryValue = keep.map { monetaryValue[$0] }
        if let h = holdout { b.holdout!.customerPurchases = keep.map { h.customerPurchases[$0] } }
        b.source.sample = keep.count < b.source.realCustomers ? keep.count : nil
        var bounds: [Int] = [], start = 0
        for s in sizes { start += s; bounds.append(start) }
        var counts = [Int](repeating: 0, count: sizes.count), g = 0
        for i in keep {
            while i >= bounds[g] { g += 1 }
            counts[g] += 1
        }
        return (b, counts)
    }

    /// Customer `i`'s history (horizon periods).
    public func history(_ i: Int) -> CustomerHistory {
        CustomerHistory(frequency: Int(frequency[i]), recency: recency[i], age: age[i], monetaryValue: monetaryValue[i])
    }

    /// The base's purchases and revenue after `observed_until`, per whole horizon period the log
    /// covers, and each customer's purchases over those periods (the holdout of the papers).
    public struct Holdout: Sendable, Equatable {
        /// Whole periods after `observed_until` that the log covers (K ≥ 1).
        public var periods: Int
        /// Last day of period K.
        public var lastDay: String
        /// Purchases (same-day purchases merged, as in calibration) in periods 1 … K.
        public var purchases: [Double]
        public var revenue: [Double]
        /// Each customer's purchases over the K periods (base order).
        public var customerPurchases: [Int32]
    }
}

/// A registered model whose posterior the engine draws real customers' traits from: a
/// transaction model for buyers, the sBG for subscribers. The engine's one switch on the model
/// kind for real customers (DESIGN.md §1 "Models").
public enum PosteriorModel: Sendable, Equatable {
    case bgnbd(BGNBD)
    case paretonbd(ParetoNBD)
    case sbg(ShiftedBetaGeometric)

    /// The transaction model (nil for a subscription base).
    public var model: (any SegmentModel)? {
        switch self {
        case .bgnbd(let m): return m
        case .paretonbd(let m): return m
        case .sbg: return nil
        }
    }

    /// The posterior draw of an alive customer (``PurchaseModel/drawTraitsIfAlive(given:using:)``,
    /// concrete per kind: no existential in the loop) as (purchase rate, leaving trait): BG/NBD p,
    /// Pareto/NBD μ, sBG θ; nil for a customer drawn as gone, whose traits nothing reads.
    @inline(__always)
    func drawTraitsIfAlive(given h: CustomerHistory, using stream: KeyedStream) -> PurchaseTraits? {
        switch self {
        case .bgnbd(let m): return m.drawTraitsIfAlive(given: h, using: stream)
        case .paretonbd(let m): return m.drawTraitsIfAlive(given: h, using: stream)
        case .sbg(let m):
            let t = m.drawTraits(given: h, using: stream)
            return PurchaseTraits(alive: t.alive, purchaseRate: 0, dropout: t.churn)
        }
    }

    /// The model's posterior, or nil for a model the engine cannot start real customers from.
    public init?(_ model: any RegisteredModel) {
        switch model {
        case let m as BGNBD: self = .bgnbd(m)
        case let m as ParetoNBD: self = .paretonbd(m)
        case let m as ShiftedBetaGeometric: self = .sbg(m)
        default: return nil
        }
    }
}
