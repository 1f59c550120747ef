import Foundation

/// Renders `clvlab power` results.
public enum PowerRendering {
    static let header = ["n per arm", "power (sim)", "± SE", "power (normal)", "true lift", "est. lift p5", "p50", "p95", "MDE (sim)", "MDE (normal)"]

    static func cells(_ p: PowerStudy.Point) -> [String] {
        [String(p.customersPerArm), NumberStyle.fixed(p.power, 3), NumberStyle.fixed(p.powerStandardError, 3), NumberStyle.fixed(p.normalPower, 3),
         NumberStyle.fixed(p.trueLift, 4), NumberStyle.fixed(p.estimatedLiftP5, 4), NumberStyle.fixed(p.estimatedLiftP50, 4),
         NumberStyle.fixed(p.estimatedLiftP95, 4), NumberStyle.fixed(p.mdeSimulated, 4), NumberStyle.fixed(p.mdeNormal, 4)]
    }

    public static func render(_ points: [PowerStudy.Point], query: PowerStudy.Query, currency: String, format: OutputFormat,
                              footer: [String] = []) -> String {
        let title = "\(query.variant) vs \(query.scenario.variants[0].name): \(query.metric.rawValue) per customer over \(query.periods) \(query.scenario.horizon.period.rawValue)s, Welch t-test, α = \(query.alpha), \(query.tests) simulated tests per n"
        switch format {
        case .json:
            return (try? String(decoding: JSONRendering.render(points), as: UTF8.self)) ?? "[]\n"
        case .csv:
            return (["customers_per_arm,power,power_se,normal_power,true_lift,lift_p5,lift_p50,lift_p95,mde_simulated,mde_normal"]
                    + points.map { p in
                        [String(p.customersPerArm), CSVNumber.format(p.power), CSVNumber.format(p.powerStandardError), CSVNumber.format(p.normalPower), CSVNumber.format(p.trueLift),
                         CSVNumber.format(p.estimatedLiftP5), CSVNumber.format(p.estimatedLiftP50), CSVNumber.format(p.estimatedLiftP95), CSVNumber.format(p.mdeSimulated), CSVNumber.format(p.mdeNormal)].joined(separator: ",")
                    }).joined(separator: "\n") + "\n"
        case .markdown:
            return ([title, "", "| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---:" }.joined(separator: "|") + "|"]
                    + points.map { "| " + cells($0).joined(separator: " | ") + " |" } + (footer.isEmpty ? [] : [""] + footer)).joined(separator: "\n") + "\n"
        case .table:
            let rows = [header] + points.map(cells)
            let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
            let lines = rows.map { r in r.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }.joined(separator: "  ") }
            return ([title, ""] + [lines[0], widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + lines.dropFirst()
                    + (footer.isEmpty ? [] : [""] + footer)).joined(separator: "\n") + "\n"
        }
    }

    /// How the normal formula compares, in words (within ±10% counts as adequate: the search
    /// stops within 5% and the power estimates carry Monte Carlo error).
    static func verdict(simulated: Int, normal: Int) -> String {
        let ratio = Double(normal) / Double(max(simulated, 1))
        if ratio < 0.9 {
            return "The normal formula is optimistic here: with this outcome the t-test is weaker than σ suggests (skewed sampling distribution of the lift at this n)."
        }
        if ratio > 1.1 {
            return "The normal formula is pessimistic here: with a skewed outcome the per-test sample variance is usually below σ², so the t-test rejects more often than σ suggests."
        }
        return "The normal formula is adequate here (within 10%)."
    }

    public static func render(_ search: PowerStudy.Search, query: PowerStudy.Query, currency: String, format: OutputFormat) -> String {
        if format == .json {
            return (try? String(decoding: JSONRendering.render(search), as: UTF8.self)) ?? "{}\n"
        }
        let points = search.points.sorted { $0.customersPerArm < $1.customersPerArm }
        let footer = [
            "Customers per arm for \(NumberStyle.percent(search.targetPower)) power: \(search.simulatedCustomersPerArm) by simulation, \(search.normalCustomersPerArm) by the normal formula.",
            verdict(simulated: search.simulatedCustomersPerArm, normal: search.normalCustomersPerArm),
        ]
        return render(points, query: query, currency: currency, format: format, footer: format == .csv ? [] : footer)
    }
}
