import Stochastic

/// A period's spend at list price for its purchases: Gamma-Gamma (each purchase ~ Gamma(p, ν),
/// so n purchases ~ Gamma(n·p, ν), drawn after the lifetime step's draws) or a fixed amount each.
struct SpendDraw {
    let gammaGamma: Bool
    let shape: Double
    let fixed: Double
    /// 1/ν, as `KeyedStream.gamma(shape:rate:)` computes it: the same draws, one division less.
    let scale: Double

    @inline(__always)
    init(segment plan: SegmentPath, traits: CustomerTraits) {
        gammaGamma = plan.spendIsGammaGamma
        shape = plan.spendShape
        fixed = plan.spendFixed
        scale = 1.0 / traits.spendScale
    }

    /// For `purchases` > 0.
    @inline(__always)
    func listSpend(purchases: Int, stream: KeyedStream) -> Double {
        gammaGamma ? stream.gamma(shape: Double(purchases) * shape, scale: scale) : Double(purchases) * fixed
    }
}
