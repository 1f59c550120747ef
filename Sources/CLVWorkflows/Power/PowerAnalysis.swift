import CLVEvaluation
import CLVReport
import CLVSimulation
import Foundation
import Stochastic

/// Sizing a real A/B test by simulation: draw many tests from the scenario's population, analyse
/// each as `compare` would analyse observed data (CLVEvaluation's Welch test, two-sided), and count.
///
/// Heavy-tailed spend makes normal-theory sample sizes wrong; the report puts the simulated
/// answer next to the normal formula n = (z₁₋α/₂ + z_power)² (σ²_A + σ²_B)/Δ², computed with the
/// population's own σ and true lift Δ (the lift is known exactly here: common random numbers give
/// each simulated customer's outcome under both arms).
public struct PowerAnalysis: Sendable {
    public typealias Metric = PowerStudy.Metric
    public typealias Query = PowerStudy.Query
    public typealias Point = PowerStudy.Point
    public typealias Search = PowerStudy.Search

    public let query: Query

    public init(_ query: Query) throws {
        guard query.scenario.variants.contains(where: { $0.name == query.variant }) else {
            throw QuickAnswers.Problem.invalid("no variant is named '\(query.variant)' (variants: \(query.scenario.variants.map(\.name).joined(separator: ", ")))")
        }
        guard query.scenario.variants[0].name != query.variant else {
            throw QuickAnswers.Problem.invalid("'\(query.variant)' is the baseline; choose the variant to test against it")
        }
        self.query = query
    }

    /// The scenario for one batch of simulated tests: arm A is customers [0, n) under the
    /// baseline, arm B customers [n, 2n) under the variant; each replication is one test.
    func testScenario(n: Int, tests: Int) -> Scenario {
        var s = query.scenario
        s.population.customers = 2 * n
        s.replications = tests
        s.horizon.periods = query.periods
        // Undiscounted metrics, inputs at their drawn values per test.
        s.economics.annualDiscountRate = .fixed(0)
        s.variants = [s.variants[0], s.variants.first { $0.name == query.variant }!]
        return s
    }

    func metric(_ v: VariantOutcome, _ k: Int) -> Double {
        switch query.metric {
        case .revenue: return v.revenue[k]
        case .retention: return v.aliveAtEnd[k] ? 1 : 0
        case .margin: return v.grossCLV[k]
        }
    }

    /// Simulate `tests` A/B tests with `n` customers per arm.
    public func evaluate(n: Int, threads: Int? = nil) async throws -> Point {
        let z = Distributions.normalQuantile(1 - query.alpha / 2)
        let batch = max(1, min(query.tests, 4_000_000 / max(1, 2 * n)))
        var significant = 0
        var lifts: [Double] = []
        var paired = RunningMoments(), a = RunningMoments(), b = RunningMoments()
        var done = 0
        while done < query.tests {
            let count = min(batch, query.tests - done)
            var engine = SimulationEngine(scenario: testScenario(n: n, tests: count), threads: threads)
            engine.recordCustomerDetail = true
            engine.firstReplication = done
            let result = try await engine.run()
            let base = result.variants[0], treat = result.variants[1]
            let size = 2 * n
            for r in 0..<count {
                var armA = RunningMoments(), armB = RunningMoments()
                for i in 0..<size {
                    let k = r * size + i
                    let x = metric(base, k), y = metric(treat, k)
                    paired.add(y - x)
                    a.add(x); b.add(y)
                    if i < n { armA.add(x) } else { armB.add(y) }
                }
                let lift = armB.mean - armA.mean
                lifts.append(lift)
                if (try? MeanInterval.welch(armB, armA))?.pValue ?? 1 < query.alpha { significant += 1 }
            }
            done += count
        }
        let power = Double(significant) / Double(query.tests)
        let se = (a.variance / Double(n) + b.variance / Double(n)).squareRoot()
        let delta = paired.mean
        let normalPower = se > 0 ? Distributions.normalCDF(abs(delta) / se - z) + Distributions.normalCDF(-abs(delta) / se - z) : (delta != 0 ? 1 : query.alpha)
        lifts.sort()
        var liftMoments = RunningMoments()
        for l in lifts { liftMoments.add(l) }
        let z80 = Distributions.normalQuantile(0.8)
        return Point(
            customersPerArm: n, tests: query.tests, power: power,
            powerStandardError: (power * (1 - power) / Double(query.tests)).squareRoot(),
            normalPower: normalPower, trueLift: delta, sdBaseline: a.standardDeviation, sdVariant: b.standardDeviation,
            estimatedLiftMean: liftMoments.mean, estimatedLiftP5: Quantile.ofSorted(lifts, 0.05),
            estimatedLiftP50: Quantile.ofSorted(lifts, 0.5), estimatedLiftP95: Quantile.ofSorted(lifts, 0.95),
            mdeSimulated: (z + z80) * liftMoments.standardDeviation, mdeNormal: (z + z80) * se)
    }

    /// Normal-theory n per arm for the target power, from a point's Δ and σ.
    public func normalSampleSize(_ p: Point, targetPower: Double) -> Int {
        let z = Distributions.normalQuantile(1 - query.alpha / 2) + Distributions.normalQuantile(targetPower)
        guard p.trueLift != 0 else { return Int.max }
        return Int((z * z * (p.sdBaseline * p.sdBaseline + p.sdVariant * p.sdVariant) / (p.trueLift * p.trueLift)).rounded(.up))
    }


    /// Search the n per arm that reaches `targetPower`: start at the normal-theory n, step up by
    /// half until the simulated power reaches the target, then bisect to within 5%.
    /// Every n uses the same seeds, so power is a smooth function of n (common random numbers).
    public func search(targetPower: Double, start: Int, maxCustomersPerArm: Int = 2_000_000, threads: Int? = nil,
                       progress: ((Point) -> Void)? = nil) async throws -> Search {
        var points: [Point] = []
        func eval(_ n: Int) async throws -> Point {
            let p = try await evaluate(n: n, threads: threads)
            points.append(p)
            progress?(p)
            return p
        }
        let first = try await eval(max(2, start))
        let normalN = normalSampleSize(first, targetPower: targetPower)
        var lo = 0, hi = 0
        var n = min(max(2, normalN), maxCustomersPerArm)
        var p = n == first.customersPerArm ? first : try await eval(n)
        if p.power >= targetPower {
            hi = n
            // Step down until it fails.
            while n > 2 {
                let next = max(2, n * 2 / 3)
                let q = try await eval(next)
                if q.power >= targetPower { hi = next; n = next } else { lo = next; break }
            }
        } else {
            lo = n
            while p.power < targetPower {
                guard n < maxCustomersPerArm else {
                    throw QuickAnswers.Problem.invalid("power \(p.power) < \(targetPower) even with \(n) customers per arm")
                }
                n = min(maxCustomersPerArm, n * 3 / 2 + 1)
                p = try await eval(n)
                if p.power < targetPower { lo = n }
            }
            hi = n
        }
        while lo > 0 && Double(hi - lo) > 0.05 * Double(hi) {
            let mid = (lo + hi) / 2
            let q = try await eval(mid)
            if q.power >= targetPower { hi = mid } else { lo = mid }
        }
        let last = points.last { $0.customersPerArm == hi } ?? first
        return Search(targetPower: targetPower, simulatedCustomersPerArm: hi,
                      normalCustomersPerArm: normalSampleSize(last, targetPower: targetPower), points: points)
    }
}
