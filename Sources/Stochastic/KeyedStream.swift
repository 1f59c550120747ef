// The samplers are @inlinable so the engine's hot loop calls them without a cross-module call;
// that needs the C modules imported publicly here (no C type appears in a public signature):
// an inlinable body, even of a `package` function, may only use public or @usableFromInline
// declarations, and a C function imported `package` is neither. The engine-only API — the
// caches taking pointers and the draws that exist for them — is `package`: inlined into the
// engine, invisible outside this package.
public import CGSL
public import CKeyedRandom

/// What a keyed draw is for. The purpose is part of the key, so two draws for different
/// purposes in the same customer-period never share a stream (DESIGN.md §4).
public struct DrawPurpose: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// Key of one customer in one replication of one scenario. Period streams chain from it, so
/// the hash of (seed, replication, customer) is computed once per customer, not per period.
public struct CustomerKey: Hashable, Sendable {
    public let rawValue: UInt64

    /// - Parameters:
    ///   - seed: the scenario seed.
    ///   - replication: replication index, from 0.
    ///   - customer: global customer index in the population, from 0.
    @inlinable
    public init(seed: UInt64, replication: Int, customer: Int) {
        rawValue = CustomerKey.hash(seed, UInt64(truncatingIfNeeded: replication), UInt64(truncatingIfNeeded: customer))
    }

    /// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix.
    @inlinable
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inlinable
    static func hash(_ seed: UInt64, _ replication: UInt64, _ customer: UInt64) -> UInt64 {
        var h = mix(seed ^ 0x243f_6a88_85a3_08d3)
        h = mix(h ^ replication)
        return mix(h ^ (customer &* 0x9e37_79b9_7f4a_7c15))
    }

    /// The key of the stream for one period and purpose of this customer.
    @inlinable
    public func stream(period: Int, purpose: DrawPurpose) -> UInt64 {
        stream(periodKey: CustomerKey.periodKey(period: period, purpose: purpose))
    }

    /// The half of a stream key that does not depend on the customer: computed once per period
    /// by the engine instead of once per customer-period.
    @inlinable
    public static func periodKey(period: Int, purpose: DrawPurpose) -> UInt64 {
        mix((UInt64(truncatingIfNeeded: period) << 16) ^ purpose.rawValue ^ 0x1319_8a2e_0370_7344)
    }

    /// The key of the stream whose period half is `periodKey` (see ``periodKey(period:purpose:)``).
    @inlinable
    public func stream(periodKey: UInt64) -> UInt64 {
        CustomerKey.mix(rawValue ^ periodKey)
    }
}

/// A random stream that is re-keyed in place for every (customer, period, purpose), with GSL's
/// samplers running on it. One instance per worker; re-keying allocates nothing.
///
/// Inverse transforms are used where they exist (uniform comparisons, geometric, Poisson with
/// small means) so that a variant that raises a rate moves outcomes monotonically — the
/// strongest coupling for common random numbers.
public final class KeyedStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    public init() {
        GSL.prepare()
        guard let r = gsl_rng_alloc(ckr_keyed_type()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        rng = r
    }

    deinit { gsl_rng_free(rng) }

    /// Start the stream with the given 64-bit key (see ``CustomerKey/stream(period:purpose:)``).
    @inlinable
    package func rekey(_ key: UInt64) { ckr_rekey(rng, key) }

    /// The first uniform of the stream `key` — what `rekey(key)` then `uniform()` would give —
    /// computed from one quarter of the re-keying. A caller that needs no more draws from this
    /// stream saves the rest; one that does continues with ``rekeyAfterFirstUniform(_:)``.
    @inlinable
    package static func firstUniform(_ key: UInt64) -> Double { ckr_first_uniform(key) }

    /// Re-key to `key` with its first output already taken (by ``firstUniform(_:)``): the next
    /// draws are those that would follow `rekey(key)` and one `uniform()`.
    @inlinable
    package func rekeyAfterFirstUniform(_ key: UInt64) {
        ckr_rekey(rng, key)
        _ = ckr_next(rng)
    }

    /// Re-key to one (customer, period, purpose).
    @inlinable
    public func rekey(_ customer: CustomerKey, period: Int, purpose: DrawPurpose) {
        ckr_rekey(rng, customer.stream(period: period, purpose: purpose))
    }

    /// Raw 64-bit output.
    public func next() -> UInt64 { ckr_next(rng) }

    /// Uniform on the open interval (0, 1).
    @inlinable
    public func uniform() -> Double { ckr_uniform_open(rng) }

    /// Gamma with the given shape and *rate* (mean shape/rate), by GSL's Marsaglia–Tsang sampler.
    @inlinable
    public func gamma(shape: Double, rate: Double) -> Double {
        gsl_ran_gamma(rng, shape, 1.0 / rate)
    }

    /// Gamma with the given shape and *scale* 1/rate: the same draw as ``gamma(shape:rate:)``
    /// when `scale` is `1.0 / rate`, for callers that draw repeatedly with one rate.
    @inlinable
    public func gamma(shape: Double, scale: Double) -> Double {
        gsl_ran_gamma(rng, shape, scale)
    }

    /// Beta(a, b) by GSL's sampler.
    @inlinable
    public func beta(_ a: Double, _ b: Double) -> Double {
        gsl_ran_beta(rng, a, b)
    }

    /// Binomial(trials, probability) by GSL's sampler (Kachitvichyanukul & Schmeiser's BTPE, with
    /// inversion for small means). `trials` must fit in 32 bits.
    public func binomial(trials: Int, probability: Double) -> Int {
        precondition(trials >= 0 && trials <= Int(UInt32.max), "binomial trials out of range")
        if probability <= 0 || trials == 0 { return 0 }
        if probability >= 1 { return trials }
        return Int(gsl_ran_binomial(rng, probability, UInt32(trials)))
    }

    /// Normal with the given mean and standard deviation (GSL's ratio method).
    public func normal(mean: Double, sd: Double) -> Double {
        mean + gsl_ran_gaussian_ratio_method(rng, sd)
    }

    /// Exponential with the given rate, by inversion.
    public func exponential(rate: Double) -> Double {
        -ckr_log(ckr_uniform_open(rng)) / rate
    }

    /// Poisson with mean `mean`. Inversion (sequential search) for means up to 30, so one
    /// uniform decides the count and a larger mean never gives a smaller count for the same
    /// key; GSL's sampler above that, where inversion costs too many steps.
    @inlinable
    public func poisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean > 30 { return Int(gsl_ran_poisson(rng, mean)) }
        return Self.poissonInverse(u: ckr_uniform_open(rng), mean: mean)
    }

    /// Poisson with mean `mean` when e^−mean is already known (the engine computes it once per
    /// customer): the same draw as ``poisson(mean:)``, without the exponential.
    @inlinable
    package func poisson(mean: Double, expNegativeMean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean > 30 { return Int(gsl_ran_poisson(rng, mean)) }
        return Self.poissonInverse(u: ckr_uniform_open(rng), mean: mean, expNegativeMean: expNegativeMean)
    }

    /// e^−x, exactly as the Poisson sampler computes it (so a cached value gives the same draws).
    @inlinable
    package static func expNegative(_ x: Double) -> Double { _expNeg(x) }

    /// ln(1 − p), exactly as the geometric sampler computes it.
    @inlinable
    package static func logOneMinus(_ p: Double) -> Double { ckr_log1p(-p) }

    /// Geometric on {1, 2, …} when ln(1 − p) is already known (0 < p < 1): the same draw as
    /// ``geometric(successProbability:)``.
    @inlinable
    package func geometric(logOneMinusP: Double) -> Int {
        let u = ckr_uniform_open(rng)
        return Self.trialCount(ckr_log(u) / logOneMinusP)
    }

    /// `x >= 9.0e18 ? Int.max : max(1, Int(x.rounded(.up)))`, without the libm `ceil` call
    /// that `rounded(.up)` costs on baseline x86-64 (no SSE4.1 `roundsd`): for |x| < 2⁶³ the
    /// truncation plus one when it fell below x is exactly ⌈x⌉.
    @inlinable
    static func trialCount(_ x: Double) -> Int {
        if x >= 9.0e18 { return Int.max }
        let i = Int(x)
        return max(1, Double(i) < x ? i + 1 : i)
    }

    /// The Poisson quantile of `u` by sequential search of the CDF (Devroye 1986, §X.3).
    @inlinable
    public static func poissonInverse(u: Double, mean: Double) -> Int {
        poissonInverse(u: u, mean: mean, expNegativeMean: _expNeg(mean))
    }

    @inlinable
    public static func poissonInverse(u: Double, mean: Double, expNegativeMean: Double) -> Int {
        var k = 0
        var p = expNegativeMean
        var cdf = p
        while u > cdf {
            k += 1
            p *= mean / Double(k)
            cdf += p
            // Tail below double precision: the remaining mass cannot be reached.
            if p < 1e-300 && Double(k) > mean { break }
        }
        return k
    }

    /// Geometric on {1, 2, …}: the number of trials up to and including the first success,
    /// success probability `p`, by inversion: ⌈log u / log(1 − p)⌉.
    @inlinable
    public func geometric(successProbability p: Double) -> Int {
        if p >= 1 { return 1 }
        if p <= 0 { return Int.max }
        let u = ckr_uniform_open(rng)
        return Self.trialCount(ckr_log(u) / ckr_log1p(-p))
    }
}

extension KeyedStream {
    /// Poisson with the mean of `table`: the same draw as ``poisson(mean:)``, with the CDF
    /// looked up in the table instead of recomputed.
    @inlinable
    package func poisson(_ table: inout PoissonTable) -> Int {
        let mean = table.mean
        if mean <= 0 { return 0 }
        if mean > 30 { return Int(gsl_ran_poisson(rng, mean)) }
        return table.quantile(ckr_uniform_open(rng))
    }
}

/// The Poisson CDF of one mean as ``KeyedStream/poissonInverse(u:mean:)`` computes it, cached:
/// a customer's purchase rate is fixed, so its sequential search visits the same partial sums
/// every period. Entries are built lazily by exactly the search's operations (`p *= mean / k;
/// cdf += p`, same tail cut-off), so every quantile, and hence every draw, is unchanged; only the
/// `exp` and the division chain of each search are saved. Past ``capacity`` entries (u in the
/// far tail of a large mean) the plain search continues from the last cached term.
@usableFromInline
package struct PoissonTable {
    @usableFromInline package static let capacity = 64

    @usableFromInline package let mean: Double
    /// `capacity` doubles owned by the caller (e.g. a stack allocation per customer).
    @usableFromInline let cdf: UnsafeMutablePointer<Double>
    /// The caller's storage, for a table of another mean built in its place.
    @inlinable package var storage: UnsafeMutablePointer<Double> { cdf }
    /// The pmf term at `count − 1`: the search's running `p`.
    @usableFromInline var p: Double
    /// `cdf[0 ..< count]` are computed.
    @usableFromInline var count: Int
    /// Index where the search's tail cut-off fires, or −1.
    @usableFromInline var stop: Int

    @inlinable
    package init(mean: Double, storage: UnsafeMutablePointer<Double>) {
        self.mean = mean
        cdf = storage
        p = _expNeg(mean)
        cdf[0] = p
        count = 1
        stop = -1
    }

    /// The Poisson quantile of `u`, as `KeyedStream.poissonInverse(u:mean:)`.
    @inlinable
    package mutating func quantile(_ u: Double) -> Int {
        var k = 0
        while true {
            if k == stop || !(u > cdf[k]) { return k }
            k += 1
            if k == count {
                if k == Self.capacity { break }
                p *= mean / Double(k)
                cdf[k] = cdf[k - 1] + p
                count = k + 1
                if p < 1e-300 && Double(k) > mean { stop = k }
            }
        }
        // Beyond the cache: the plain search from the last cached term.
        var term = p
        var sum = cdf[Self.capacity - 1]
        k = Self.capacity - 1
        while u > sum {
            k += 1
            term *= mean / Double(k)
            sum += term
            if term < 1e-300 && Double(k) > mean { break }
        }
        return k
    }
}

extension KeyedStream {
    /// `geometric(logOneMinusP:)` when only a count K ≤ `n` matters: that K, or nil when K > n.
    /// The same uniform is drawn; when it lies clearly below (1 − p)^n the answer K > n is
    /// certain without the logarithm (see ``GeometricSurvival``), otherwise K is computed as
    /// `geometric(logOneMinusP:)` computes it.
    @inlinable
    package func geometric(atMost n: Int, _ survival: inout GeometricSurvival) -> Int? {
        Self.trialCount(u: ckr_uniform_open(rng), atMost: n, &survival)
    }

    @inlinable
    static func trialCount(u: Double, atMost n: Int, _ survival: inout GeometricSurvival) -> Int? {
        if n < GeometricSurvival.capacity && u < survival.power(n) * GeometricSurvival.margin { return nil }
        let k = trialCount(ckr_log(u) / survival.logOneMinusP)
        return k <= n ? k : nil
    }
}

/// The powers (1 − p)^n of one geometric distribution, built lazily, to decide K > n for
/// K = ⌈log u / log1p(−p)⌉ (``KeyedStream/geometric(logOneMinusP:)``) without the logarithm.
///
/// Why the shortcut never contradicts the full computation: K > n ⇔ x > n for the computed
/// x = log u / log1p(−p). If u < (1 − p)^n · (1 − 2⁻²⁰) — tested as u < P · (1 − 2⁻²⁰) with P
/// the product of n factors fl(1 − p), within 10⁻¹³ relative of (1 − p)^n for n < 64, and
/// ≥ u > 2⁻⁵⁵ so never subnormal — then ln u / ln(1 − p) ≥ n + 9·10⁻⁷ / |ln(1 − p)| ≥ n + 2·10⁻⁸
/// (|ln(1 − p)| ≤ 37.5 for any double p < 1), while log, log1p and the division together err
/// by a few ulps, ~n · 10⁻¹⁵ ≪ 2·10⁻⁸. Nearer the boundary the caller computes x in full.
@usableFromInline
package struct GeometricSurvival {
    @usableFromInline package static let capacity = 64
    /// 1 − 2⁻²⁰: the relative margin below (1 − p)^n inside which K > n is certain.
    @usableFromInline static let margin = 1 - 0x1.0p-20

    @usableFromInline let logOneMinusP: Double
    @usableFromInline let q: Double
    /// `capacity` doubles owned by the caller; powers[k] = fl(1 − p)^k by repeated products.
    @usableFromInline let powers: UnsafeMutablePointer<Double>
    @usableFromInline var count: Int

    /// For 0 < p < 1, with `logOneMinusP` = `KeyedStream.logOneMinus(p)`.
    @inlinable
    package init(p: Double, logOneMinusP: Double, storage: UnsafeMutablePointer<Double>) {
        self.logOneMinusP = logOneMinusP
        q = 1 - p
        powers = storage
        powers[0] = 1
        count = 1
    }

    /// fl(1 − p)^n for 0 ≤ n < capacity.
    @inlinable
    mutating func power(_ n: Int) -> Double {
        while count <= n {
            powers[count] = powers[count - 1] * q
            count += 1
        }
        return powers[n]
    }
}

@available(*, unavailable, message: "a KeyedStream is one worker's scratch generator")
extension KeyedStream: Sendable {}

@inlinable
func _expNeg(_ x: Double) -> Double { ckr_exp(-x) }
