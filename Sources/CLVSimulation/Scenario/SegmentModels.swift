import CLVModels

/// The one place where a scenario's segment shapes meet CLVModels' registered models
/// (``ModelRegistry``): a segment whose heterogeneity is a model's own mixing distributions *is*
/// that model (for scoring, targeting and the formula bridge), and a fitted model becomes a
/// segment (`from_fit`). The engine simulates segments through its own lifetime steps.
extension Segment {
    /// The transaction model with this segment's mixing distributions — BG/NBD for Gamma rates
    /// with Beta dropout, Pareto/NBD for Gamma rates with Gamma dropout — or nil.
    public var purchaseModel: (any PurchaseModel)? {
        switch (purchaseRate, lifetime) {
        case (.gamma(let r, let alpha)?, .bgnbd(.beta(let a, let b))): return BGNBD(r: r, alpha: alpha, a: a, b: b)
        case (.gamma(let r, let alpha)?, .paretonbd(.gamma(let s, let beta))): return ParetoNBD(r: r, alpha: alpha, s: s, beta: beta)
        default: return nil
        }
    }

    /// The spend model with this segment's Gamma-Gamma mixing distribution, or nil.
    public var monetaryValueModel: (any MonetaryValueModel)? {
        if case .gammaGamma(let p, let q, let g)? = spend { return GammaGamma(p: p, q: q, gamma: g) }
        return nil
    }
}

/// A registered transaction model that can stand as a scenario segment's purchase and lifetime
/// processes (what `from_fit` needs). A new model that the engine can simulate conforms here.
public protocol SegmentModel: PurchaseModel {
    /// The segment's purchase-rate distribution and lifetime with this model's parameters.
    var segmentProcesses: (rate: RateDistribution, lifetime: LifetimeModel) { get }
    /// The model with its rates multiplied by `factor` (Gamma rate parameters divided by it):
    /// per fit period → per horizon period.
    func rescaled(by factor: Double) -> Self
}

extension BGNBD: SegmentModel {
    public func rescaled(by factor: Double) -> BGNBD { BGNBD(r: r, alpha: alpha / factor, a: a, b: b) }
    public var segmentProcesses: (rate: RateDistribution, lifetime: LifetimeModel) {
        (.gamma(shape: r, rate: alpha), .bgnbd(dropout: .beta(a: a, b: b)))
    }
}

extension ParetoNBD: SegmentModel {
    public func rescaled(by factor: Double) -> ParetoNBD { ParetoNBD(r: r, alpha: alpha / factor, s: s, beta: beta / factor) }
    public var segmentProcesses: (rate: RateDistribution, lifetime: LifetimeModel) {
        (.gamma(shape: r, rate: alpha), .paretonbd(dropout: .gamma(shape: s, rate: beta)))
    }
}
