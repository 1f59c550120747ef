import CLVModels

/// P(alive) of a simulated customer from their own history, with their segment's population
/// parameters — what a firm running the BTYD model on its data would compute (CLVModels'
/// BG/NBD and Pareto/NBD).
///
/// History is at period granularity: a purchase in period k counts at time k, so with x
/// purchases in periods 1 … T, the last in period t_x, the customer's (x, t_x, T) are used as
/// the model's frequency, recency and age.
struct PAliveScorer {
    /// The segment's registered transaction model (``Segment/purchaseModel``).
    struct Model: @unchecked Sendable {
        // Immutable value types behind the existential (BGNBD, ParetoNBD): safe to share.
        let purchases: any PurchaseModel

        /// The segment's model when its heterogeneity is the model's own mixing distributions.
        init?(segment: Segment) {
            guard let m = segment.purchaseModel else { return nil }
            purchases = m
        }
    }

    /// One dynamic call per scored customer and decision period, beside the model's own
    /// logarithms and exponentials.
    static func pAlive(_ model: Model, x: Double, tx: Double, T: Double) -> Double {
        model.purchases.probabilityAlive(frequency: Int(x), recency: tx, age: T)
    }
}
