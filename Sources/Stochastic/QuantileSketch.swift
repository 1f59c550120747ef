/// A mergeable quantile sketch with a relative-error guarantee, for runs too large to keep every
/// customer's value (`--streaming`).
///
/// Values are counted in buckets whose upper and lower bounds differ by at most a factor
/// γ = e^0.01, so the representative of a bucket (the harmonic mean of its bounds) is within
/// α = (γ − 1)/(γ + 1) ≈ 0.5 % of every value in it — the DDSketch idea (Masson, Rim & Lee 2019,
/// "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees",
/// PVLDB 12(12)). The bucket index uses the linearly interpolated logarithm
/// log₂|x| ≈ e + (m − 1) of x = m·2ᵉ (their "linear" mapping), which needs only exact IEEE
/// operations, so a value falls into the same bucket on every machine: sketches from shards on
/// different hosts merge into the same bits. Counts are integers, so merging is exact,
/// associative and commutative.
///
/// Values with |x| < 2⁻²⁰ (about 10⁻⁶ currency units) are counted as zero; |x| ≥ 2⁶⁰ in the
/// outermost buckets (CLVLab's input limits keep CLVs far below).
public struct QuantileSketch: Sendable, Equatable, Codable {
    /// Buckets per unit of the interpolated log₂: 100 ⇒ γ = e^{0.01} (see the type's doc).
    @usableFromInline static let bucketsPerOctave = 100.0
    @usableFromInline static let smallestExponent = -20
    static let largestExponent = 60
    /// Buckets per sign.
    @usableFromInline static let side = (largestExponent - smallestExponent) * Int(bucketsPerOctave)
    /// [negative buckets, outermost first][zero][positive buckets, innermost first]
    public static let bucketCount = 2 * side + 1
    @usableFromInline static let zeroIndex = side
    /// Relative accuracy of every quantile: (γ − 1)/(γ + 1) with γ = e^0.01.
    public static let relativeAccuracy = 0.004999958333749996

    public private(set) var counts: [UInt64]
    /// Exact extremes (order-independent too): quantiles are clamped to them, so a constant
    /// value is reported exactly.
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity

    public init() { counts = [UInt64](repeating: 0, count: Self.bucketCount) }

    /// A sketch from its parts (the engine's flat count buffers).
    public init(counts: [UInt64], minimum: Double, maximum: Double) {
        precondition(counts.count == Self.bucketCount)
        self.counts = counts
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Bucket of a value (any finite double). Inlinable: the streaming engine calls it once per
    /// customer and variant from another module.
    @inlinable @inline(__always)
    public static func bucket(_ x: Double) -> Int {
        let a = Swift.abs(x)
        guard a >= 0x1p-20 else { return zeroIndex }
        let k: Int
        if a < 0x1p60 {
            // e + (m − 1) ∈ [−20, 60), increasing in |x|; × 100 and floored.
            let f = Double(Int(a.exponent)) + (a.significand - 1)
            // min: e + (m − 1) can round up to exactly 60 just below 2⁶⁰.
            k = Swift.min(side - 1, Int(((f - Double(smallestExponent)) * bucketsPerOctave).rounded(.down)))
        } else {
            k = side - 1
        }
        return x > 0 ? zeroIndex + 1 + k : zeroIndex - 1 - k
    }

    /// The value standing for bucket `index`: within `relativeAccuracy` of every value in it.
    static func representative(_ index: Int) -> Double {
        if index == zeroIndex { return 0 }
        let k = index > zeroIndex ? index - zeroIndex - 1 : zeroIndex - 1 - index
        func value(_ f: Double) -> Double {
            let e = f.rounded(.down)
            return Double(sign: .plus, exponent: Int(e), significand: 1 + (f - e))
        }
        let lo = value(Double(smallestExponent) + Double(k) / bucketsPerOctave)
        let hi = value(Double(smallestExponent) + Double(k + 1) / bucketsPerOctave)
        let r = 2 * lo * hi / (lo + hi)
        return index > zeroIndex ? r : -r
    }

    public mutating func add(_ x: Double) {
        counts[Self.bucket(x)] += 1
        minimum = Swift.min(minimum, x)
        maximum = Swift.max(maximum, x)
    }

    public mutating func merge(_ other: QuantileSketch) {
        for i in counts.indices { counts[i] += other.counts[i] }
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    public var count: UInt64 { counts.reduce(0, +) }

    /// The q-quantile (type 7: linear interpolation between the order statistics around
    /// q·(n − 1)), each order statistic read as its bucket's representative.
    public func quantile(_ q: Double) -> Double {
        let n = count
        precondition(n > 0, "quantile of an empty sketch")
        let h = Double(n - 1) * q
        let lo = UInt64(h.rounded(.down))
        let a = orderStatistic(lo), b = orderStatistic(Swift.min(lo + 1, n - 1))
        return Swift.min(maximum, Swift.max(minimum, a + (h - Double(lo)) * (b - a)))
    }

    /// Representative of the k-th smallest value (0-based).
    func orderStatistic(_ k: UInt64) -> Double {
        var seen: UInt64 = 0
        for i in counts.indices where counts[i] > 0 {
            seen += counts[i]
            if seen > k { return Self.representative(i) }
        }
        return Self.representative(counts.lastIndex { $0 > 0 }!)
    }

    /// Sum of the `k` largest values, read from the representatives.
    public func sumOfLargest(_ k: UInt64) -> Double {
        var left = k
        var sum = 0.0
        for i in counts.indices.reversed() where counts[i] > 0 && left > 0 {
            let take = Swift.min(counts[i], left)
            sum += Double(take) * Self.representative(i)
            left -= take
        }
        return sum
    }

    /// Counts of the representatives in bins (`[edges[i], edges[i+1])`, last closed), below and above.
    public func binned(edges: [Double]) -> (counts: [Int], below: Int, above: Int) {
        var bins = [Int](repeating: 0, count: edges.count - 1)
        var below = 0, above = 0
        let lo = edges[0], hi = edges[edges.count - 1]
        for i in counts.indices where counts[i] > 0 {
            let x = Self.representative(i), c = Int(counts[i])
            if x < lo { below += c; continue }
            if x > hi { above += c; continue }
            var a = 0, b = edges.count - 1
            while b - a > 1 {
                let mid = (a + b) / 2
                if edges[mid] <= x { a = mid } else { b = mid }
            }
            bins[a] += c
        }
        return (bins, below, above)
    }

    // Sparse on disk and in JSON: most buckets are empty.
    enum CodingKeys: String, CodingKey { case buckets, counts, minimum, maximum }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let buckets = try c.decode([Int].self, forKey: .buckets)
        let values = try c.decode([UInt64].self, forKey: .counts)
        guard buckets.count == values.count, buckets.allSatisfy({ (0..<Self.bucketCount).contains($0) }) else {
            throw DecodingError.dataCorruptedError(forKey: .buckets, in: c, debugDescription: "bucket indices out of range")
        }
        self.init()
        for (b, v) in zip(buckets, values) { counts[b] += v }
        minimum = try c.decodeIfPresent(Double.self, forKey: .minimum) ?? .infinity
        maximum = try c.decodeIfPresent(Double.self, forKey: .maximum) ?? -.infinity
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let used = counts.indices.filter { counts[$0] > 0 }
        try c.encode(used, forKey: .buckets)
        try c.encode(used.map { counts[$0] }, forKey: .counts)
        if minimum.isFinite { try c.encode(minimum, forKey: .minimum) }
        if maximum.isFinite { try c.encode(maximum, forKey: .maximum) }
    }
}
