import Stochastic

/// One replication's share of a sample, as a simulation stores it: a slice of per-customer
/// values, less a cost shared equally by those customers (fixed campaign costs, which no single
/// customer causes), with the customers' own campaign costs and the replication's CAC.
///
/// Reading values through blocks lets a million-customer run be summarised without first
/// copying it into an ``OutcomeTable``: value i is `values[i] − sharedCost`, its campaign cost
/// `campaignCosts[i] + sharedCost`, computed where they are used.
public struct ValueBlock: Sendable {
    public var values: ArraySlice<Double>
    public var sharedCost: Double
    /// Same indices as `values`; `nil`: no campaign cost of the customers' own.
    public var campaignCosts: ArraySlice<Double>?
    public var acquisitionCost: Double

    public init(values: ArraySlice<Double>, sharedCost: Double = 0, campaignCosts: ArraySlice<Double>? = nil, acquisitionCost: Double = 0) {
        self.values = values
        self.sharedCost = sharedCost
        self.campaignCosts = campaignCosts
        self.acquisitionCost = acquisitionCost
    }

    /// Value of customer `i` (an index of `values`), the shared cost deducted.
    @inline(__always)
    func value(_ i: Int) -> Double {
        sharedCost != 0 ? values[i] - sharedCost : values[i]
    }

    /// Campaign cost of customer `i`, the shared cost included.
    @inline(__always)
    func cost(_ i: Int) -> Double {
        let own = campaignCosts?[i] ?? 0
        return sharedCost != 0 ? own + sharedCost : own
    }
}

extension SampleStatistics {
    /// What a sample's values are measured as.
    public enum Measure: Sendable {
        /// The value (gross CLV), paired with the CAC for LTV/CAC.
        case gross
        /// The value less the CAC (net CLV).
        case net
    }

    /// The sufficient statistics of the values in `blocks` (one per replication, in order):
    /// moments added value by value, replication sums, negatives, LTV/CAC's two-pass moments and
    /// the values sorted. The arithmetic is that of ``OutcomeTable/statistics(level:maxBins:ltvCacThreshold:)``
    /// on the same values, operation for operation, so a normal run's summary is unchanged.
    /// - Parameter campaignCost: whether to average the campaign costs (the variant's own sample).
    /// - Complexity: O(n) for the passes and the radix sort, n the values in all blocks; one
    ///   array of n values is allocated (the sorted copy the quantiles need).
    public init(blocks: [ValueBlock], measure: Measure, campaignCost: Bool) {
        let n = blocks.reduce(0) { $0 + $1.values.count }
        var sorted: [Double] = []
        sorted.reserveCapacity(n)
        var overall = RunningMoments()
        var strata: [RunningMoments] = []
        var negatives = 0
        var sumX = 0.0, sumY = 0.0, costs = 0.0
        for block in blocks {
            var stratum = RunningMoments()
            let cac = block.acquisitionCost
            for i in block.values.indices {
                let x = measure == .net ? block.value(i) - cac : block.value(i)
                overall.add(x)
                stratum.add(x)
                if x < 0 { negatives += 1 }
                sumX += x
                sumY += cac
                if campaignCost { costs += block.cost(i) }
                sorted.append(x)
            }
            strata.append(stratum)
        }
        var pair: MeanPairMoments?
        if measure == .gross && n >= 2 { pair = Self.valueAndCAC(blocks, sumX: sumX, sumY: sumY, count: n) }
        RadixSort.sort(&sorted)
        self.init(overall: overall, replications: strata, replicationMeans: strata.map { $0.sum / Double($0.count) },
                  negatives: negatives, valueAndAcquisitionCost: pair,
                  campaignCostPerCustomer: campaignCost ? costs / Double(n) : nil, quantiles: .sorted(sorted))
    }

    /// ``MeanPairMoments/init(x:y:)``'s second pass over (value, CAC), from the first pass's sums.
    /// - Complexity: O(n).
    static func valueAndCAC(_ blocks: [ValueBlock], sumX: Double, sumY: Double, count: Int) -> MeanPairMoments {
        let n = Double(count)
        let mx = sumX / n, my = sumY / n
        var vxx = 0.0, vyy = 0.0, vxy = 0.0
        for block in blocks {
            for i in block.values.indices {
                let dx = block.value(i) - mx, dy = block.acquisitionCost - my
                vxx += dx * dx; vyy += dy * dy; vxy += dx * dy
            }
        }
        let scale = 1 / ((n - 1) * n)
        return MeanPairMoments(numerator: mx, denominator: my, varianceNumerator: vxx * scale, varianceDenominator: vyy * scale, covariance: vxy * scale)
    }
}
