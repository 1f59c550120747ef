/// Sums of money kept exact in the decimals the input was written with: amounts read from a log
/// as doubles (29.33) add up with binary residue (74.02000000000001); rounding a sum to the most
/// decimal places among its terms gives back the double nearest the exact decimal sum (74.02).
public enum DecimalPlaces {
    /// Beyond this many places an amount is treated as not decimal (no rounding of its sums).
    public static let maximum = 9

    static let powers: [Double] = (0...maximum).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }

    /// The fewest decimal places of a decimal whose nearest double is `amount` (2 for 29.33, 0
    /// for 12); nil when there is none within ``maximum`` places or the amount is not finite.
    public static func of(_ amount: Double) -> Int? {
        guard amount.isFinite else { return nil }
        for p in 0...maximum {
            let scaled = (amount * powers[p]).rounded()
            if abs(scaled) >= 9_007_199_254_740_992 { return nil }
            if scaled / powers[p] == amount { return p }
        }
        return nil
    }

    /// `sum` rounded to `places` decimals: the double nearest the decimal (both operands of the
    /// division are exact, so the quotient is correctly rounded). Unchanged when scaling could
    /// not be exact (|sum| · 10^places ≥ 2^53).
    public static func round(_ sum: Double, places: Int) -> Double {
        let scaled = sum * powers[places]
        guard abs(scaled) < 9_007_199_254_740_992 else { return sum }
        return scaled.rounded() / powers[places]
    }
}
