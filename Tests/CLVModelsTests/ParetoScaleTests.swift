import Foundation
import Testing
@testable import CLVModels

@Suite struct ParetoScaleTests {
    /// Scale: Pareto/NBD fit of the same 1,000,000-customer day-resolution summary as the BG/NBD
    /// timing test (BG/NBD-generated, so only the time is of interest). Reports the time; the
    /// 120 s bound only catches pathologies.
    @Test func millionCustomerParetoFitTime() throws {
        let sim = BGNBDSimulator(truth: BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426), seed: 7)
        let (x, tx, T) = sim.customers(1_000_000, dayResolution: true)
        let data = try FrequencyRecencyData(frequency: x, recency: tx, age: T)
        let clock = ContinuousClock()
        var fit: FitResult<ParetoNBD>?
        let elapsed = try clock.measure { fit = try ParetoNBD.fit(data) }
        let f = try #require(fit)
        print("1M-customer Pareto/NBD fit: \(elapsed) (\(data.groupCount) groups), NM \(f.diagnostics.nelderMeadIterations) + BFGS \(f.diagnostics.bfgsIterations), \(f.parameters)")
        #expect(f.diagnostics.converged)
        #expect(elapsed < .seconds(120))
    }
}
