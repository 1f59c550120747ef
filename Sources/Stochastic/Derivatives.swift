/// Finite-difference derivatives for standard errors and gradients.
///
/// Steps are relative, h = ε^(1/3)·max(|x|, 1) for gradients and ε^(1/4)·max(|x|, 1) for
/// Hessians, the usual balance of truncation and rounding error for central differences
/// (Nocedal & Wright 2006, §8.1), which leaves about 5–8 good digits — plenty for standard errors.
public enum Derivatives {
    /// Central-difference gradient.
    public static func gradient(of f: ([Double]) -> Double, at x: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        var y = x
        for i in 0..<x.count {
            let h = 6.0555e-6 * Swift.max(Swift.abs(x[i]), 1)
            y[i] = x[i] + h; let fp = f(y)
            y[i] = x[i] - h; let fm = f(y)
            y[i] = x[i]
            g[i] = (fp - fm) / (2 * h)
        }
        return g
    }

    /// Central-difference Hessian (symmetric, row-major n × n).
    public static func hessian(of f: ([Double]) -> Double, at x: [Double]) -> [[Double]] {
        let n = x.count
        var hess = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        let h = x.map { 1.2207e-4 * Swift.max(Swift.abs($0), 1) }
        let f0 = f(x)
        var y = x
        for i in 0..<n {
            y[i] = x[i] + h[i]; let fp = f(y)
            y[i] = x[i] - h[i]; let fm = f(y)
            y[i] = x[i]
            hess[i][i] = (fp - 2 * f0 + fm) / (h[i] * h[i])
            for j in 0..<i {
                y[i] = x[i] + h[i]; y[j] = x[j] + h[j]; let fpp = f(y)
                y[j] = x[j] - h[j]; let fpm = f(y)
                y[i] = x[i] - h[i]; let fmm = f(y)
                y[j] = x[j] + h[j]; let fmp = f(y)
                y[i] = x[i]; y[j] = x[j]
                let v = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j])
                hess[i][j] = v; hess[j][i] = v
            }
        }
        return hess
    }
}
