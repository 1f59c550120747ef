import CLVModels
import CLVReport
import Dispatch
import Stochastic

/// `score --intervals N`: each customer's P(alive), expected purchases and expected value
/// recomputed under N draws of the models' parameters from the estimates' asymptotic normal on
/// the log scale (``ParameterUncertainty``; draw k keyed by k, so the bands are reproducible),
/// and their 2.5–97.5 % percentiles (type 7). Customers are scored in parallel chunks, each
/// keeping only its own N values at a time: memory does not grow with N × customers.
enum ScoreIntervalDraws {
    static func bands(_ customers: [CustomerSummary], model: FittedModel, spend: FittedModel?, draws: Int,
                      horizon: Double, discountRate d: Double, margin: Double) throws -> [ScoreIntervals] {
        let (purchases, spends) = try models(model: model, spend: spend, draws: draws)
        let box = ResultBox(count: customers.count)
        let chunk = 256, chunks = (customers.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(customers.count, (c + 1) * chunk) {
                var pAlive: [Double] = [], expected: [Double] = [], value: [Double] = []
                for (k, m) in purchases.enumerated() {
                    let s = ScoreWorkflow.scores([customers[i]], m, spend: spends[k], horizon: horizon, discountRate: d, margin: margin)[0]
                    pAlive.append(s.probabilityAlive); expected.append(s.expectedPurchases)
                    if let v = s.expectedValue { value.append(v) }
                }
                box.set(i, ScoreIntervals(probabilityAlive: band(pAlive), expectedPurchases: band(expected), expectedValue: value.isEmpty ? nil : band(value)))
            }
        }
        return box.values.map { $0! }
    }

    /// The N drawn models (a draw whose parameters the model refuses is skipped).
    static func models(model: FittedModel, spend: FittedModel?, draws: Int) throws -> ([any PurchaseModel], [(any MonetaryValueModel)?]) {
        let purchaseDraw: ParameterUncertainty, spendDraw: ParameterUncertainty?
        do {
            purchaseDraw = try ParameterUncertainty(model)
            spendDraw = try spend.map { try ParameterUncertainty($0) }
        } catch { throw InputProblem("--intervals: \(error)") }
        let stream = KeyedStream()
        var purchases: [any PurchaseModel] = [], spends: [(any MonetaryValueModel)?] = []
        for k in 0..<draws {
            stream.rekey(CustomerKey(seed: 0x5C0E, replication: k, customer: 0), period: 0, purpose: DrawPurpose(rawValue: 5))
            guard let m = try? ModelRegistry.purchaseModel(purchaseDraw.drawFile(using: stream)) else { continue }
            purchases.append(m)
            spends.append(spendDraw.flatMap { try? ModelRegistry.monetaryValueModel($0.drawFile(using: stream)) })
        }
        return (purchases, spends)
    }

    static func band(_ xs: [Double]) -> (low: Double, high: Double) {
        let sorted = xs.sorted()
        return (Quantile.ofSorted(sorted, 0.025), Quantile.ofSorted(sorted, 0.975))
    }

    /// One slot per customer, each written by one chunk.
    final class ResultBox: @unchecked Sendable {
        var values: [ScoreIntervals?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ v: ScoreIntervals) { values.withUnsafeMutableBufferPointer { $0[i] = v } }
    }
}
