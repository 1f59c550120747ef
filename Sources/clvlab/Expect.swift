import ArgumentParser
import CLVReport
import CLVWorkflows
import Foundation

struct Expect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What a fitted model expects of a new customer: E[X(t)] and its value, or an sBG cohort's survival.",
        discussion: """
            For a customer acquired at time 0: the expected repeat purchases E[X(t)] in (0, t] at each \
            --at time (in the model's period; fractions allowed) and, with a Gamma-Gamma --spend-model, \
            their expected value discounted at period ends × E[Z] × --margin. For an sBG model: the share \
            still subscribed after t periods and the expected periods paid in the first t.

            Example:
              clvlab expect --model data/fits/cdnow-bgnbd.json --spend-model data/fits/cdnow-gamma-gamma.json --at 13,26,39,52,78
            """)

    @Option(help: "Fitted bgnbd, paretonbd or sbg model file.") var model: String
    @Option(help: "Fitted gamma_gamma model file, for the expected value.") var spendModel: String?
    @Option(help: "Times, in the model's period, comma-separated (e.g. 13,26,52).") var at: String
    @Option(parsing: .unconditional, help: "Annual discount rate for the expected value.") var annualDiscountRate = 0.10
    @Option(parsing: .unconditional, help: "Margin applied to expected spend.") var margin = 1.0
    @Option(name: .shortAndLong, help: "Output format: table, csv or json.") var format: OutputFormat = .table

    func times() throws -> [Double] {
        let parts = at.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try parts.map { p in
            guard let t = Double(p), t.isFinite, t >= 0, t <= Double(OptionRange.maxHorizon) else {
                throw ValidationError("--at: expected times in [0, \(OptionRange.maxHorizon)] separated by commas, found '\(p)'")
            }
            return t
        }
    }

    func validate() throws {
        _ = try times()
        guard (0...1).contains(margin) else { throw ValidationError("--margin must be in [0, 1]") }
        guard annualDiscountRate.isFinite, (0...1).contains(annualDiscountRate) else { throw ValidationError("--annual-discount-rate must be in [0, 1]") }
        guard format != .markdown else { throw ValidationError("--format: expected table, csv or json") }
    }

    func run() throws {
        let o = try ExpectWorkflow.run(model: model, spendModel: spendModel, at: try times(), annualDiscountRate: annualDiscountRate, margin: margin)
        let headers = ["t", o.quantity] + (o.valueName.map { [$0] } ?? [])
        // Full precision in CSV and JSON; four decimals in the table.
        let number: (Double) -> String = format == .csv ? { CSVNumber.format($0) } : { String(format: "%.4f", $0) }
        let rows = o.rows.map { r in [CSVNumber.format(r.t), number(r.expected)] + (o.valueName == nil ? [] : [r.value.map(number) ?? ""]) }
        switch format {
        case .csv: print(([headers] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n"))
        case .json:
            let objects = o.rows.map { r -> [String: Any] in
                var d: [String: Any] = ["t": r.t, o.quantity: r.expected]
                if let name = o.valueName, let v = r.value { d[name] = v }
                return d
            }
            let doc: [String: Any] = ["model": o.model, "period": o.period ?? NSNull(), "rows": objects]
            let data = try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        default:
            print("\(o.model) model, a new customer acquired at t = 0, t in \(o.period.map { $0 + "s" } ?? "periods")")
            let widths = headers.indices.map { c in ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
            for line in [headers] + rows {
                print(line.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }.joined(separator: "  "))
            }
        }
    }
}
