import CLVModels
import Foundation
import Stochastic
import Testing
@testable import CLVSimulation

/// Property-style tests of scenario validation over many generated files. Inputs come from
/// CLVLab's own keyed generator with fixed seeds, so every run checks the same cases (the
/// x-sheep/swift-property-based library draws fresh seeds each run, and its fixed-seed trait
/// is a debugging aid that always reports an issue — at odds with deterministic tests).
@Suite struct ScenarioPropertyTests {
    /// A small deterministic case generator.
    struct Cases {
        let stream = KeyedStream()
        init(_ seed: UInt64, _ index: Int) { stream.rekey(CustomerKey(seed: seed, replication: 0, customer: index), period: 0, purpose: DrawPurpose(rawValue: 9)) }
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(stream.next() % UInt64(r.count)) }
        func double(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * stream.uniform() }
        func bool() -> Bool { stream.next() & 1 == 1 }
        func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    }

    /// Full-precision number text: parses back to the same Double.
    static func num(_ v: Double) -> String { String(format: "%.17g", v) }

    /// A random valid scenario as YAML text and the value it must load as.
    static func generate(_ c: Cases) -> (String, Scenario) {
        let periods = c.int(1...60)
        let unit = c.pick(PeriodUnit.allCases)
        let count = c.int(1...4)
        var cuts = (0..<(count - 1)).map { _ in c.int(1...99) }.sorted()
        cuts = Array(Set(cuts)).sorted()
        let bounds = [0] + cuts + [100]
        var segments: [Segment] = []
        var yaml = "scenario: generated\nseed: \(c.int(0...1_000_000))\nhorizon: { periods: \(periods), period: \(unit.rawValue) }\n"
        let replications = c.int(1...5)
        yaml += "replications: \(replications)\npopulation:\n  customers: \(c.int(1...100_000))\n  segments:\n"
        for k in 0..<(bounds.count - 1) {
            let share = Double(bounds[k + 1] - bounds[k]) / 100
            let name = "s\(k)"
            let rate = RateDistribution.gamma(shape: c.double(0.05, 5), rate: c.double(0.05, 10))
            let lifetime: LifetimeModel
            let lifetimeYAML: String
            switch c.int(0...3) {
            case 0:
                let (a, b) = (c.double(0.1, 5), c.double(0.1, 10))
                lifetime = .bgnbd(dropout: .beta(a: a, b: b))
                lifetimeYAML = "{ model: bgnbd, dropout: { beta: { a: \(num(a)), b: \(num(b)) } } }"
            case 1:
                let (s, b) = (c.double(0.1, 5), c.double(0.1, 30))
                lifetime = .paretonbd(dropout: .gamma(shape: s, rate: b))
                lifetimeYAML = "{ model: paretonbd, dropout: { gamma: { shape: \(num(s)), rate: \(num(b)) } } }"
            case 2:
                let theta = c.double(0, 1)
                lifetime = .contractual(churn: .fixed(theta))
                lifetimeYAML = "{ model: contractual, churn: \(num(theta)) }"
            default:
                let l = c.int(1...periods)
                lifetime = .fixed(periods: l)
                lifetimeYAML = "{ model: fixed, periods: \(l) }"
            }
            let (p, q, g) = (c.double(0.5, 10), c.double(1.1, 10), c.double(1, 50))
            guard case .gamma(let sh, let rr) = rate else { fatalError() }
            yaml += "    - name: \(name)\n      share: \(num(share))\n"
            yaml += "      purchases: { rate: { gamma: { shape: \(num(sh)), rate: \(num(rr)) } } }\n"
            yaml += "      lifetime: \(lifetimeYAML)\n"
            yaml += "      spend: { gamma_gamma: { p: \(num(p)), q: \(num(q)), gamma: \(num(g)) } }\n"
            segments.append(Segment(name: name, share: share, purchaseRate: rate, lifetime: lifetime, spend: .gammaGamma(p: p, q: q, gamma: g), fee: nil))
        }
        let margin = c.double(0, 1), cost = c.double(0, 5), cac = c.double(0, 100), rate = c.double(0, 0.3)
        let lo = c.double(0.1, 0.5), hi = lo + c.double(0.01, 0.4)
        let uptake = UncertainValue.pert(min: lo, likely: (lo + hi) / 2, max: hi)
        yaml += "economics: { currency: EUR, margin: \(num(margin)), cost_to_serve: \(num(cost)), acquisition_cost: \(num(cac)), annual_discount_rate: \(num(rate)) }\n"
        yaml += "variants:\n  - name: control\n"
        var variants = [Variant(name: "control")]
        if c.bool() {
            let start = c.int(1...periods)
            let kind = c.pick(Intervention.Kind.allCases)
            var iv = Intervention(kind: kind, name: kind.rawValue, start: start, uptake: uptake,
                                  effects: Effects(purchaseRate: .fixed(1.1), churn: .fixed(0.8)))
            var extra = ""
            if kind == .discount { iv.depth = .fixed(0.15); extra = ", depth: 0.15" }
            yaml += "  - name: campaign\n    interventions:\n      - { kind: \(kind.rawValue), start: \(start), uptake: { pert: [\(num(lo)), \(num((lo + hi) / 2)), \(num(hi))] }, effects: { purchase_rate: 1.1, churn: 0.8 }\(extra) }\n"
            variants.append(Variant(name: "campaign", interventions: [iv]))
        }
        let scenario = Scenario(name: "generated", seed: 0, horizon: Horizon(periods: periods, period: unit), replications: replications,
                                population: Population(customers: 0, segments: segments),
                                economics: Economics(currency: "EUR", margin: .fixed(margin), costToServe: .fixed(cost),
                                                     acquisitionCost: .fixed(cac), annualDiscountRate: .fixed(rate)),
                                variants: variants)
        return (yaml, scenario)
    }

    @Test func generatedScenariosLoadAsWritten() throws {
        for i in 0..<400 {
            let (yaml, expected) = Self.generate(Cases(2026, i))
            let loaded: Scenario
            do { loaded = try ScenarioLoader.parse(yaml, file: "g.yaml") } catch {
                Issue.record("case \(i) did not load: \(error)\n\(yaml)")
                continue
            }
            // Seed and population size are random but not tracked in `expected`.
            var comparable = loaded
            comparable.seed = 0
            comparable.population.customers = 0
            #expect(comparable == expected, "case \(i)")
        }
    }

    @Test func oneBrokenValueGivesOneLocatedProblemAtItsKeyPath() throws {
        let breakages: [(String, String, String)] = [
            ("margin: ", "margin: 1.5", "economics.margin"),
            ("cost_to_serve: ", "cost_to_serve: -1", "economics.cost_to_serve"),
            ("acquisition_cost: ", "acquisition_cost: abc", "economics.acquisition_cost"),
            ("annual_discount_rate: ", "annual_discount_rate: 2", "economics.annual_discount_rate"),
        ]
        for i in 0..<200 {
            let c = Cases(7, i)
            let (yaml, _) = Self.generate(c)
            let (prefix, replacement, path) = c.pick(breakages)
            // Replace the value after `prefix` (up to the next "," or " }") with the broken one.
            guard let range = yaml.range(of: prefix), let end = yaml[range.upperBound...].firstIndex(where: { $0 == "," || $0 == " " }) else {
                Issue.record("case \(i): generator changed shape")
                continue
            }
            let broken = yaml.replacingCharacters(in: range.lowerBound..<end, with: replacement)
            do {
                _ = try ScenarioLoader.parse(broken, file: "b.yaml")
                Issue.record("case \(i): \(replacement) accepted")
            } catch let e as ScenarioError {
                #expect(e.problems.count == 1, "case \(i): \(e)")
                #expect(e.problems.first?.keyPath == path && e.problems.first?.line != nil, "case \(i): \(e)")
            }
        }
    }

    @Test func deletingAnyLineOfABundledScenarioNeverCrashesAndIsLocated() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios").standardized
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".yaml") }).sorted() {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            for k in lines.indices where !lines[k].trimmingCharacters(in: .whitespaces).hasPrefix("#") && !lines[k].isEmpty {
                var copy = lines
                copy.remove(at: k)
                do {
                    _ = try ScenarioLoader.parse(copy.joined(separator: "\n"), file: file)
                } catch let e as ScenarioError {
                    #expect(!e.problems.isEmpty)
                    #expect(e.problems.allSatisfy { $0.line != nil || $0.message.contains("empty") || $0.message.contains("model file") },
                            "\(file) without line \(k + 1): \(e)")
                }
            }
        }
    }
}
