/// The one number format of every CSV the tool writes (README, "Output files and their columns"):
/// - integral values up to 2^53 as integers, without ".0" (`12`, not `12.0`; −0 as `0`);
/// - any other finite value as the shortest decimal that reads back as the same double (Swift's
///   `description`, at most 17 significant digits, exponent form outside 1e-4 … 2^53);
/// - a missing or non-finite value as an empty field, never `inf` or `nan`.
public enum CSVNumber {
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        // Below 2^53 every integral double is an exact integer, so Int64 prints it digit for digit.
        if v.rounded() == v, abs(v) <= 9_007_199_254_740_992 { return String(Int64(v)) }
        return v.description
    }

    public static func format(_ v: Double?) -> String { v.map { format($0) } ?? "" }

    public static func format(_ v: Int) -> String { String(v) }
}
