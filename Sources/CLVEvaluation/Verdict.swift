import Foundation

/// One-line verdicts for terminals and report headlines, e.g.
/// `loyalty: +4.12 EUR/customer [3.98, 4.26], ROI 2.30× [2.10, 2.50], LTV/CAC 3.4 ≥ 3`.
///
/// The difference uses its own interval (paired-t or Welch); ROI shows the delta-method
/// interval; LTV/CAC, when given, shows the variant's ratio against the threshold. A difference
/// that is not significant says so, with the (adjusted) p-value.
public enum Verdict {
    public static func line(_ comparison: Comparison, ltvCac: LTVCAC? = nil, currency: String, unit: String = "customer") -> String {
        line(variant: comparison.variant, difference: comparison.meanDifference, roi: comparison.roi, significant: comparison.significant,
             adjustment: comparison.pValueAdjustment, adjustedPValue: comparison.adjustedPValue, ltvCac: ltvCac, currency: currency, unit: unit)
    }

    /// The verdict from its parts (for comparisons computed from moments, e.g. streaming runs).
    public static func line(variant: String, difference: TTest, roi: RatioEstimate?, significant: Bool, adjustment: PValueAdjustment,
                            adjustedPValue: Double, ltvCac: LTVCAC? = nil, currency: String, unit: String = "customer") -> String {
        let d = difference.interval
        var text = "\(variant): \(signed(d.estimate)) \(currency)/\(unit) [\(fixed(d.lower, 2)), \(fixed(d.upper, 2))]"
        if let roi {
            text += ", ROI \(fixed(roi.estimate, 2))× [\(fixed(roi.delta.lower, 2)), \(fixed(roi.delta.upper, 2))]"
        }
        if let ltvCac {
            let relation = ltvCac.meetsThreshold ? "≥" : "<"
            text += ", LTV/CAC \(fixed(ltvCac.ratio.estimate, 1)) \(relation) \(fixed(ltvCac.threshold, 0))"
        }
        if !significant {
            let label = adjustment == .none ? "p" : "\(adjustment.rawValue) p"
            text += ", not significant (\(label) = \(fixed(adjustedPValue, 2)))"
        }
        return text
    }

    /// x with `digits` decimals, never printing "-0.00".
    static func fixed(_ x: Double, _ digits: Int) -> String {
        let s = String(format: "%.\(digits)f", x)
        return isNegativeZero(s) ? String(s.dropFirst()) : s
    }

    /// x with an explicit sign and 2 decimals ("+0.00" for zero).
    static func signed(_ x: Double) -> String {
        let s = String(format: "%+.2f", x)
        return isNegativeZero(s) ? "+" + s.dropFirst() : s
    }

    private static func isNegativeZero(_ s: String) -> Bool {
        s.hasPrefix("-") && s.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
    }
}
