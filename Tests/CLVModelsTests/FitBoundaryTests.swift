import Foundation
import Testing
@testable import CLVModels

/// Fits whose optimum is on the boundary of the parameter space, or that cannot converge, stop
/// within a bounded number of evaluations and say what happened (issue #23.2). Fixtures from
/// Reference/boundary_fixtures.py.
@Suite struct FitBoundaryTests {
    static func summary(_ name: String) throws -> FrequencyRecencyData {
        let rows = try Fixture.csv(name)
        return try FrequencyRecencyData(frequency: rows.map { Int($0["x"]!)! }, recency: rows.map { Double($0["t_x"]!)! },
                                        age: rows.map { Double($0["T"]!)! })
    }

    static func failure(_ body: () throws(FitError) -> FitResult<ParetoNBD>) -> (FitError?, Duration) {
        var outcome: Result<FitResult<ParetoNBD>, FitError>?
        let elapsed = ContinuousClock().measure { outcome = Result(catching: body) }
        if case .failure(let error)? = outcome { return (error, elapsed) }
        return (nil, elapsed)
    }

    /// 300 customers from a pure NBD (no dropout): the optimum is at s/β → 0. Before the bound the
    /// fit ran for minutes summing ~20 million ₂F₁ terms per evaluation.
    @Test func noDropoutStopsAtTheBoundaryQuickly() throws {
        let data = try Self.summary("paretonbd_no_dropout.csv")
        let (error, elapsed) = Self.failure { () throws(FitError) in try ParetoNBD.fit(data) }
        #expect(error == .boundaryOptimum("no dropout detectable: the Pareto/NBD optimum is at the boundary s/β → 0 "
            + "(r = 0.772, α = 3.58, s = 0.000146, β = 182; 4.2e-05 expected dropouts per customer over the longest history, "
            + "T = 52); the data look like purchases without dropout: consider the NBD (no dropout) or BG/NBD"))
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test func allSinglePurchaseIsRefusedAtOnce() throws {
        let data = try Self.summary("single_purchase.csv")
        let (error, elapsed) = Self.failure { () throws(FitError) in try ParetoNBD.fit(data) }
        #expect(error == .boundaryOptimum("no customer has a repeat purchase, so the Pareto/NBD purchase rate r/α cannot be told "
            + "apart from 0 (nor the dropout rate s/β from ∞); fit data with repeat purchases"))
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    /// One repeat purchase among 300 customers gets past the data check; the boundary watch stops
    /// the search (the unbounded fit took 1.5 s and ended in "Hessian not positive definite").
    @Test func nearlyAllSinglePurchaseStopsAtTheBoundary() throws {
        let n = 300
        let data = try FrequencyRecencyData(frequency: (0..<n).map { $0 == 0 ? 1 : 0 }, recency: (0..<n).map { $0 == 0 ? 10 : 0 },
                                            age: (0..<n).map { $0 == 0 ? 52 : Double(20 + $0 % 33) })
        let (error, elapsed) = Self.failure { () throws(FitError) in try ParetoNBD.fit(data) }
        guard case .boundaryOptimum(let message)? = error else { Issue.record("expected a boundary optimum, got \(String(describing: error))"); return }
        #expect(message.hasPrefix("no dropout detectable: the Pareto/NBD optimum is at the boundary s/β → 0"), "\(message)")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    /// The model's boundary test names each edge and leaves an ordinary optimum alone (the CDNOW
    /// Pareto/NBD estimates of Fader, Hardie & Lee 2005, T = 39 weeks).
    @Test func boundaryReasons() {
        #expect(ParetoNBD(r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67).boundaryReason(longestAge: 39) == nil)
        #expect(ParetoNBD(r: 0.55, alpha: 10.58, s: 1e-7, beta: 11.67).boundaryReason(longestAge: 39)?.hasPrefix("no dropout detectable") == true)
        #expect(ParetoNBD(r: 1e-7, alpha: 10.58, s: 0.61, beta: 11.67).boundaryReason(longestAge: 39)?.hasPrefix("no repeat purchases detectable") == true)
        #expect(ParetoNBD(r: 0.55, alpha: 10.58, s: 3e3, beta: 1e-2).boundaryReason(longestAge: 39)?.hasPrefix("every customer drops out at once") == true)
    }

    /// Any model: a likelihood that keeps rising as a parameter grows is stopped once the
    /// parameter leaves [1e-12, 1e12], naming it.
    @Test func runawayParameterIsNamed() {
        let (error, _) = Self.failure { () throws(FitError) in
            try MaximumLikelihood.fit(ParetoNBD.self, start: [1, 1, 1, 1], customers: 1, weightTotal: 1, fingerprint: "") { v in
                log(v[2]) - pow(log(v[0]), 2) - pow(log(v[1]), 2) - pow(log(v[3]), 2)
            }
        }
        guard case .boundaryOptimum(let message)? = error else { Issue.record("expected a boundary optimum, got \(String(describing: error))"); return }
        #expect(message.hasPrefix("the likelihood keeps rising as s runs to ∞ (s = 3e+12, outside"), "\(message)")
        #expect(message.hasSuffix(", outside [1e-12, 1e+12]): the data do not identify the model's parameters"), "\(message)")
    }

    /// The evaluation budget holds: with room for 50 evaluations the CDNOW Pareto/NBD fit (which
    /// needs several hundred) stops after exactly 50 likelihood calls and says so.
    @Test func evaluationBudgetIsEnforced() throws {
        let data = try FrequencyRecencyData(try Fixture.cdnowCalibrationSummary())
        var calls = 0
        let (error, _) = Self.failure { () throws(FitError) in
            try MaximumLikelihood.fit(ParetoNBD.self, start: [1, 1, 1, 1], customers: data.customers, weightTotal: Double(data.customers),
                                      fingerprint: "", evaluationBudget: 50) { v in
                calls += 1
                return ParetoNBD(r: v[0], alpha: v[1], s: v[2], beta: v[3]).logLikelihood(data)
            }
        }
        #expect(error == .evaluationLimit(50))
        #expect(calls == 50)
        #expect(MaximumLikelihood.maxEvaluations == 6_000)
    }
}
