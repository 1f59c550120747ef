import Foundation

/// The decision box that leads the terminal summary, report.md and report.html: per campaign
/// variant, the verdict, the incremental value and campaign cost in money over the base, ROI
/// with both intervals, P(loss), the payback period and the waterfall.
enum DecisionRendering {
    /// The box as plain lines (terminal; report.md wraps them in a list).
    static func lines(_ s: Summary) -> [String] {
        let decided = s.comparisons.compactMap { c in c.decision.map { (c, $0) } }
        guard let first = decided.first?.1 else { return [] }
        var out = ["Decision over a base of \(grouped(Double(first.baseSize), 0)) customers (\(s.currency), discounted over \(s.periods) \(s.period)s):"]
        for (c, d) in decided {
            out.append("  \(c.variant): \(d.verdict.uppercased()) — \(reason(d))")
            out.append("    " + valueLine(d))
            out.append("    " + costLine(d))
            if let b = d.breakEven { out.append("    break-even: " + b.statement) }
            if let advice = d.advice { out.append("    note: \(advice)") }
        }
        return out
    }

    /// The box in Markdown: a list per variant, then each variant's waterfall table.
    static func markdown(_ s: Summary) -> [String] {
        let decided = s.comparisons.compactMap { c in c.decision.map { (c, $0) } }
        guard let first = decided.first?.1 else { return [] }
        var out = ["### Decision over a base of \(grouped(Double(first.baseSize), 0)) customers (\(s.currency), discounted over \(s.periods) \(s.period)s)", ""]
        for (c, d) in decided {
            out.append("- **\(c.variant): \(d.verdict)** — \(reason(d))")
            out += ["  - " + valueLine(d), "  - " + costLine(d)]
            if let b = d.breakEven { out.append("  - break-even: " + MarkdownText.escape(b.statement)) }
            if let advice = d.advice { out.append("  - note: \(advice)") }
        }
        for (c, d) in decided where !d.waterfall.isEmpty {
            out += ["", "#### From margin to incremental value: \(c.variant)", "",
                    "| step | per customer | over the base |", "|---|---:|---:|"]
            out += waterfallRows(d).map { "| " + $0.joined(separator: " | ") + " |" }
        }
        return out + [""]
    }

    /// The box in HTML: one bordered block per variant, coloured by its verdict, with its waterfall.
    static func html(_ s: Summary) -> String {
        let e = SVGCanvas.escape
        let decided = s.comparisons.compactMap { c in c.decision.map { (c, $0) } }
        guard let first = decided.first?.1 else { return "" }
        var out = ["<h2 id=\"decision\">Decision over a base of \(grouped(Double(first.baseSize), 0)) customers (\(e(s.currency)), discounted over \(s.periods) \(e(s.period))s)</h2>"]
        for (c, d) in decided {
            out.append("<div class=\"decision \(cssClass(d.verdict))\"><h3>\(e(c.variant)): \(e(d.verdict))</h3>")
            out.append("<p>\(e(reason(d)))</p><p>\(e(valueLine(d)))</p><p>\(e(costLine(d)))</p>")
            if let b = d.breakEven { out.append("<p class=\"break-even\">Break-even: \(e(b.statement))</p>") }
            if let advice = d.advice { out.append("<p class=\"note\">\(e(advice))</p>") }
            if !d.waterfall.isEmpty {
                out.append(HTMLReport.table(["from margin to incremental value", "per customer", "over the base"], waterfallRows(d)))
            }
            out.append("</div>")
        }
        return out.joined(separator: "\n")
    }

    /// The statement without its leading verdict word.
    static func reason(_ d: DecisionReport) -> String {
        guard let colon = d.statement.firstIndex(of: ":") else { return d.statement }
        return d.statement[d.statement.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// "incremental value +24,162 [MC 15,825 to 32,499; assumptions −11,014 to 61,326]".
    static func valueLine(_ d: DecisionReport) -> String {
        let t = d.total
        var line = "incremental value \(signedMoney(t.incrementalValue)) [MC \(money(t.ci95[0])) to \(money(t.ci95[1]))"
        if let a = t.assumptionInterval95 { line += "; assumptions \(money(a[0])) to \(money(a[1]))" }
        return line + "] = \(NumberStyle.fixed(d.perCustomer.incrementalValue, 4)) per customer"
    }

    /// "campaign cost 325,270; ROI 0.074× [MC …; assumptions …]; P(loss) 10%; payback period 28".
    static func costLine(_ d: DecisionReport) -> String {
        var line = "campaign cost \(money(d.total.campaignCost))"
        if let r = d.roi {
            line += "; ROI \(NumberStyle.fixed(r.estimate, 3))× [MC \(NumberStyle.fixed(r.ci95[0], 3)) to \(NumberStyle.fixed(r.ci95[1], 3))"
            if let a = r.assumptionInterval95 { line += "; assumptions \(NumberStyle.fixed(a[0], 3)) to \(NumberStyle.fixed(a[1], 3))" }
            line += "]"
        }
        if let p = d.probabilityOfLoss { line += "; P(loss) \(NumberStyle.percent(p)) of \(d.replications) replications" }
        return line + "; payback \(d.payback)"
    }

    /// The waterfall as table rows: step, per customer, total over the base.
    static func waterfallRows(_ d: DecisionReport) -> [[String]] {
        var rows = d.waterfall.map { [$0.label, NumberStyle.fixed($0.perCustomer, 4), signedMoney($0.total)] }
        rows.append(["= incremental value", NumberStyle.fixed(d.perCustomer.incrementalValue, 4), signedMoney(d.total.incrementalValue)])
        return rows
    }

    /// CSS class of a verdict: colours follow the decision, not the Monte Carlo p-value.
    static func cssClass(_ verdict: String?) -> String {
        switch verdict {
        case "gain": return "good"
        case "loss": return "bad"
        case "uncertain": return "unsure"
        default: return ""
        }
    }

    /// Money over a base: whole units with thousands separators from 1,000 up, cents below.
    static func money(_ v: Double) -> String { grouped(v, abs(v) >= 1000 ? 0 : 2) }

    static func signedMoney(_ v: Double) -> String {
        let s = money(v)
        return s.hasPrefix("-") || s == "0" || s == "0.00" ? s : "+" + s
    }

    static func grouped(_ v: Double, _ digits: Int) -> String {
        let plain = NumberStyle.fixed(v, digits)
        guard v.isFinite else { return plain }
        let negative = plain.hasPrefix("-")
        let body = negative ? String(plain.dropFirst()) : plain
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0]), groupedWhole = ""
        while whole.count > 3 {
            groupedWhole = "," + whole.suffix(3) + groupedWhole
            whole.removeLast(3)
        }
        groupedWhole = whole + groupedWhole
        return (negative ? "-" : "") + groupedWhole + (parts.count > 1 ? "." + parts[1] : "")
    }
}
