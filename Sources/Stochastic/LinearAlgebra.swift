internal import CGSL

/// Small dense linear algebra for covariance matrices (GSL `gsl_linalg`).
public enum LinearAlgebra {
    /// The inverse of a symmetric positive-definite matrix by Cholesky decomposition.
    /// Throws `GSL_EDOM` when the matrix is not positive definite — for an observed
    /// information matrix that means the fit is not at a proper maximum.
    public static func inversePositiveDefinite(_ a: [[Double]]) throws(GSLError) -> [[Double]] {
        try factorised(a) { m throws(GSLError) in
            try GSL.check(gsl_linalg_cholesky_invert(m), "Cholesky inverse")
            return read(m) { _, _ in true }
        }
    }

    /// The lower-triangular Cholesky factor L of a symmetric positive-definite matrix, A = L Lᵀ
    /// (zeros above the diagonal). Only the lower triangle of `a` is read. With z standard normal,
    /// L z has covariance A: how a correlated normal is drawn. Throws `GSL_EDOM` when the matrix
    /// is not positive definite or has a non-finite entry (GSL's test `Aⱼⱼ ≤ 0` lets NaN through).
    public static func cholesky(_ a: [[Double]]) throws(GSLError) -> [[Double]] {
        guard a.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw GSLError(code: Int32(GSL_EDOM), operation: "Cholesky decomposition (matrix has a non-finite entry)")
        }
        // decomp1 leaves the input's upper triangle in place, so only the lower one is the factor.
        return try factorised(a) { m in read(m) { i, j in j <= i } }
    }

    /// `a` copied into a GSL matrix, Cholesky-decomposed in place (gsl_linalg_cholesky_decomp1),
    /// then handed to `use`; the matrix is freed afterwards.
    private static func factorised<T>(_ a: [[Double]], _ use: (UnsafeMutablePointer<gsl_matrix>) throws(GSLError) -> T) throws(GSLError) -> T {
        GSL.prepare()
        let n = a.count
        guard let m = gsl_matrix_alloc(n, n) else { throw GSLError(code: Int32(GSL_ENOMEM), operation: "allocating a matrix") }
        defer { gsl_matrix_free(m) }
        for i in 0..<n { for j in 0..<n { gsl_matrix_set(m, i, j, a[i][j]) } }
        try GSL.check(gsl_linalg_cholesky_decomp1(m), "Cholesky decomposition (matrix not positive definite)")
        return try use(m)
    }

    /// The entries of `m` where `keep(i, j)`, zeros elsewhere.
    private static func read(_ m: UnsafeMutablePointer<gsl_matrix>, keep: (Int, Int) -> Bool) -> [[Double]] {
        let n = m.pointee.size1
        return (0..<n).map { i in (0..<n).map { j in keep(i, j) ? gsl_matrix_get(m, i, j) : 0 } }
    }
}
