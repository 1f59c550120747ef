internal import CGSL

/// Cumulative distribution and quantile functions for interval construction (GSL `gsl_cdf_*`).
public enum Distributions {
    /// Φ⁻¹(p), the standard normal quantile.
    public static func normalQuantile(_ p: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// Φ(x), the standard normal CDF.
    public static func normalCDF(_ x: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_P(x)
    }

    /// Quantile of Student's t with ν degrees of freedom.
    public static func tQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_tdist_Pinv(p, nu)
    }

    /// CDF of Student's t with ν degrees of freedom.
    public static func tCDF(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_tdist_P(x, nu)
    }

    /// Quantile of χ² with ν degrees of freedom.
    public static func chiSquaredQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_chisq_Pinv(p, nu)
    }

    /// Upper tail Q(x) = P(χ²_ν > x).
    public static func chiSquaredUpperTail(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_chisq_Q(x, nu)
    }

    /// Quantile of Beta(a, b).
    public static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_beta_Pinv(p, a, b)
    }

    /// Quantile of Gamma(shape, rate).
    public static func gammaQuantile(_ p: Double, shape: Double, rate: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_gamma_Pinv(p, shape, 1 / rate)
    }
}
