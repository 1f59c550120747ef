import Stochastic

/// The traits a customer draws once, at the start (DESIGN.md §2).
struct CustomerTraits {
    /// Purchase rate per period while alive.
    var purchaseRate: Double = 0
    /// BG/NBD dropout p, Pareto/NBD rate μ, or contractual churn θ.
    var leaving: Double = 0
    /// Gamma-Gamma spend scale ν (each purchase ~ Gamma(p, rate ν)); unused for fixed spend.
    var spendScale: Double = 0
    /// Pareto/NBD: an Exp(1) budget of cumulative hazard; the customer dies when Σ μ·(time) exceeds it.
    /// Drawing the budget once (instead of a death per period) makes a hazard multiplier move
    /// the death time continuously — common random numbers with the strongest coupling.
    var hazardBudget: Double = 0
    /// False for a real customer judged to have left before the simulation starts (drawn from
    /// the posterior's dead branch): no purchases, no cost to serve; still in the base.
    var alive = true
}

/// A segment's parameters, flattened for the hot loop (no enums with payloads to unpack per customer).
struct SegmentPlan {
    enum Lifetime { case bgnbd, paretonbd, contractual, fixed }

    var lifetime: Lifetime
    var fixedPeriods: Int = 0
    var hasPurchases: Bool
    var rate: RateDistribution
    var leaving: LeavingDraw
    var spendIsGammaGamma: Bool
    var spendFixed: Double = 0
    var spendShape: Double = 0      // Gamma-Gamma p
    var spendScaleShape: Double = 0 // q
    var spendScaleRate: Double = 0  // γ
    var fee: Double

    enum LeavingDraw { case none, fixed(Double), beta(Double, Double), gamma(Double, Double) }

    init(_ s: Segment) {
        hasPurchases = s.purchaseRate != nil
        rate = s.purchaseRate ?? .fixed(0)
        fee = s.fee ?? 0
        switch s.lifetime {
        case .bgnbd(let d):
            lifetime = .bgnbd
            leaving = SegmentPlan.probability(d)
        case .paretonbd(let d):
            lifetime = .paretonbd
            switch d {
            case .fixed(let v): leaving = .fixed(v)
            case .gamma(let shape, let rate): leaving = .gamma(shape, rate)
            }
        case .contractual(let c):
            lifetime = .contractual
            leaving = SegmentPlan.probability(c)
        case .fixed(let periods):
            lifetime = .fixed
            fixedPeriods = periods
            leaving = .none
        }
        switch s.spend {
        case .gammaGamma(let p, let q, let g)?:
            spendIsGammaGamma = true
            spendShape = p; spendScaleShape = q; spendScaleRate = g
        case .fixed(let v)?:
            spendIsGammaGamma = false
            spendFixed = v
        case nil:
            spendIsGammaGamma = false
        }
    }

    static func probability(_ d: ProbabilityDistribution) -> LeavingDraw {
        switch d {
        case .fixed(let v): return .fixed(v)
        case .beta(let a, let b): return .beta(a, b)
        }
    }

    /// What a customer's path reads of the segment every period.
    var path: SegmentPath {
        SegmentPath(lifetime: lifetime, fixedPeriods: fixedPeriods, hasPurchases: hasPurchases, spendIsGammaGamma: spendIsGammaGamma,
                    spendFixed: spendFixed, spendShape: spendShape, fee: fee)
    }

    /// Draw a customer's traits from the trait stream, always in the same order.
    func drawTraits(_ stream: KeyedStream) -> CustomerTraits {
        var t = CustomerTraits()
        if hasPurchases {
            switch rate {
            case .fixed(let v): t.purchaseRate = v
            case .gamma(let shape, let r): t.purchaseRate = stream.gamma(shape: shape, rate: r)
            }
        }
        switch leaving {
        case .none: break
        case .fixed(let v): t.leaving = v
        case .beta(let a, let b): t.leaving = stream.beta(a, b)
        case .gamma(let shape, let r): t.leaving = stream.gamma(shape: shape, rate: r)
        }
        if spendIsGammaGamma { t.spendScale = stream.gamma(shape: spendScaleShape, rate: spendScaleRate) }
        if lifetime == .paretonbd { t.hazardBudget = stream.exponential(rate: 1) }
        return t
    }
}

/// The constants of a segment that a customer's path reads every period, apart from the trait
/// distributions (a small value, copied per customer and variant).
struct SegmentPath {
    var lifetime: SegmentPlan.Lifetime
    var fixedPeriods: Int
    var hasPurchases: Bool
    var spendIsGammaGamma: Bool
    var spendFixed: Double
    /// Gamma-Gamma p.
    var spendShape: Double
    var fee: Double
}
