internal import CGSL

extension Special {
    /// The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1
    /// (GSL `gsl_sf_beta_inc_e`). I_x(k, r) with x = t/(α+t) is the upper tail P(N ≥ k) of a
    /// negative binomial count with shape r and success probability α/(α+t), which the BG/NBD
    /// P(X(t) = x) needs without the cancellation of 1 − CDF.
    public static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double) throws(GSLError) -> Double {
        GSL.prepare()
        var r = gsl_sf_result()
        try GSL.check(gsl_sf_beta_inc_e(a, b, x, &r), "I_\(x)(\(a), \(b))")
        return r.val
    }
}
