import CLVSimulation
import Foundation

/// Renders `clvlab quick` answers.
public enum QuickRendering {
    public static func render(_ answers: [QuickAnswer], format: OutputFormat) -> String {
        switch format {
        case .json:
            return (try? String(decoding: JSONRendering.render(answers), as: UTF8.self)) ?? "[]\n"
        case .csv:
            return (["formula,inputs,value,unit,note"] + answers.map {
                [CSVRendering.field($0.formula), CSVRendering.field($0.inputs), CSVNumber.format($0.value), $0.unit, CSVRendering.field($0.note ?? "")]
                    .joined(separator: ",")
            }).joined(separator: "\n") + "\n"
        case .markdown:
            return (["| formula | inputs | value | |", "|---|---|---:|---|"] + answers.map {
                "| \($0.formula) | \($0.inputs) | \(NumberStyle.fixed($0.value, 2)) | \($0.unit)\($0.note.map { " — " + $0 } ?? "") |"
            }).joined(separator: "\n") + "\n"
        case .table:
            return answers.map {
                "\($0.formula)\n    \($0.inputs) = \(NumberStyle.fixed($0.value, 2)) \($0.unit)" + ($0.note.map { "  (\($0))" } ?? "")
            }.joined(separator: "\n") + "\n"
        }
    }

    public static func render(_ bridge: FormulaBridge, scenario: String, customers: Int, currency: String, format: OutputFormat) -> String {
        switch format {
        case .json:
            struct Doc: Encodable {
                var scenario: String, customers: Int, currency: String
                var steps: [FormulaBridge.Step]
                var simulatedHalfWidth95: Double
                enum CodingKeys: String, CodingKey { case scenario, customers, currency, steps, simulatedHalfWidth95 = "simulated_half_width95" }
            }
            let doc = Doc(scenario: scenario, customers: customers, currency: currency, steps: bridge.steps, simulatedHalfWidth95: bridge.simulatedHalfWidth)
            return (try? String(decoding: JSONRendering.render(doc), as: UTF8.self)) ?? "{}\n"
        case .csv:
            return (["step,value,change,explanation"] + rows(bridge).map {
                "\(CSVRendering.field($0.0)),\(CSVNumber.format($0.1)),\(CSVNumber.format($0.2)),\(CSVRendering.field($0.3))"
            }).joined(separator: "\n") + "\n"
        case .markdown:
            return (["Gross CLV per customer (\(currency)), \(scenario), control variant:", "", "| step | value | change | why |", "|---|---:|---:|---|"] + rows(bridge).map {
                "| \($0.0) | \(NumberStyle.money($0.1)) | \($0.2.isNaN ? "" : NumberStyle.money($0.2)) | \($0.3) |"
            }).joined(separator: "\n") + "\n"
        case .table:
            var out = ["Gross CLV per customer (\(currency)), \(scenario), control variant, simulated on \(customers) customers:", ""]
            for (name, value, change, why) in rows(bridge) {
                let c = change.isNaN ? "" : " (\(change >= 0 ? "+" : "")\(NumberStyle.money(change)))"
                out.append("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(NumberStyle.money(value))\(c)")
                out.append("      \(why)")
            }
            out.append("")
            out.append("  simulated ± \(NumberStyle.money(bridge.simulatedHalfWidth)) (95% Monte Carlo)")
            return out.joined(separator: "\n") + "\n"
        }
    }

    static func rows(_ b: FormulaBridge) -> [(String, Double, Double, String)] {
        b.steps.enumerated().map { i, s in (s.name, s.value, i == 0 ? .nan : s.value - b.steps[i - 1].value, s.explanation) }
    }
}
