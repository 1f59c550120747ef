import CLVModels

/// P(alive) of a simulated customer from their own history, with their segment's population
/// parameters — what a firm running the BTYD model on its data would compute (CLVModels'
/// BG/NBD and Pareto/NBD).
///
/// History is at period granularity: a purchase in period k counts at time k, so with x
/// purchases in periods 1 … T, the last in period t_x, the customer's (x, t_x, T) are used as
/// the model's frequency, recency and age.
struct PAliveScorer {
    enum Model {
        case bgnbd(BGNBD)
        case paretonbd(ParetoNBD)

        /// The segment's model when its heterogeneity is the model's own mixing distributions.
        init?(segment: Segment) {
            switch (segment.purchaseRate, segment.lifetime) {
            case (.gamma(let r, let alpha)?, .bgnbd(.beta(let a, let b))):
                self = .bgnbd(BGNBD(r: r, alpha: alpha, a: a, b: b))
            case (.gamma(let r, let alpha)?, .paretonbd(.gamma(let s, let beta))):
                self = .paretonbd(ParetoNBD(r: r, alpha: alpha, s: s, beta: beta))
            default:
                return nil
            }
        }
    }

    static func pAlive(_ model: Model, x: Double, tx: Double, T: Double) -> Double {
        switch model {
        case .bgnbd(let m): return m.probabilityAlive(frequency: Int(x), recency: tx, age: T)
        case .paretonbd(let m): return m.probabilityAlive(frequency: Int(x), recency: tx, age: T)
        }
    }
}
