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
        case summary(path: String)
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
            case .summary(let path):
                let (x, tx, T, m) = try Calibration.readSummary(path: path)
                return try fitSummary(input.model, x: x, tx: tx, T: T, m: m, rfm: nil, period: nil)
            case .log(let path, let reading):
                let (s, _) = try reading.summarize(path, log: log)
                return try fitSummary(input.model, x: s.customers.map(\.frequency), tx: s.customers.map(\.recency),
                                      T: s.customers.map(\.age), m: s.customers.map(\.monetaryValue),
                                      rfm: reading.calibrationEnd != nil ? s : nil, period: s.period)
            }
        } catch let e as FitError {
            throw InputProblem("the \(input.model.rawValue) fit failed: \(e)")
        }
    }

    static func fitSurvivors(path: String, fitPeriods: Int?) throws -> Outcome {
        let (counts, unit) = try Calibration.readSurvivors(path: path)
        let k = min(fitPeriods ?? (counts.count - 1), counts.count - 1)
        guard k >= 1 else { throw InputProblem("\(path): need at least two survivor counts") }
        let result = try ShiftedBetaGeometric.fit(survivors: Array(counts[0...k]))
        var notes: [String] = []
        if k < counts.count - 1 {
            let projected = result.parameters.projectSurvivors(initial: counts[0], through: counts.count - 1)
            notes = CalibrationRendering.survivorProjection(unit: unit, actual: counts, projected: projected, fittedThrough: k)
        }
        return Outcome(fitted: result.fittedModel(periodLabel: unit), notes: notes)
    }

    /// A frequency/recency (or spend) model on per-customer summaries; `rfm` (with a holdout)
    /// adds the calibration/holdout check, `period` is recorded in the model file.
    static func fitSummary(_ model: ModelKind, x: [Int], tx: [Double], T: [Double], m: [Double]?,
                           rfm: RFMSummary?, period: CLVModels.PeriodUnit?) throws -> Outcome {
        switch model {
        case .bgnbd:
            let r = try BGNBD.fit(try FrequencyRecencyData(frequency: x, recency: tx, age: T))
            return Outcome(fitted: r.fittedModel(period: period), notes: rfm.map { rfm in
                [CalibrationRendering.holdoutCheck(rfm) {
                    r.parameters.conditionalExpectedPurchases(rfm.holdoutLength, frequency: $0.frequency, recency: $0.recency, age: $0.age)
                }]
            } ?? [])
        case .paretonbd:
            let r = try ParetoNBD.fit(try FrequencyRecencyData(frequency: x, recency: tx, age: T))
            return Outcome(fitted: r.fittedModel(period: period), notes: rfm.map { rfm in
                [CalibrationRendering.holdoutCheck(rfm) {
                    r.parameters.conditionalExpectedPurchases(rfm.holdoutLength, frequency: $0.frequency, recency: $0.recency, age: $0.age)
                }]
            } ?? [])
        case .gammaGamma:
            guard let m else { throw InputProblem("gamma_gamma needs monetary values (a zbar or monetary_value column)") }
            let keep = x.indices.filter { x[$0] > 0 && m[$0] > 0 }
            let r = try GammaGamma.fit(frequency: keep.map { x[$0] }, monetaryValue: keep.map { m[$0] })
            return Outcome(fitted: r.fittedModel(period: period), notes: [
                "", "fitted on the \(keep.count) customers with repeat purchases; mean spend per purchase p·γ/(q − 1) = "
                    + String(format: "%.2f", r.parameters.p * r.parameters.gamma / (r.parameters.q - 1))])
        default:
            throw InputProblem("--model sbg needs --survivors FILE")
        }
    }
}
