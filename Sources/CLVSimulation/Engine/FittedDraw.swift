import CLVModels
import Stochastic

/// A replication's models of a `from_fit` or `from_customers` population: the estimates, or with
/// `parameter_uncertainty` one draw of their parameters from the estimates' asymptotic normal on
/// the log scale (``ParameterUncertainty``), keyed by (seed, replication) alone so that every
/// variant, shard and thread count sees the same draw.
enum FittedDraw {
    struct Models {
        var segments: [Segment]
        /// A real base's transaction model in horizon periods; nil: the base's own (the estimates).
        var posterior: PosteriorModel?
        var spend: GammaGamma?
    }

    /// - Parameter drawing: false in sensitivity and break-even runs, which hold every input at its
    ///   centre — the estimates.
    static func population(_ s: Scenario, replication r: Int, drawing: Bool) -> Models {
        let p = s.population
        guard drawing, let fitted = p.fitted, fitted.drawsParameters else { return Models(segments: p.segments) }
        let stream = KeyedStream()
        stream.rekey(CustomerKey(seed: s.seed, replication: r, customer: -1), period: 0, purpose: .parameters)
        guard let transaction = draw(fitted.transaction, stream)?.rescaled(by: fitted.rateFactor) else { return Models(segments: p.segments) }
        let spend = fitted.spend.flatMap { file in draw(file, stream) as GammaGamma? }
        let (rate, lifetime) = transaction.segmentProcesses
        let segments = p.segments.map { segment in
            var g = segment
            g.purchaseRate = rate
            g.lifetime = lifetime
            if let spend { g.spend = .gammaGamma(p: spend.p, q: spend.q, gamma: spend.gamma) }
            return g
        }
        return Models(segments: segments, posterior: p.customerBase?.purchases.with(transaction), spend: spend)
    }

    /// One draw of a model file's parameters, as its registered type.
    static func draw<M>(_ file: FittedModel, _ stream: KeyedStream) -> M? {
        guard let uncertainty = try? ParameterUncertainty(file) else { return nil }
        return try? ModelRegistry.load(uncertainty.drawFile(using: stream)) as? M
    }

    static func draw(_ file: FittedModel, _ stream: KeyedStream) -> (any SegmentModel)? {
        guard let uncertainty = try? ParameterUncertainty(file) else { return nil }
        return try? ModelRegistry.load(uncertainty.drawFile(using: stream)) as? any SegmentModel
    }
}
