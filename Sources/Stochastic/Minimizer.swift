internal import CGSL

/// The outcome of a minimisation.
public struct Minimum: Sendable {
    /// Where the minimum was found.
    public var point: [Double]
    /// The objective at `point`.
    public var value: Double
    /// Iterations used.
    public var iterations: Int
    /// Whether the stopping test passed before the iteration limit.
    public var converged: Bool
    /// The final size of the simplex (Nelder–Mead) or gradient norm (BFGS).
    public var finalSize: Double
}

/// Unconstrained minimisation by GSL's `gsl_multimin` (DESIGN.md §1: the minimiser lives here).
///
/// Likelihoods are minimised on an unconstrained scale (log of positive parameters); the
/// objective may return `+∞` or NaN where it is undefined, which both methods treat as "worse".
public enum Minimizer {
    /// Nelder–Mead simplex (`gsl_multimin_fminimizer_nmsimplex2`).
    /// - Parameters:
    ///   - start: the starting point.
    ///   - step: initial simplex step in each coordinate.
    ///   - sizeTolerance: stop when the simplex's characteristic size falls below this.
    ///   - maxIterations: hard cap; `converged` is false if reached.
    ///   - objective: the function to minimise.
    public static func nelderMead(
        start: [Double], step: Double = 0.5, sizeTolerance: Double = 1e-10, maxIterations: Int = 20_000,
        _ objective: @escaping ([Double]) -> Double
    ) throws(GSLError) -> Minimum {
        GSL.prepare()
        let n = start.count
        let box = ObjectiveBox(objective, dimension: n)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }

        var function = gsl_multimin_function(
            f: { v, params in
                let box = Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue()
                let value = box.evaluate(v!)
                return value.isFinite ? value : Double.greatestFiniteMagnitude
            },
            n: n, params: context.toOpaque())

        guard let x = gsl_vector_alloc(n), let steps = gsl_vector_alloc(n) else {
            throw GSLError(code: Int32(GSL_ENOMEM), operation: "allocating the simplex")
        }
        defer { gsl_vector_free(x); gsl_vector_free(steps) }
        for i in 0..<n { gsl_vector_set(x, i, start[i]); gsl_vector_set(steps, i, step) }

        guard let state = gsl_multimin_fminimizer_alloc(cgsl_nmsimplex2(), n) else {
            throw GSLError(code: Int32(GSL_ENOMEM), operation: "allocating the Nelder–Mead minimiser")
        }
        defer { gsl_multimin_fminimizer_free(state) }
        try GSL.check(gsl_multimin_fminimizer_set(state, &function, x, steps), "starting Nelder–Mead")

        var iterations = 0
        var converged = false
        var size = Double.infinity
        while iterations < maxIterations {
            iterations += 1
            let status = gsl_multimin_fminimizer_iterate(state)
            if status == Int32(GSL_ENOPROG) { break }
            try GSL.check(status, "Nelder–Mead iteration \(iterations)")
            size = gsl_multimin_fminimizer_size(state)
            if gsl_multimin_test_size(size, sizeTolerance) == Int32(GSL_SUCCESS) { converged = true; break }
        }
        let best = (0..<n).map { gsl_vector_get(state.pointee.x, $0) }
        return Minimum(point: best, value: state.pointee.fval, iterations: iterations, converged: converged, finalSize: size)
    }

    /// Quasi-Newton BFGS (`gsl_multimin_fdfminimizer_vector_bfgs2`) with an analytic gradient,
    /// or central differences when `gradient` is nil.
    public static func bfgs(
        start: [Double], gradientTolerance: Double = 1e-8, maxIterations: Int = 2_000,
        gradient: (([Double]) -> [Double])? = nil,
        _ objective: @escaping ([Double]) -> Double
    ) throws(GSLError) -> Minimum {
        GSL.prepare()
        let n = start.count
        let grad = gradient ?? { x in Derivatives.gradient(of: objective, at: x) }
        let box = ObjectiveBox(objective, dimension: n, gradient: grad)
        let context = Unmanaged.passRetained(box)
        defer { context.release() }

        var function = gsl_multimin_function_fdf(
            f: { v, params in
                let box = Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue()
                let value = box.evaluate(v!)
                return value.isFinite ? value : Double.greatestFiniteMagnitude
            },
            df: { v, params, g in
                let box = Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue()
                box.evaluateGradient(v!, into: g!)
            },
            fdf: { v, params, f, g in
                let box = Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue()
                let value = box.evaluate(v!)
                f!.pointee = value.isFinite ? value : Double.greatestFiniteMagnitude
                box.evaluateGradient(v!, into: g!)
            },
            n: n, params: context.toOpaque())

        guard let x = gsl_vector_alloc(n) else { throw GSLError(code: Int32(GSL_ENOMEM), operation: "allocating BFGS") }
        defer { gsl_vector_free(x) }
        for i in 0..<n { gsl_vector_set(x, i, start[i]) }
        guard let state = gsl_multimin_fdfminimizer_alloc(cgsl_bfgs2(), n) else {
            throw GSLError(code: Int32(GSL_ENOMEM), operation: "allocating BFGS")
        }
        defer { gsl_multimin_fdfminimizer_free(state) }
        try GSL.check(gsl_multimin_fdfminimizer_set(state, &function, x, 0.01, 0.1), "starting BFGS")

        var iterations = 0
        var converged = false
        var norm = Double.infinity
        while iterations < maxIterations {
            iterations += 1
            let status = gsl_multimin_fdfminimizer_iterate(state)
            norm = gsl_blas_dnrm2(state.pointee.gradient)
            if gsl_multimin_test_gradient(state.pointee.gradient, gradientTolerance) == Int32(GSL_SUCCESS) { converged = true; break }
            // No progress: the line search cannot improve; report what the gradient says.
            if status == Int32(GSL_ENOPROG) { break }
            try GSL.check(status, "BFGS iteration \(iterations)")
        }
        let best = (0..<n).map { gsl_vector_get(state.pointee.x, $0) }
        return Minimum(point: best, value: state.pointee.f, iterations: iterations, converged: converged, finalSize: norm)
    }
}

/// Holds the Swift closures behind GSL's `void *params`.
private final class ObjectiveBox {
    let objective: ([Double]) -> Double
    let gradient: (([Double]) -> [Double])?
    var scratch: [Double]

    init(_ objective: @escaping ([Double]) -> Double, dimension: Int, gradient: (([Double]) -> [Double])? = nil) {
        self.objective = objective
        self.gradient = gradient
        self.scratch = Array(repeating: 0, count: dimension)
    }

    func load(_ v: UnsafePointer<gsl_vector>) {
        for i in 0..<scratch.count { scratch[i] = gsl_vector_get(v, i) }
    }

    func evaluate(_ v: UnsafePointer<gsl_vector>) -> Double {
        load(v)
        return objective(scratch)
    }

    func evaluateGradient(_ v: UnsafePointer<gsl_vector>, into g: UnsafeMutablePointer<gsl_vector>) {
        load(v)
        let d = gradient!(scratch)
        for i in 0..<d.count { gsl_vector_set(g, i, d[i].isFinite ? d[i] : 0) }
    }
}
