import CLVEvaluation
import CLVReport
import Foundation

extension ObservedComparison {
    /// `clvlab compare --observed`: read the outcome CSV, summarise every arm and compare each with
    /// the baseline through CLVEvaluation — the same evaluator as for simulations, unpaired unless
    /// `paired` (Welch intervals; bootstrap for quantiles).
    public static func evaluate(_ data: Data, source: String, baseline: String?, currency: String, paired: Bool,
                                bootstrap: BootstrapSettings) throws -> ObservedComparison {
        let table = try OutcomeCSV.read(data, pairing: paired ? .paired : .independent)
        let stats = try table.statistics(maxBins: 40)
        let base = baseline ?? table.variants[0].name
        _ = try table.variant(named: base)
        var set: ComparisonSet?
        var verdicts: [String] = []
        if table.variants.count > 1 {
            // 0 resamples skips the quantile differences altogether (no zero-width interval of 1 resample).
            let s = try table.compareAll(with: base, options: ComparisonOptions(
                quantiles: bootstrap.resamples > 0 ? [0.5] : [],
                bootstrap: BootstrapSettings(resamples: max(bootstrap.resamples, 1), seed: bootstrap.seed)))
            set = s
            verdicts = s.comparisons.map { c in
                Verdict.line(c, ltvCac: stats.first { $0.name == c.variant }?.overall.ltvCac, currency: currency)
            }
        }
        return ObservedComparison(source: source, pairing: table.pairing, currency: currency, variants: stats, comparisons: set, verdicts: verdicts)
    }
}
