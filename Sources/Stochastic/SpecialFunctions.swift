internal import CGSL

/// Special functions from GSL, in the forms the buy-till-you-die likelihoods need.
///
/// The non-throwing functions return NaN (or ±∞) outside their domain, as IEEE arithmetic
/// would; callers that must not propagate NaN use the throwing `…Checked` variants.
public enum Special {
    /// ln Γ(x) for x > 0 (GSL `gsl_sf_lngamma`, relative error ~ 1e-15).
    public static func lnGamma(_ x: Double) -> Double {
        GSL.prepare()
        return gsl_sf_lngamma(x)
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), computed by GSL without cancellation.
    public static func lnBeta(_ a: Double, _ b: Double) -> Double {
        GSL.prepare()
        return gsl_sf_lnbeta(a, b)
    }

    /// ln B(a, b), throwing on a domain or range error.
    public static func lnBetaChecked(_ a: Double, _ b: Double) throws(GSLError) -> Double {
        GSL.prepare()
        var r = gsl_sf_result()
        try GSL.check(gsl_sf_lnbeta_e(a, b, &r), "ln B(\(a), \(b))")
        return r.val
    }

    /// ψ(x), the digamma function.
    public static func digamma(_ x: Double) -> Double {
        GSL.prepare()
        return gsl_sf_psi(x)
    }

    /// Gauss's hypergeometric function ₂F₁(a, b; c; x) for |x| < 1 (GSL `gsl_sf_hyperg_2F1`).
    /// Throws where GSL cannot reach the requested precision (e.g. x close to 1 with
    /// c − a − b ≤ 0); likelihood code that needs those regions uses its own log-space series.
    public static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ x: Double) throws(GSLError) -> Double {
        GSL.prepare()
        var r = gsl_sf_result()
        try GSL.check(gsl_sf_hyperg_2F1_e(a, b, c, x, &r), "2F1(\(a), \(b); \(c); \(x))")
        return r.val
    }

    /// ln(exp(a) + exp(b)) without overflow.
    @inlinable
    public static func logSumExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let m = Swift.max(a, b)
        return m + log1pExp(Swift.min(a, b) - m)
    }

    /// ln(1 + exp(x)) for x ≤ 0, accurate for very negative x.
    @inlinable
    public static func log1pExp(_ x: Double) -> Double {
        _log1p(_exp(x))
    }
}

@usableFromInline func _log1p(_ x: Double) -> Double { gsl_log1p(x) }
@usableFromInline func _exp(_ x: Double) -> Double { gsl_sf_exp(x) }
