import Stochastic

/// Per-customer incremental value among the customers a campaign touched (issue #16, item 6):
/// who gains, and who is paid for what they would have done anyway.
///
/// With common random numbers a customer no intervention reaches has the same value and the same
/// campaign cost in both variants, to the bit (DESIGN.md §4, consequence 3); a customer is
/// *touched* when either differs. A targeted customer who neither responded nor cost anything is
/// not counted: the campaign changed nothing for them. The shared fixed cost, which no customer
/// causes, is left out of the per-customer values (it is in the comparison's mean).
public struct TreatedDistribution: Codable, Sendable, Equatable {
    /// Touched customer-replications.
    public var customers: Int
    /// `customers` over all simulated customer-replications.
    public var shareOfCustomers: Double
    /// Mean incremental value per touched customer.
    public var mean: Double
    /// Shares of touched customers whose incremental value is > 0 and < 0.
    public var shareGaining: Double
    public var shareLosing: Double
    public var quantiles: QuantileSet
    /// Freedman–Diaconis bins over the touched customers' 0.5–99.5 % range.
    public var histogram: Histogram

    enum CodingKeys: String, CodingKey {
        case customers, mean, quantiles, histogram
        case shareOfCustomers = "share_of_customers"
        case shareGaining = "share_gaining", shareLosing = "share_losing"
    }

    /// The touched customers of paired blocks (one per replication, the same customers on each
    /// side); `nil` when the campaign touched nobody.
    /// - Complexity: O(n) to find the m touched customers, O(m) to sort and bin them; one array
    ///   of m values is allocated.
    public init?(variant: [ValueBlock], baseline: [ValueBlock], maxBins: Int = 60) {
        precondition(variant.count == baseline.count, "paired samples have the same replications")
        var touched: [Double] = []
        var all = 0, gaining = 0, losing = 0
        var sum = 0.0
        for (v, b) in zip(variant, baseline) {
            all += v.values.count
            for (i, j) in zip(v.values.indices, b.values.indices) {
                let dv = v.values[i] - b.values[j]
                let dc = (v.campaignCosts?[i] ?? 0) - (b.campaignCosts?[j] ?? 0)
                guard dv != 0 || dc != 0 else { continue }
                touched.append(dv)
                sum += dv
                if dv > 0 { gaining += 1 } else if dv < 0 { losing += 1 }
            }
        }
        guard !touched.isEmpty else { return nil }
        RadixSort.sort(&touched)
        customers = touched.count
        shareOfCustomers = Double(touched.count) / Double(all)
        mean = sum / Double(touched.count)
        shareGaining = Double(gaining) / Double(touched.count)
        shareLosing = Double(losing) / Double(touched.count)
        quantiles = QuantileSet(sorted: touched)
        let sorted = touched
        histogram = Histogram(values: touched, edges: Histogram.sharedEdges(count: touched.count, minimum: touched[0], maxBins: maxBins) {
            Quantile.ofSorted(sorted, $0)
        })
    }
}
