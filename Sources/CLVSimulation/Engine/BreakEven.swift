/// The value of a variant's most influential uncertain input at which its incremental value is
/// zero, all other inputs at their central values, on the sensitivity run's customers and keyed
/// draws (issue #16, item 3): "the programme pays if uptake exceeds 0.37".
///
/// Found in the input's probability scale u ∈ [0.001, 0.999] (so a range input is searched over
/// its whole plausible range and an unbounded one over its central 99.8 %) by the Illinois
/// variant of regula falsi (Dowell & Jarratt 1971): bracketing like bisection, but with
/// superlinear convergence on the smooth, monotone curves the common random numbers give. Each
/// evaluation is one run of the sensitivity population; at most ``maxEvaluations``, and it stops
/// once the incremental value is within 1e-4 of its swing over the range.
public struct BreakEven: Sendable, Codable, Equatable {
    public var variant: String
    public var input: String
    /// The input's value at which the incremental value is zero; nil when it does not change
    /// sign over the plausible range.
    public var value: Double?
    /// The probability level of `value` in the input's distribution (its quantile).
    public var level: Double?
    /// Whether the variant gains when the input is above `value` (`true`) or below it.
    public var paysAbove: Bool?
    /// The incremental value per customer at the ends of the searched range.
    public var incrementalAtLowest: Double
    public var incrementalAtHighest: Double
    /// The input's values at those ends.
    public var lowestValue: Double
    public var highestValue: Double
    /// The incremental value per customer at `value` (the search's residual).
    public var residual: Double?
    public var evaluations: Int

    enum CodingKeys: String, CodingKey {
        case variant, input, value, level, residual, evaluations
        case paysAbove = "pays_above"
        case incrementalAtLowest = "incremental_at_lowest", incrementalAtHighest = "incremental_at_highest"
        case lowestValue = "lowest_value", highestValue = "highest_value"
    }

    public static let searchedLevels = 0.001...0.999
    public static let maxEvaluations = 14

    /// The sentence of the decision box.
    public var statement: String {
        guard let value, let paysAbove, let level else {
            let pays = incrementalAtLowest > 0 && incrementalAtHighest > 0
            return "\(variant) \(pays ? "gains" : "loses") whatever the value of \(input) in its plausible range "
                + "[\(Self.short(lowestValue)), \(Self.short(highestValue))], other inputs at their central values"
        }
        let chance = paysAbove ? 1 - level : level
        return "\(variant) pays if \(input) is \(paysAbove ? "above" : "below") \(Self.short(value)) "
            + "(chance \(Self.short(chance * 100)) % under its range; other inputs at their central values)"
    }

    static func short(_ x: Double) -> String {
        let magnitude = abs(x)
        // Three significant digits: a break-even uptake of 0.303 must not print as 0.3.
        if magnitude >= 100 || magnitude == 0 { return String(format: "%.0f", x) }
        return String(format: "%.3g", x)
    }

    /// Search `f(u) = (input value, incremental value)` over ``searchedLevels``.
    static func search(variant: String, input: InputCatalog.Entry,
                       _ f: (Double) async throws -> (value: Double, incremental: Double)) async throws -> BreakEven {
        var a = searchedLevels.lowerBound, b = searchedLevels.upperBound
        let low = try await f(a), high = try await f(b)
        var result = BreakEven(variant: variant, input: input.name, incrementalAtLowest: low.incremental, incrementalAtHighest: high.incremental,
                               lowestValue: low.value, highestValue: high.value, evaluations: 2)
        var fa = low.incremental, fb = high.incremental
        guard fa.sign != fb.sign, fa != 0 || fb != 0 else { return result }
        let tolerance = 1e-4 * (abs(low.incremental) + abs(high.incremental))
        var side = 0
        var best = abs(fa) < abs(fb) ? (u: a, low) : (u: b, high)
        while result.evaluations < maxEvaluations {
            let u = (a * fb - b * fa) / (fb - fa)
            let here = try await f(u)
            result.evaluations += 1
            if abs(here.incremental) < abs(best.1.incremental) { best = (u, here) }
            // Close enough: a ten-thousandth of the value's swing over the range is far inside the
            // Monte Carlo error of any run (each evaluation is a whole sensitivity run).
            if abs(here.incremental) <= tolerance || b - a < 1e-6 { break }
            if (here.incremental > 0) == (fb > 0) {
                b = u; fb = here.incremental
                if side == 1 { fa /= 2 }
                side = 1
            } else {
                a = u; fa = here.incremental
                if side == -1 { fb /= 2 }
                side = -1
            }
        }
        result.value = best.1.value
        result.level = best.u
        result.residual = best.1.incremental
        result.paysAbove = high.incremental > low.incremental
        return result
    }
}
