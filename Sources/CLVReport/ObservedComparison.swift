import CLVEvaluation
import Foundation

/// `clvlab compare` on observed per-customer outcomes from a real A/B test: the same evaluator
/// as for simulations, unpaired (Welch intervals; bootstrap for quantiles).
public struct ObservedComparison: Codable, Sendable {
    public var source: String
    public var pairing: Pairing
    public var currency: String
    public var variants: [VariantStatistics]
    public var comparisons: ComparisonSet?
    public var verdicts: [String]

    public init(source: String, pairing: Pairing, currency: String, variants: [VariantStatistics], comparisons: ComparisonSet?, verdicts: [String]) {
        self.source = source; self.pairing = pairing; self.currency = currency
        self.variants = variants; self.comparisons = comparisons; self.verdicts = verdicts
    }

    public func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return String(decoding: try JSONRendering.render(self), as: UTF8.self)
        case .csv:
            var rows = ["variant,baseline,statistic,estimate,ci95_low,ci95_high,method,p_value,adjusted_p_value"]
            for c in comparisons?.comparisons ?? [] {
                let m = c.meanDifference
                rows.append([CSVRendering.field(c.variant), CSVRendering.field(c.baseline), "mean_difference", CSVNumber.format(m.estimate),
                             CSVNumber.format(m.interval.lower), CSVNumber.format(m.interval.upper), m.interval.method.rawValue, CSVNumber.format(m.pValue), CSVNumber.format(c.adjustedPValue)].joined(separator: ","))
                if let r = c.roi {
                    rows.append([CSVRendering.field(c.variant), CSVRendering.field(c.baseline), "roi", CSVNumber.format(r.estimate), CSVNumber.format(r.delta.lower),
                                 CSVNumber.format(r.delta.upper), r.delta.method.rawValue, "", ""].joined(separator: ","))
                }
                for q in c.quantileDifferences {
                    let i = q.bca ?? q.percentile
                    rows.append([CSVRendering.field(c.variant), CSVRendering.field(c.baseline), "quantile_difference_p\(Int(q.probability * 100))",
                                 CSVNumber.format(q.estimate), CSVNumber.format(i.lower), CSVNumber.format(i.upper), i.method.rawValue, "", ""].joined(separator: ","))
                }
            }
            return rows.joined(separator: "\n") + "\n"
        case .table, .markdown:
            let md = format == .markdown
            var out: [String] = [md ? "## Observed outcomes: \(source)" : "Observed outcomes: \(source) (\(pairing.rawValue))", ""]
            let header = ["variant", "customers", "mean", "95% CI", "method", "median", "share < 0", "LTV/CAC"]
            let rows = variants.map { v -> [String] in
                let o = v.overall
                return [v.name, String(o.customers), o.mean.map { NumberStyle.money($0.estimate) } ?? "n/a",
                        o.mean.map { NumberStyle.interval([$0.interval.lower, $0.interval.upper]) } ?? "", o.mean?.interval.method.rawValue ?? "",
                        NumberStyle.money(o.quantiles.p50), NumberStyle.percent(o.shareNegative),
                        o.ltvCac.map { NumberStyle.fixed($0.ratio.estimate, 2) } ?? "n/a"]
            }
            if md {
                out.append("| " + header.joined(separator: " | ") + " |")
                out.append("|---|" + header.dropFirst().map { _ in "---:" }.joined(separator: "|") + "|")
                out += rows.map { "| " + $0.joined(separator: " | ") + " |" }
            } else {
                let all = [header] + rows
                let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
                out += all.map { r in r.enumerated().map { $0.offset == 0 ? $0.element.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }.joined(separator: "  ") }
            }
            if !verdicts.isEmpty {
                out.append("")
                out += verdicts.map { md ? "- \($0)" : $0 }
                if let set = comparisons, set.comparisons.count > 1 {
                    out.append("")
                    out.append("Multiplicity: Holm (1979) adjustment over \(set.comparisons.count) comparisons with \(set.baseline).")
                }
            }
            return out.joined(separator: "\n") + "\n"
        }
    }
}
