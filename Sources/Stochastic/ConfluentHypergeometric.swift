internal import CGSL

extension Special {
    /// Tricomi's confluent hypergeometric function of the second kind, U(a, b; x) for x > 0
    /// (GSL `gsl_sf_hyperg_U_e`). Fader, Hardie & Lee (2005, "RFM and CLV") write it Ψ(a, b; x);
    /// the Pareto/NBD discounted expected residual transactions need Ψ(s, s; δ(β + T)).
    public static func confluentU(_ a: Double, _ b: Double, _ x: Double) throws(GSLError) -> Double {
        GSL.prepare()
        var r = gsl_sf_result()
        try GSL.check(gsl_sf_hyperg_U_e(a, b, x, &r), "U(\(a), \(b); \(x))")
        return r.val
    }

    /// ln U(a, b; x) for x > 0, through GSL's scaled form `gsl_sf_hyperg_U_e10_e`
    /// (value × 10^e10), so results beyond the double range still have a finite logarithm.
    public static func logConfluentU(_ a: Double, _ b: Double, _ x: Double) throws(GSLError) -> Double {
        GSL.prepare()
        var r = gsl_sf_result_e10()
        try GSL.check(gsl_sf_hyperg_U_e10_e(a, b, x, &r), "ln U(\(a), \(b); \(x))")
        guard r.val > 0 else { throw GSLError(code: Int32(GSL_EDOM), operation: "ln U(\(a), \(b); \(x)): U ≤ 0") }
        return _log(r.val) + Double(r.e10) * 2.302585092994045684
    }
}

@usableFromInline func _log(_ x: Double) -> Double { gsl_sf_log(x) }
