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
        guard let drawn: any RegisteredModel = draw(fitted.transaction, stream) else { return Models(segments: p.segments) }
        let spend = fitted.spend.flatMap { file in draw(file, stream) as? GammaGamma }
        switch drawn {
        case let m as any SegmentModel:
            let rescaled = m.rescaled(by: fitted.rateFactor)
            let processes = rescaled.segmentProcesses
            return models(p, (processes.rate, processes.lifetime), spend: spend, posterior: p.customerBase == nil ? nil : PosteriorModel(rescaled))
        case let m as ShiftedBetaGeometric:
            // The sBG has no period conversion: the loader required the horizon's period.
            return models(p, (nil, .contractual(churn: .beta(a: m.gamma, b: m.delta))), spend: spend, posterior: p.customerBase == nil ? nil : PosteriorModel(m))
        default:
            return Models(segments: p.segments)
        }
    }

    static func models(_ p: Population, _ processes: (rate: RateDistribution?, lifetime: LifetimeModel), spend: GammaGamma?,
                       posterior: PosteriorModel?) -> Models {
        let segments = p.segments.map { segment in
            var g = segment
            if g.purchaseRate != nil { g.purchaseRate = processes.rate }
            g.lifetime = processes.lifetime
            if let spend { g.spend = .gammaGamma(p: spend.p, q: spend.q, gamma: spend.gamma) }
            return g
        }
        return Models(segments: segments, posterior: posterior, spend: spend)
    }

    /// One draw of a model file's parameters, as its registered type.
    static func draw(_ file: FittedModel, _ stream: KeyedStream) -> (any RegisteredModel)? {
        guard let uncertainty = try? ParameterUncertainty(file) else { return nil }
        return try? ModelRegistry.load(uncertainty.drawFile(using: stream))
    }
}
