internal import CGSL

/// Small dense linear algebra for covariance matrices (GSL `gsl_linalg`).
public enum LinearAlgebra {
    /// The inverse of a symmetric positive-definite matrix by Cholesky decomposition.
    /// Throws `GSL_EDOM` when the matrix is not positive definite — for an observed
    /// information matrix that means the fit is not at a proper maximum.
    public static func inversePositiveDefinite(_ a: [[Double]]) throws(GSLError) -> [[Double]] {
        GSL.prepare()
        let n = a.count
        guard let m = gsl_matrix_alloc(n, n) else { throw GSLError(code: Int32(GSL_ENOMEM), operation: "allocating a matrix") }
        defer { gsl_matrix_free(m) }
        for i in 0..<n { for j in 0..<n { gsl_matrix_set(m, i, j, a[i][j]) } }
        try GSL.check(gsl_linalg_cholesky_decomp1(m), "Cholesky decomposition (matrix not positive definite)")
        try GSL.check(gsl_linalg_cholesky_invert(m), "Cholesky inverse")
        return (0..<n).map { i in (0..<n).map { j in gsl_matrix_get(m, i, j) } }
    }
}
