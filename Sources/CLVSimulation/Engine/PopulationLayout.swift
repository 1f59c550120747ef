/// Which customers belong to which segment. Segment sizes are the shares rounded by the
/// largest-remainder method, so they sum exactly to the population size, and each segment is
/// a contiguous block of customer indices (segment sizes are then exact, not sampled).
public struct PopulationLayout: Sendable, Equatable, Codable {
    /// Customer index ranges, one per segment, in scenario order.
    public let ranges: [Range<Int>]

    public init(customers: Int, shares: [Double]) {
        let exact = shares.map { $0 * Double(customers) }
        var counts = exact.map { Int($0.rounded(.down)) }
        var left = customers - counts.reduce(0, +)
        // Hand the remaining customers to the largest remainders (ties: earlier segment first).
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        var k = 0
        while left > 0 { counts[order[k % order.count]] += 1; left -= 1; k += 1 }
        var start = 0
        ranges = counts.map { c in defer { start += c }; return start..<(start + c) }
    }

    /// Segments of exactly these sizes, in order.
    public init(sizes: [Int]) {
        var start = 0
        ranges = sizes.map { c in defer { start += c }; return start..<(start + c) }
    }

    public var customers: Int { ranges.last?.upperBound ?? 0 }

    /// The segment of a customer index.
    public func segment(of customer: Int) -> Int {
        ranges.firstIndex { $0.contains(customer) } ?? (ranges.count - 1)
    }
}
