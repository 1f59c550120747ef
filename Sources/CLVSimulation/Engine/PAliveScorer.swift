import Foundation

/// P(alive) of a simulated customer from their own history, with their segment's population
/// parameters — what a firm running the BTYD model on its data would compute.
///
/// History is at period granularity: a purchase in period k counts at time k, so with x
/// purchases in periods 1 … T, the last in period t_x, the customer's (x, t_x, T) are used as
/// the model's frequency, recency and age.
struct PAliveScorer {
    enum Model: Equatable {
        case bgnbd(r: Double, alpha: Double, a: Double, b: Double)

        /// The segment's model when its heterogeneity is the model's own mixing distributions.
        init?(segment: Segment) {
            switch (segment.purchaseRate, segment.lifetime) {
            case (.gamma(let r, let alpha)?, .bgnbd(.beta(let a, let b))):
                self = .bgnbd(r: r, alpha: alpha, a: a, b: b)
            default:
                return nil
            }
        }
    }

    /// BG/NBD: P(alive | x, t_x, T) = 1 / (1 + 1{x>0} · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x))
    /// (Fader, Hardie & Lee 2005, eq. 13), computed in log space.
    static func pAlive(_ model: Model, x: Double, tx: Double, T: Double) -> Double {
        switch model {
        case .bgnbd(let r, let alpha, let a, let b):
            if x == 0 { return 1 }
            let logRatio = log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx))
            return 1 / (1 + exp(logRatio))
        }
    }
}
