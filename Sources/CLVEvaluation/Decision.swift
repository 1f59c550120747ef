import Foundation

/// The launch decision of one comparison (DESIGN.md §5, "Decisions"): a verdict that is never
/// more certain than the inputs allow.
///
/// - `gain`: the incremental value is significant for Monte Carlo error (after Holm, when
///   several variants are compared) *and*, when the scenario has uncertain inputs, positive
///   across the assumption interval (its 2.5 % bound above zero);
/// - `loss`: the same, below zero;
/// - `uncertain`: anything else, stated with P(gain) — the share of replications (each one a
///   draw of the uncertain inputs) whose mean incremental value is positive — and the number of
///   replications it rests on.
///
/// The Monte Carlo interval alone says how precisely the simulation estimated the value for
/// *fixed* inputs; deciding from it would ignore that the inputs themselves are unknown.
public struct Decision: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        case gain, loss, uncertain
    }

    public var verdict: Verdict
    /// Share of replications with a positive mean difference; `nil` without uncertain inputs
    /// (replications then differ by Monte Carlo noise only) or with fewer than two replications.
    public var probabilityOfGain: Double?
    /// Share of replications with a negative mean difference (same conditions).
    public var probabilityOfLoss: Double?
    /// Replications P(gain) rests on.
    public var replications: Int
    /// The decision in words, e.g. "uncertain: gain in 85% of assumption draws (20 replications)".
    public var statement: String
    /// What would sharpen an uncertain decision, when something would.
    public var advice: String?

    /// Fewer replications than this, with P(gain) strictly between 10 % and 90 %, are too few to
    /// tell a likely gain from a coin toss: the decision advises more.
    public static let replicationsToTell = 50

    /// - Parameters:
    ///   - comparison: the comparison, with its Holm-adjusted significance.
    ///   - uncertainInputs: whether the scenario draws any input per replication (ranges or fitted
    ///     model parameters); without them the assumption interval is not consulted.
    public init(_ comparison: Comparison, uncertainInputs: Bool) {
        let d = comparison.meanDifference.interval
        let replicationCount = comparison.replications ?? 1
        replications = replicationCount
        if uncertainInputs, let p = comparison.probabilityBetter, replicationCount >= 2 {
            probabilityOfGain = p
            probabilityOfLoss = comparison.probabilityWorse ?? (1 - p)
        }
        let assumption = uncertainInputs ? comparison.assumptionInterval : nil
        let significant = comparison.significant
        let assumptionKnown = !uncertainInputs || assumption != nil
        if significant && d.estimate > 0 && assumptionKnown && (assumption?.lower ?? 1) > 0 {
            verdict = .gain
            statement = uncertainInputs
                ? "gain: positive across the assumption interval and significant for Monte Carlo error"
                : "gain: significant for Monte Carlo error (no uncertain inputs)"
        } else if significant && d.estimate < 0 && assumptionKnown && (assumption?.upper ?? -1) < 0 {
            verdict = .loss
            statement = uncertainInputs
                ? "loss: negative across the assumption interval and significant for Monte Carlo error"
                : "loss: significant for Monte Carlo error (no uncertain inputs)"
        } else {
            verdict = .uncertain
            statement = Self.uncertainStatement(comparison, uncertainInputs: uncertainInputs, probability: probabilityOfGain)
        }
        advice = Self.advice(verdict: verdict, uncertainInputs: uncertainInputs, probability: probabilityOfGain,
                             replications: replicationCount, significant: significant)
    }

    static func uncertainStatement(_ c: Comparison, uncertainInputs: Bool, probability: Double?) -> String {
        if let probability {
            return "uncertain: gain in \(percent(probability)) of assumption draws (\(c.replications ?? 1) replications)"
        }
        if uncertainInputs {
            return "uncertain: one replication cannot show the spread the uncertain inputs cause"
        }
        let label = c.pValueAdjustment == .none ? "p" : "\(c.pValueAdjustment.rawValue) p"
        return "uncertain: not significant for Monte Carlo error (\(label) = \(String(format: "%.2f", c.adjustedPValue)))"
    }

    static func advice(verdict: Verdict, uncertainInputs: Bool, probability: Double?, replications: Int, significant: Bool) -> String? {
        guard verdict == .uncertain else { return nil }
        if let p = probability {
            guard replications < replicationsToTell, p > 0.1, p < 0.9 else { return nil }
            let se = (p * (1 - p) / Double(replications)).squareRoot()
            return "P(gain) rests on \(replications) replications (standard error about \(percent(se))): "
                + "run --replications 200 or more to tell"
        }
        if uncertainInputs { return "run --replications 50 or more to see the uncertain inputs' effect" }
        return significant ? nil : "simulate more customers (--customers) to narrow the Monte Carlo interval"
    }

    static func percent(_ x: Double) -> String {
        let v = x * 100
        return v == v.rounded() ? String(format: "%.0f%%", v) : String(format: "%.1f%%", v)
    }
}
