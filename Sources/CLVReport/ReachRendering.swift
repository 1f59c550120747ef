/// The reach table (who an intervention got to) and the warnings, in every format: terminal,
/// report.md, report.html and `reach.csv`.
///
/// Counts are shown over the base (`population.base_size`), rounded to whole customers; the
/// CSV has both the simulated means and the base figures.
public enum ReachRendering {
    static let headers = ["variant", "intervention", "eligible", "targeted", "share of base", "contacts", "enrolled", "enrolment rate",
                          "treated periods"]

    static func rows(_ s: Summary) -> [[String]] {
        (s.reach ?? []).map { r in
            [r.variant, r.intervention, count(r.base.eligible), count(r.base.targeted), ReachReport.percent(r.shareTargeted),
             count(r.base.contacts), count(r.base.enrolled), r.enrolmentRate.map(ReachReport.percent) ?? "n/a", count(r.base.treatedPeriods)]
        }
    }

    static func count(_ x: Double) -> String { DecisionRendering.grouped(x.rounded(), 0) }

    static func note(_ s: Summary) -> String? {
        guard let first = s.reach?.first else { return nil }
        return "Counts per replication over a base of \(count(Double(first.baseSize))) customers (mean of \(first.replications) "
            + "replication\(first.replications == 1 ? "" : "s")); eligible = live at the intervention's start in a targeted segment"
            + (s.scenarioEcho.population.customerBase == nil ? ", "
               : " (with the real customers the model draws as gone before period 1: the firm still contacts them, they never enrol), ")
            + "contacts count every re-contact, treated periods are customer-periods enrolled within the window."
    }

    /// Plain lines for the terminal summary.
    static func lines(_ s: Summary) -> [String] {
        var out: [String] = []
        let body = rows(s)
        if !body.isEmpty {
            let all = [headers] + body
            let widths = headers.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { c, cell in
                    c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                          : String(repeating: " ", count: widths[c] - cell.count) + cell
                }.joined(separator: "  ")
            }
            out += ["Reach over the base:", line(headers)] + body.map(line)
        }
        // The warnings go to stderr as the run ends, not into the table on stdout.
        return out
    }

    static func markdown(_ s: Summary) -> [String] {
        var out: [String] = []
        if let warnings = s.warnings, !warnings.isEmpty {
            out += ["### Warnings", ""] + warnings.map { "- " + MarkdownText.escape($0) }
            if !rows(s).isEmpty { out.append("") }
        }
        let body = rows(s)
        guard !body.isEmpty else { return out }
        out += ["### Reach", "", "| " + headers.joined(separator: " | ") + " |",
                "|---|---|" + String(repeating: "---:|", count: headers.count - 2)]
        out += body.map { "| " + $0.map(MarkdownText.escape).joined(separator: " | ") + " |" }
        if let note = note(s) { out += ["", "_\(note)_"] }
        return out
    }

    static func html(_ s: Summary) -> String {
        let e = SVGCanvas.escape
        var out: [String] = []
        if let warnings = s.warnings, !warnings.isEmpty {
            out.append("<h2 id=\"warnings\">Warnings</h2><ul class=\"warnings\">" + warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        }
        let body = rows(s)
        if !body.isEmpty {
            out.append("<h2 id=\"reach\">Reach</h2>")
            out.append("<div class=\"scroll\">" + HTMLReport.table(headers, body) + "</div>")
            if let note = note(s) { out.append("<p class=\"note\">\(e(note))</p>") }
        }
        return out.joined(separator: "\n")
    }

    /// `reach.csv`: one row per variant and intervention, simulated means and base figures.
    public static func csv(_ s: Summary) -> String {
        let fields = ["eligible", "targeted", "contacts", "enrolled", "treated_periods"]
        var lines = [(["variant", "intervention", "replications", "customers", "base_size"] + fields.map { "simulated_" + $0 }
                      + fields.map { "base_" + $0 } + ["share_targeted", "enrolment_rate"]).joined(separator: ",")]
        for r in s.reach ?? [] {
            func values(_ c: ReachReport.Counts) -> [String] {
                [c.eligible, c.targeted, c.contacts, c.enrolled, c.treatedPeriods].map { CSVNumber.format($0) }
            }
            let cells = [CSVRendering.field(r.variant), CSVRendering.field(r.intervention), String(r.replications), String(r.customers),
                         String(r.baseSize)] + values(r.simulated) + values(r.base)
                + [CSVNumber.format(r.shareTargeted), CSVNumber.format(r.enrolmentRate)]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
