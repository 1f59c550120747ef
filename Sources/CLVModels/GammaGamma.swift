import Foundation
import Stochastic

/// The Gamma-Gamma model of monetary value: Fader, Hardie & Lee (2005), "RFM and CLV: Using
/// Iso-Value Curves for Customer Base Analysis", *JMR* 42(4), and Fader & Hardie (2013),
/// "The Gamma-Gamma Model of Monetary Value" (brucehardie.com note 025).
///
/// Assumptions:
/// 1. A customer's transaction values z₁…zₓ are i.i.d. Gamma(shape p, rate ν).
/// 2. ν ~ Gamma(shape q, rate γ) across customers.
/// 3. Spend is independent of the transaction process (check the correlation of x and m_x).
///
/// Only customers with x ≥ 1 repeat purchases carry information; m_x is the mean of their x
/// (repeat) transaction values.
public struct GammaGamma: ModelParameters {
    public var p: Double
    public var q: Double
    public var gamma: Double

    public static let kind = ModelKind.gammaGamma
    public static let parameterNames = ["p", "q", "gamma"]
    public var values: [Double] { [p, q, gamma] }

    public init(p: Double, q: Double, gamma: Double) { self.p = p; self.q = q; self.gamma = gamma }

    public init(values: [Double]) throws(ModelFileError) {
        try requirePositive(Self.kind, Self.parameterNames, values)
        self.init(p: values[0], q: values[1], gamma: values[2])
    }

    /// ln f(m_x | p, q, γ; x), the density of the mean of x values (note 025, eq. 1a, as cited by lifetimes):
    ///
    ///     f = Γ(px+q) / (Γ(px) Γ(q)) · γ^q m_x^{px−1} x^{px} / (γ + m_x x)^{px+q}
    public func logLikelihood(frequency x: Int, monetaryValue m: Double) -> Double {
        let px = p * Double(x)
        return lnGamma(px + q) - lnGamma(px) - lnGamma(q) + q * log(gamma) + (px - 1) * log(m)
            + px * log(Double(x)) - (px + q) * log(gamma + m * Double(x))
    }

    /// Σ ln f over customers with x ≥ 1 (others are skipped).
    public func logLikelihood(frequency: [Int], monetaryValue: [Double]) -> Double {
        var total = 0.0
        for i in 0..<frequency.count where frequency[i] > 0 {
            total += logLikelihood(frequency: frequency[i], monetaryValue: monetaryValue[i])
        }
        return total
    }

    /// Maximum-likelihood fit on the customers with x ≥ 1 and m_x > 0.
    public static func fit(frequency: [Int], monetaryValue: [Double], start: GammaGamma = GammaGamma(p: 1, q: 1, gamma: 1)) throws(FitError) -> FitResult<GammaGamma> {
        guard frequency.count == monetaryValue.count else { throw .invalidData("frequency and monetary value have different lengths") }
        var xs: [Int] = [], ms: [Double] = []
        var h = Fingerprint()
        for i in 0..<frequency.count where frequency[i] > 0 {
            guard monetaryValue[i].isFinite, monetaryValue[i] > 0 else {
                throw .invalidData("customer \(i): monetary value \(monetaryValue[i]) must be > 0 when x ≥ 1")
            }
            xs.append(frequency[i]); ms.append(monetaryValue[i])
            h.add(UInt64(frequency[i])); h.add(monetaryValue[i].bitPattern)
        }
        guard !xs.isEmpty else { throw .emptyData }
        return try MaximumLikelihood.fit(GammaGamma.self, start: start.values, customers: xs.count,
                                         weightTotal: Double(xs.count), fingerprint: h.hex) { v in
            GammaGamma(p: v[0], q: v[1], gamma: v[2]).logLikelihood(frequency: xs, monetaryValue: ms)
        }
    }

    /// E[Z] for a new customer: pγ/(q−1) (q > 1; NaN otherwise).
    public var expectedSpend: Double { q > 1 ? p * gamma / (q - 1) : .nan }

    /// E[Z | m_x, x] = p(γ + m_x x)/(px + q − 1) (note 025, eq. 5), a weighted average of the
    /// population mean pγ/(q−1) and the customer's m_x. With x = 0 it is the population mean.
    public func conditionalExpectedSpend(frequency x: Int, monetaryValue m: Double) -> Double {
        let px = p * Double(x)
        return p * (gamma + m * Double(x)) / (px + q - 1)
    }
}

extension GammaGamma {
    /// Fit to the calibration columns of an RFM summary (x and the mean repeat spend).
    public static func fit(_ summary: RFMSummary, start: GammaGamma = GammaGamma(p: 1, q: 1, gamma: 1)) throws(FitError) -> FitResult<GammaGamma> {
        try fit(frequency: summary.customers.map(\.frequency), monetaryValue: summary.customers.map(\.monetaryValue), start: start)
    }
}

// MARK: Registered model

extension ModelKind {
    /// Gamma-Gamma spend, Fader, Hardie & Lee (2005b).
    public static let gammaGamma = ModelKind(registering: "gamma_gamma")
}

extension GammaGamma: MonetaryValueModel {
    public static let displayName = "Gamma-Gamma"

    /// Fit on the repeat buyers with z̄ > 0 (``CalibrationData/repeatSpend()``).
    public static func fit(_ data: CalibrationData) throws(FitError) -> FitResult<GammaGamma> {
        let (x, m) = try data.repeatSpend()
        return try fit(frequency: x, monetaryValue: m)
    }

    public func logLikelihood(_ data: CalibrationData) throws(FitError) -> Double {
        let (x, m) = try data.repeatSpend()
        return logLikelihood(frequency: x, monetaryValue: m)
    }

    /// ν ~ Gamma(q, γ).
    public func drawTraits(using stream: KeyedStream) -> SpendTraits {
        SpendTraits(spendScale: stream.gamma(shape: q, rate: gamma))
    }

    /// ν | x, z̄ ~ Gamma(px + q, γ + x z̄): each of the x values contributes ν^p e^{−ν zᵢ} to the
    /// Gamma(q, γ) prior (note 025, the step before eq. 5, whose mean p(γ + x z̄)/(px + q − 1)
    /// is ``conditionalExpectedSpend(frequency:monetaryValue:)``). x = 0: the prior. One draw.
    public func drawTraits(given h: CustomerHistory, using stream: KeyedStream) -> SpendTraits {
        guard h.frequency > 0 else { return drawTraits(using: stream) }
        let x = Double(h.frequency)
        return SpendTraits(spendScale: stream.gamma(shape: p * x + q, rate: gamma + x * h.monetaryValue))
    }
}
