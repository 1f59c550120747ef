/// Output formats of the command-line tool.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv, markdown
}

/// Numbers as people read them: 2 decimals for money, 3 significant-ish for shares.
enum NumberStyle {
    static func money(_ v: Double) -> String { fixed(v, 2) }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        if !v.isFinite { return v.isNaN ? "n/a" : (v > 0 ? "∞" : "-∞") }
        var s = String(format: "%.\(digits)f", v)
        if s.hasPrefix("-") && Double(s) == 0 { s.removeFirst() }
        return s
    }

    static func percent(_ v: Double) -> String { fixed(v * 100, 1) + "%" }

    static func interval(_ ci: [Double], _ digits: Int = 2) -> String {
        "[\(fixed(ci[0], digits)), \(fixed(ci[1], digits))]"
    }

    /// Full precision for machine-readable CSV: ``CSVNumber``'s policy.
    static func exact(_ v: Double) -> String { CSVNumber.format(v) }
}

import Foundation

import CLVEvaluation

extension QuantileSet {
    /// (name, value) pairs in order: p1 … p99.
    var all: [(String, Double)] {
        zip(["p1", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99"], values).map { ($0, $1) }
    }
}
