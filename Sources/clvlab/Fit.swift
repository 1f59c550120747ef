import ArgumentParser
import CLVModels
import CLVReport
import Foundation

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a buy-till-you-die model (BG/NBD, Pareto/NBD, Gamma-Gamma, sBG) by maximum likelihood.",
        discussion: """
            Input: a transaction log (summarised as clvlab summarize does), a ready summary \
            (--summary FILE with columns x,t_x,T[,zbar] or frequency,recency,T[,monetary_value]), \
            or survivor counts for sBG (--survivors FILE with period,survivors; --fit-periods K fits \
            on the first K periods and projects the rest). Writes the model file (--output, JSON: \
            model, parameters, standard_errors, log_likelihood, customers, period, converged, \
            data_fingerprint) and prints the estimates with standard errors. With \
            --calibration-end, BG/NBD and Pareto/NBD fits print a holdout check.

            Examples:
              clvlab fit data/cdnow/CDNOW_sample.txt --preset cdnow-sample --calibration-end 1997-09-30 \\
                --model bgnbd --output fits/cdnow-bgnbd.json
              clvlab fit --survivors data/sbg/regular.csv --fit-periods 7 --model sbg
            """)

    @Argument(help: "Transaction log (omit with --summary or --survivors).") var log: String?
    @OptionGroup var transactions: TransactionOptions
    @Option(help: "Model: bgnbd, paretonbd, gamma_gamma or sbg.") var model: ModelKind
    @Option(help: "A ready per-customer summary instead of a log.") var summary: String?
    @Option(help: "Survivor counts for sbg: period,survivors.") var survivors: String?
    @Option(help: "sbg: fit on the first K periods (after period 0) and project the rest.") var fitPeriods: Int?
    @Option(name: .shortAndLong, help: "Write the model file here.") var output: String?
    @Option(name: .shortAndLong, help: "Output format: table or json.") var format: OutputFormat = .table

    func validate() throws {
        let sources = [log != nil, summary != nil, survivors != nil].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of: a transaction log, --summary FILE, --survivors FILE") }
        if survivors != nil && model != .sbg { throw ValidationError("--survivors goes with --model sbg") }
        if model == .sbg && survivors == nil { throw ValidationError("--model sbg needs --survivors FILE") }
        if let k = fitPeriods, k < 1 { throw ValidationError("--fit-periods must be at least 1") }
    }

    func run() throws {
        var extra: [String] = []
        let fitted: FittedModel
        do {
            if let survivors {
                let (counts, unit) = try Calibration.readSurvivors(path: survivors)
                let k = min(fitPeriods ?? (counts.count - 1), counts.count - 1)
                guard k >= 1 else { throw Calibration.Problem("\(survivors): need at least two survivor counts") }
                let result = try ShiftedBetaGeometric.fit(survivors: Array(counts[0...k]))
                fitted = result.fittedModel(periodLabel: unit)
                if k < counts.count - 1 {
                    let projected = result.parameters.projectSurvivors(initial: counts[0], through: counts.count - 1)
                    extra.append("")
                    extra.append("\(unit.padding(toLength: 6, withPad: " ", startingAt: 0))  actual  projected")
                    for t in 0..<counts.count {
                        extra.append(String(format: "%6d  %6.0f  %9.1f%@", t, counts[t], projected[t], t > k ? "  (projection)" : ""))
                    }
                }
            } else {
                let unit = CLVModels.PeriodUnit(rawValue: transactions.period)
                var x: [Int], tx: [Double], T: [Double], m: [Double]?
                var rfm: RFMSummary?
                if let summary {
                    (x, tx, T, m) = try Calibration.readSummary(path: summary)
                } else {
                    let (s, _) = try transactions.summarize(log!)
                    rfm = s
                    x = s.customers.map(\.frequency); tx = s.customers.map(\.recency); T = s.customers.map(\.age)
                    m = s.customers.map(\.monetaryValue)
                }
                switch model {
                case .bgnbd:
                    let r = try BGNBD.fit(try FrequencyRecencyData(frequency: x, recency: tx, age: T))
                    fitted = r.fittedModel(period: summary == nil ? unit : nil)
                    if let rfm, transactions.calibrationEnd != nil {
                        extra.append(Calibration.holdoutCheck(rfm) {
                            r.parameters.conditionalExpectedPurchases(rfm.holdoutLength, frequency: $0.frequency, recency: $0.recency, age: $0.age)
                        })
                    }
                case .paretonbd:
                    let r = try ParetoNBD.fit(try FrequencyRecencyData(frequency: x, recency: tx, age: T))
                    fitted = r.fittedModel(period: summary == nil ? unit : nil)
                    if let rfm, transactions.calibrationEnd != nil {
                        extra.append(Calibration.holdoutCheck(rfm) {
                            r.parameters.conditionalExpectedPurchases(rfm.holdoutLength, frequency: $0.frequency, recency: $0.recency, age: $0.age)
                        })
                    }
                case .gammaGamma:
                    guard let m else { throw Calibration.Problem("gamma_gamma needs monetary values (a zbar or monetary_value column)") }
                    let keep = x.indices.filter { x[$0] > 0 && m[$0] > 0 }
                    let r = try GammaGamma.fit(frequency: keep.map { x[$0] }, monetaryValue: keep.map { m[$0] })
                    fitted = r.fittedModel(period: summary == nil ? unit : nil)
                    extra.append("")
                    extra.append("fitted on the \(keep.count) customers with repeat purchases; mean spend per purchase p·γ/(q − 1) = "
                                 + String(format: "%.2f", r.parameters.p * r.parameters.gamma / (r.parameters.q - 1)))
                case .sbg:
                    throw Calibration.Problem("unreachable")
                }
            }
        } catch let e as Calibration.Problem {
            throw inputError(e.description)
        } catch let e as FitError {
            throw inputError("the \(model.rawValue) fit failed: \(e)")
        }
        if let output {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try emit(String(decoding: try encoder.encode(fitted), as: UTF8.self) + "\n", to: output)
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(fitted), as: UTF8.self))
        } else {
            print(Calibration.table(fitted, extra: extra), terminator: "")
        }
    }
}

extension ModelKind: ExpressibleByArgument {}
