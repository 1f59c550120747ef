import CLVModels
import CLVReport
import Foundation

/// `clvlab fit`: maximum-likelihood fit of one model on a transaction log, a ready summary, or
/// survivor counts, with the holdout check or survivor projection that goes with it.
public enum FitWorkflow {
    /// Where the data come from.
    public enum Source: Sendable {
        /// A transaction log read as `summarize` reads it.
        case log(path: String, reading: LogReading)
        /// A per-customer summary file (x, t_x, T[, zbar] or frequency, recency, T[, monetary_value]).
        /// `period`: the unit the summary's t_x and T are in (`--period`), recorded in the model file.
        case summary(path: String, period: String = "week")
        /// Survivor counts `period,survivors` (sBG); fit on the first `fitPeriods` periods.
        case survivors(path: String, fitPeriods: Int?)
    }

    public struct Input: Sendable {
        public var source: Source
        public var model: ModelKind
        public init(source: Source, model: ModelKind) { self.source = source; self.model = model }
    }

    public struct Outcome: Sendable {
        /// The model file's content.
        public var fitted: FittedModel
        /// Lines printed under the estimates: the holdout check, the survivor projection, notes.
        public var notes: [String]
    }

    public static func run(_ input: Input, log: WorkflowLog = .silent) throws -> Outcome {
        do {
            switch input.source {
            case .survivors(let path, let fitPeriods):
                return try fitSurvivors(path: path, fitPeriods: fitPeriods)
            case .summary(let path, let period):
                guard let unit = CLVModels.PeriodUnit(rawValue: period) else {
                    throw InputProblem("--period: expected day, week, month, quarter or year, found '\(period)'")
                }
                let (x, tx, T, m) = try Calibration.readSummary(path: path)
                return try fitSummary(input.model, x: x, tx: tx, T: T, m: m, rfm: nil, period: unit)
            case .log(let path, let reading):
                let (s, _) = try reading.summarize(path, log: log)
                return try fitSummary(input.model, x: s.customers.map(\.frequency), tx: s.customers.map(\.recency),
                                      T: s.customers.map(\.age), m: s.customers.map(\.monetaryValue),
                                      rfm: reading.calibrationEnd != nil ? s : nil, period: s.period, ids: s.customers.map(\.customerID))
            }
        } catch let e as FitError {
            throw InputProblem("the \(input.model.rawValue) fit failed: \(e)")
        }
    }

    static func fitSurvivors(path: String, fitPeriods: Int?) throws -> Outcome {
        let (counts, unit) = try Calibration.readSurvivors(path: path)
        let k = min(fitPeriods ?? (counts.count - 1), counts.count - 1)
        guard k >= 1 else { throw InputProblem("\(path): need at least two survivor counts") }
        let fit = try fitThroughRegistry(.sbg, CalibrationData(retention: .survivors(Array(counts[0...k]))))
        var notes: [String] = []
        if k < counts.count - 1, let lifetime = fit.model as? any LifetimeProcess {
            let projected = (0..<counts.count).map { counts[0] * lifetime.probabilityAlive(at: Double($0)) }
            notes = CalibrationRendering.survivorProjection(unit: unit, actual: counts, projected: projected, fittedThrough: k)
        }
        return Outcome(fitted: fit.fittedModel(periodLabel: unit), notes: notes)
    }

    /// Any registered model on per-customer summaries; `rfm` (with a holdout) adds the
    /// calibration/holdout check for transaction models, `period` is recorded in the model file.
    static func fitSummary(_ kind: ModelKind, x: [Int], tx: [Double], T: [Double], m: [Double]?,
                           rfm: RFMSummary?, period: CLVModels.PeriodUnit?, ids: [String]? = nil) throws -> Outcome {
        var data = CalibrationData(frequency: x, recency: tx, age: T, monetaryValue: m)
        data.customerIDs = ids
        let fit = try fitThroughRegistry(kind, data)
        var notes: [String] = []
        if let rfm, let purchases = fit.model as? any PurchaseModel {
            notes.append(CalibrationRendering.holdoutCheck(rfm) {
                purchases.conditionalExpectedPurchases(rfm.holdoutLength, frequency: $0.frequency, recency: $0.recency, age: $0.age)
            })
        }
        if let spend = fit.model as? any MonetaryValueModel {
            notes += ["", "fitted on the \(fit.customers) customers with repeat purchases; mean spend per purchase p·γ/(q − 1) = "
                      + String(format: "%.2f", spend.expectedSpend)]
        }
        return Outcome(fitted: fit.fittedModel(period: period), notes: notes)
    }

    /// The one fit call: the registry picks the model; data it cannot use is an input problem
    /// that says what the model needs.
    static func fitThroughRegistry(_ kind: ModelKind, _ data: CalibrationData) throws -> ModelFit {
        let model = try ModelRegistry.model(for: kind)
        if model.calibrationInput == .renewals && !data.contains(.renewals) { throw InputProblem("--model \(kind.rawValue) needs --survivors FILE") }
        // Through a `Result`: a typed catch around a call on an existential metatype crashes
        // Swift 6.3's SILGen.
        switch Result(catching: { () throws(FitError) -> ModelFit in try model.fitModel(data) }) {
        case .success(let fit): return fit
        case .failure(.missingData(let need)): throw InputProblem(need)
        case .failure(let error): throw error
        }
    }
}
