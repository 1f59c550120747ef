/// Running means, variances and covariance of pairs (x, y): Welford's update and the pairwise
/// merge of Chan, Golub & LeVeque (1979), as ``RunningMoments`` for one variable.
public struct PairedMoments: Sendable, Equatable, Codable {
    public private(set) var count: Int = 0
    public private(set) var meanX: Double = 0
    public private(set) var meanY: Double = 0
    /// Σ (x − x̄)², Σ (y − ȳ)², Σ (x − x̄)(y − ȳ).
    public private(set) var m2X: Double = 0
    public private(set) var m2Y: Double = 0
    public private(set) var cXY: Double = 0

    public init() {}

    public init(count: Int, meanX: Double, meanY: Double, m2X: Double, m2Y: Double, cXY: Double) {
        self.count = count; self.meanX = meanX; self.meanY = meanY; self.m2X = m2X; self.m2Y = m2Y; self.cXY = cXY
    }

    public mutating func add(_ x: Double, _ y: Double) {
        count += 1
        let n = Double(count)
        let dx = x - meanX
        meanX += dx / n
        let dy = y - meanY
        meanY += dy / n
        m2X += dx * (x - meanX)
        m2Y += dy * (y - meanY)
        cXY += dx * (y - meanY)
    }

    public mutating func merge(_ other: PairedMoments) {
        if other.count == 0 { return }
        if count == 0 { self = other; return }
        let na = Double(count), nb = Double(other.count), n = na + nb
        let dx = other.meanX - meanX, dy = other.meanY - meanY
        meanX += dx * nb / n
        meanY += dy * nb / n
        m2X += other.m2X + dx * dx * na * nb / n
        m2Y += other.m2Y + dy * dy * na * nb / n
        cXY += other.cXY + dx * dy * na * nb / n
        count += other.count
    }

    /// The moments of x alone.
    public var x: RunningMoments { RunningMoments(count: count, mean: meanX, m2: m2X) }
    public var y: RunningMoments { RunningMoments(count: count, mean: meanY, m2: m2Y) }
    /// Sample covariance (n − 1 denominator).
    public var covariance: Double { count > 1 ? cXY / Double(count - 1) : 0 }
}
