/// How value is spread over customers.
public enum ValueConcentration {
    /// Share of customers with a strictly negative value (they cost more than they bring).
    public static func shareNegative(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        return Double(values.lazy.filter { $0 < 0 }.count) / Double(values.count)
    }

    /// Share of total value held by the top 10 % of customers: the sum of the ⌈0.1 n⌉ largest
    /// values over the sum of all values. `nil` when the total is not positive (the share would
    /// be meaningless or negative).
    /// - Parameter sorted: values in ascending order.
    public static func topDecileShare(sorted: [Double]) -> Double? {
        let total = sorted.reduce(0, +)
        guard total > 0, !sorted.isEmpty else { return nil }
        let k = Int((Double(sorted.count) * 0.1).rounded(.up))
        let top = sorted.suffix(k).reduce(0, +)
        return top / total
    }
}
