/// `comparisons.csv`: one row per variant against the baseline with every number of its
/// decision (summary.json `comparisons[].decision`), for analysts who redo a figure in pandas.
/// Money is discounted; `*_total` columns are per-customer values × `base_size`; an empty
/// field is a number that does not exist for the run (e.g. P(gain) without uncertain inputs).
public enum ComparisonsCSV {
    static let waterfallSteps = ["margin_at_list_price", "discount_subsidy", "rewards", "contacts_and_memberships", "cost_to_serve", "fixed_costs"]

    public static let header: [String] = [
        "variant", "baseline", "verdict", "probability_of_gain", "probability_of_loss", "replications", "base_size",
        "incremental_value", "ci95_low", "ci95_high", "assumption95_low", "assumption95_high",
        "incremental_value_total", "ci95_low_total", "ci95_high_total", "assumption95_low_total", "assumption95_high_total",
        "campaign_cost", "campaign_cost_total", "roi", "roi_ci95_low", "roi_ci95_high", "roi_assumption95_low", "roi_assumption95_high",
        "payback_period", "significant", "adjusted_p_value",
    ] + waterfallSteps

    public static func render(_ s: Summary) -> String {
        var rows = [header.joined(separator: ",")]
        for c in s.comparisons {
            guard let d = c.decision else { continue }
            func n(_ v: Double?) -> String { CSVNumber.format(v) }
            let p = d.perCustomer, t = d.total
            var cells: [String] = [CSVRendering.field(c.variant), CSVRendering.field(c.baseline), d.verdict,
                                   n(d.probabilityOfGain), n(d.probabilityOfLoss), String(d.replications), String(d.baseSize)]
            cells += [n(p.incrementalValue), n(p.ci95[0]), n(p.ci95[1]), n(p.assumptionInterval95?[0]), n(p.assumptionInterval95?[1])]
            cells += [n(t.incrementalValue), n(t.ci95[0]), n(t.ci95[1]), n(t.assumptionInterval95?[0]), n(t.assumptionInterval95?[1])]
            cells += [n(p.campaignCost), n(t.campaignCost)]
            cells += [n(d.roi?.estimate), n(d.roi?.ci95[0]), n(d.roi?.ci95[1]), n(d.roi?.assumptionInterval95?[0]), n(d.roi?.assumptionInterval95?[1])]
            cells.append(d.paybackPeriod.map(String.init) ?? "")
            cells.append(c.grossMeanDifference.significant.map { $0 ? "true" : "false" } ?? "")
            cells.append(n(c.grossMeanDifference.adjustedPValue))
            cells += waterfallSteps.map { step in n(d.waterfall.first { $0.step == step }?.perCustomer) }
            rows.append(cells.joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
