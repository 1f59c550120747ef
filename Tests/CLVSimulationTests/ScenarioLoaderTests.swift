import Foundation
import Testing
@testable import CLVSimulation

/// Scenario files: valid ones load, malformed ones produce exactly the expected messages.
@Suite struct ScenarioLoaderTests {
    static let valid = """
        scenario: ok
        seed: 1
        horizon: { periods: 12, period: month }
        population:
          customers: 1_000
          segments:
            - name: a
              share: 1
              purchases: { rate: { gamma: { shape: 0.9, rate: 0.8 } } }
              lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }
              spend: { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }
        economics: { currency: EUR, margin: 0.3, cost_to_serve: 1, acquisition_cost: 45, annual_discount_rate: 0.1 }
        variants:
          - name: control
        """

    /// `valid` with one line replaced.
    static func mutate(_ old: String, _ new: String) -> String {
        precondition(valid.contains(old), "fixture does not contain \(old)")
        return valid.replacingOccurrences(of: old, with: new)
    }

    @Test func validScenarioLoads() throws {
        let s = try ScenarioLoader.parse(Self.valid, file: "ok.yaml")
        #expect(s.population.customers == 1000)
        #expect(s.population.segments[0].lifetime == .bgnbd(dropout: .beta(a: 0.8, b: 2.4)))
        #expect(s.economics.margin == .fixed(0.3))
        #expect(s.replications == 1)
    }

    @Test func bundledScenariosAllValidate() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 4)
        for f in files { _ = try ScenarioLoader.load(path: dir.appendingPathComponent(f).path) }
    }

    static let malformed: [(String, String, [String])] = [
        ("misspelt period unit", mutate("period: month", "period: mnth"),
         ["f.yaml:3:33: horizon.period: unknown period unit 'mnth'; did you mean 'month'? (expected one of: day, week, month, quarter, year)"]),
        ("unknown top-level key", mutate("seed: 1", "seed: 1\nseeed: 2"),
         ["f.yaml:3:1: seeed: unknown key 'seeed'; did you mean 'seed'? (expected one of: scenario, description, seed, horizon, replications, population, economics, variants, baseline)"]),
        ("negative beta parameter", mutate("beta: { a: 0.8", "beta: { a: -0.8"),
         ["f.yaml:10:55: population.segments[0].lifetime.dropout.beta.a: expected a value > 0, found -0.8"]),
        ("shares not summing to one", mutate("share: 1", "share: 0.9"),
         ["f.yaml:7:5: population.segments: segment shares must sum to 1, they sum to 0.9"]),
        ("margin above one", mutate("margin: 0.3", "margin: 1.3"),
         ["f.yaml:12:37: economics.margin: expected a margin in [0, 1] (a number or one of { pert | triangular | uniform | normal }), found 1.3"]),
        ("missing lifetime", mutate("      lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }\n", ""),
         ["f.yaml:7:7: population.segments[0].lifetime: missing key 'lifetime' (e.g. { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } })"]),
        ("unknown lifetime model", mutate("model: bgnbd", "model: bgndb"),
         ["f.yaml:10:26: population.segments[0].lifetime.model: unknown lifetime model 'bgndb'; did you mean 'bgnbd'? (expected one of: bgnbd, paretonbd, contractual, fixed)"]),
        ("quoted number", mutate("customers: 1_000", "customers: \"1000\""),
         ["f.yaml:5:14: population.customers: expected a number of customers, found the string \"1000\""]),
        ("gamma-gamma q not above one", mutate("q: 3.74", "q: 0.9"),
         ["f.yaml:11:43: population.segments[0].spend.gamma_gamma.q: expected a value > 1 (the mean spend p·γ/(q − 1) is infinite for q ≤ 1), found 0.9"]),
        ("PERT out of order", mutate("margin: 0.3", "margin: { pert: [0.4, 0.3, 0.5] }"),
         ["f.yaml:12:45: economics.margin.pert: expected min ≤ likely ≤ max with min < max, found [0.4, 0.3, 0.5]"]),
        ("zero periods", mutate("periods: 12", "periods: 0"),
         ["f.yaml:3:21: horizon.periods: expected a number of periods between 1 and 10000, found 0"]),
        ("YAML syntax", mutate("variants:\n  - name: control", "variants:\n  - name: control\n   bad: [1, 2"),
         ["f.yaml:15:4: YAML syntax: did not find expected '-' indicator"]),
        ("two problems at once", mutate("period: month", "period: mnth").replacingOccurrences(of: "margin: 0.3", with: "margin: -1"),
         ["f.yaml:3:33: horizon.period: unknown period unit 'mnth'; did you mean 'month'? (expected one of: day, week, month, quarter, year)",
          "f.yaml:12:37: economics.margin: expected a margin in [0, 1] (a number or one of { pert | triangular | uniform | normal }), found -1"]),
        ("empty file", "", ["f.yaml: the file is empty; expected a scenario mapping"]),
        ("misspelt intervention kind", mutate("  - name: control", "  - name: control\n  - name: promo\n    interventions:\n      - { kind: discont, start: 2, depth: 0.1 }"),
         ["f.yaml:17:17: variants[1].interventions[0].kind: unknown intervention kind 'discont'; did you mean 'discount'? (expected one of: retention, loyalty_programme, discount, personalisation)"]),
        ("intervention after the horizon", mutate("  - name: control", "  - name: control\n  - name: promo\n    interventions:\n      - { kind: discount, start: 13, depth: 0.1 }"),
         ["f.yaml:17:34: variants[1].interventions[0].start: expected a start period between 1 and 12, found 13"]),
        ("end before start", mutate("  - name: control", "  - name: control\n  - name: promo\n    interventions:\n      - { kind: discount, start: 5, end: 3, depth: 0.1 }"),
         ["f.yaml:17:42: variants[1].interventions[0].end: expected an end period ≥ start (5), found 3"]),
        ("unknown target segment", mutate("  - name: control", "  - name: control\n  - name: promo\n    interventions:\n      - { kind: retention, start: 2, target: { segments: [b] } }"),
         ["f.yaml:17:59: variants[1].interventions[0].target.segments[0]: no segment is named 'b'; did you mean 'a'? (segments: a)"]),
        ("discount without depth", mutate("  - name: control", "  - name: control\n  - name: promo\n    interventions:\n      - { kind: discount, start: 2 }"),
         ["f.yaml:17:9: variants[1].interventions[0].depth: missing key 'depth' (the price cut as a share of the list price, e.g. 0.15)"]),
        ("tiers out of order", mutate("  - name: control", "  - name: control\n  - name: l\n    interventions:\n      - kind: loyalty_programme\n        start: 2\n        tiers:\n          - { name: gold, min_spend: 300 }\n          - { name: silver, min_spend: 100 }"),
         ["f.yaml:21:13: variants[1].interventions[0].tiers[1]: tiers must be ordered by increasing min_spend: 100 follows 300"]),
        ("option of another kind", mutate("  - name: control", "  - name: control\n  - name: r\n    interventions:\n      - { kind: retention, start: 2, depth: 0.1 }"),
         ["f.yaml:17:38: variants[1].interventions[0].depth: unknown key 'depth' (expected one of: kind, name, start, end, target, uptake, effects, decay_half_life, costs, every)"]),
        ("uptake above one", mutate("  - name: control", "  - name: control\n  - name: r\n    interventions:\n      - { kind: retention, start: 2, uptake: 1.5 }"),
         ["f.yaml:17:46: variants[1].interventions[0].uptake: expected an uptake probability in [0, 1] (a number or one of { pert | triangular | uniform | normal }), found 1.5"]),
        ("misspelt segment key", mutate("      share: 1", "      shar: 1"),
         ["f.yaml:8:7: population.segments[0].shar: unknown key 'shar'; did you mean 'share'? (expected one of: name, share, purchases, lifetime, spend, fee)",
          "f.yaml:7:7: population.segments[0].share: missing key 'share' (the segment's share of customers)"]),
        ("negative fee", mutate("      share: 1", "      share: 1\n      fee: -3"),
         ["f.yaml:9:12: population.segments[0].fee: expected a fee between 0 and 1e9 per live period, found -3"]),
        ("share above one", mutate("      share: 1", "      share: 1.5"),
         ["f.yaml:8:14: population.segments[0].share: expected a share in (0, 1], found 1.5"]),
        ("missing seed", mutate("seed: 1\n", ""),
         ["f.yaml:1:1: seed: missing key 'seed' (a whole number that fixes the random draws)"]),
        ("negative seed", mutate("seed: 1", "seed: -1"),
         ["f.yaml:2:7: seed: expected a whole number ≥ 0, found '-1'"]),
        ("zero replications", mutate("seed: 1", "seed: 1\nreplications: 0"),
         ["f.yaml:3:15: replications: expected a number of replications between 1 and 100000, found 0"]),
        ("misspelt uncertain kind", mutate("margin: 0.3", "margin: { pret: [0.2, 0.3, 0.4] }"),
         ["f.yaml:12:39: economics.margin.pret: unknown kind 'pret'; did you mean 'pert'? (expected an uncertain value: one of pert, triangular, uniform, normal)"]),
        ("unbounded normal margin", mutate("margin: 0.3", "margin: { normal: { mean: 0.3, sd: 0.05 } }"),
         ["f.yaml:12:37: economics.margin: a margin in [0, 1]: the distribution reaches outside [0, 1]; a normal is unbounded, use pert, triangular or uniform"]),
        ("uniform reversed", mutate("cost_to_serve: 1", "cost_to_serve: { uniform: [2, 1] }"),
         ["f.yaml:12:68: economics.cost_to_serve.uniform: expected low < high, found [2, 1]"]),
        ("no variants", mutate("variants:\n  - name: control", "variants: []"),
         ["f.yaml:13:11: variants: expected at least one variant (the control)"]),
        ("unknown baseline", mutate("seed: 1", "seed: 1\nbaseline: treatment"),
         ["f.yaml:3:11: baseline: no variant is named 'treatment' (variants: control)"]),
        ("fixed lifetime of zero periods", mutate("lifetime: { model: bgnbd, dropout: { beta: { a: 0.8, b: 2.4 } } }", "lifetime: { model: fixed, periods: 0 }"),
         ["f.yaml:10:42: population.segments[0].lifetime.periods: expected a lifetime in periods between 1 and 10000, found 0"]),
        ("top percent above 100", mutate("  - name: control", "  - name: control\n  - name: vip\n    interventions:\n      - { kind: retention, start: 2, target: { top_percent: 120 } }"),
         ["f.yaml:17:61: variants[1].interventions[0].target.top_percent: expected a percentage in (0, 100], found 120"]),
        ("from_fit file missing", mutate("  customers: 1_000\n  segments:", "  customers: 1_000\n  from_fit: /nonexistent/fit.json\n  spend: 10\n  segments:"),
         ["f.yaml:8:3: population.segments: unknown key 'segments' (expected one of: customers, from_fit, spend_fit, spend, fee, base_size, parameter_uncertainty)",
          "f.yaml:6:13: population.from_fit: cannot read the model file /nonexistent/fit.json: no such file"]),
        ("rate too high to simulate", mutate("rate: { gamma: { shape: 0.9, rate: 0.8 } }", "rate: 50000"),
         ["f.yaml:9:26: population.segments[0].purchases.rate: expected a rate between 0 and 10000 per period, or { gamma: { shape, rate } }, found 50000"]),
        ("spend beyond the overflow bound", mutate("spend: { gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 } }", "spend: 1e12"),
         ["f.yaml:11:14: population.segments[0].spend: expected an amount between 0 and 1e9 per purchase, found 1000000000000"]),
        ("duplicate variant", mutate("  - name: control", "  - name: control\n  - name: control"),
         ["f.yaml:15:5: variants[1]: variant name 'control' is used twice"]),
        // Issue #23, item 6: both bounds in every range message, caps stated, names and merge keys.
        ("cost above the money cap names both bounds", mutate("cost_to_serve: 1", "cost_to_serve: 1e10"),
         ["f.yaml:12:57: economics.cost_to_serve: expected a cost per live period in [0, 1e9] (a number or one of { pert | triangular | uniform | normal }), found 10000000000"]),
        ("negative contact cost names both bounds", mutate("  - name: control", "  - name: control\n  - name: r\n    interventions:\n      - { kind: retention, start: 2, costs: { per_contact: -1 } }"),
         ["f.yaml:17:60: variants[1].interventions[0].costs.per_contact: expected a cost per contact in [0, 1e9] (a number or one of { pert | triangular | uniform | normal }), found -1"]),
        ("fractional exponent customers", mutate("customers: 1_000", "customers: 2.5e0"),
         ["f.yaml:5:14: population.customers: expected a number of customers, found '2.5e0'"]),
        ("too many variants", mutate("  - name: control", (0...ScenarioLoader.maxVariants).map { "  - name: v\($0)" }.joined(separator: "\n")),
         ["f.yaml:14:3: variants: expected at most 100 variants, found 101"]),
        ("too many interventions", mutate("  - name: control", "  - name: control\n  - name: r\n    interventions:\n"
                                            + (0...ScenarioLoader.maxInterventions).map { "      - { kind: retention, name: r\($0), start: 2 }" }.joined(separator: "\n")),
         ["f.yaml:17:7: variants[1].interventions: expected at most 32 interventions in a variant, found 33"]),
        ("too many segments", mutate("""
                - name: a
                  share: 1
            """.replacingOccurrences(of: "            ", with: "    "), (0...ScenarioLoader.maxSegments).map { i in
                "    - name: s\(i)\n      share: \(i == 0 ? "0.35" : "0.01")\n      purchases: { rate: 1 }\n      lifetime: { model: fixed, periods: 2 }\n      spend: 1"
            }.joined(separator: "\n") + "\n    - name: a\n      share: 0"),
         ["f.yaml:7:5: population.segments: expected at most 64 segments, found 66"]),
        ("newline in a variant name", mutate("  - name: control", "  - name: \"con\\ntrol\""),
         ["f.yaml:14:11: variants[0].name: expected a name of printable characters, found the control character U+000A in \"con\\ntrol\""]),
        ("YAML merge key", mutate("economics: { currency: EUR, margin: 0.3,", "base: &b { margin: 0.3 }\neconomics: { <<: *b, currency: EUR,"),
         ["f.yaml:12:1: base: unknown key 'base' (expected one of: scenario, description, seed, horizon, replications, population, economics, variants, baseline)",
          "f.yaml:13:14: economics.<<: YAML merge keys (<<) are not supported in scenarios: write the keys out in full, so that every value is checked where it stands",
          "f.yaml:13:12: economics.margin: missing key 'margin' (the share of revenue kept, in [0, 1])"]),
    ]

    @Test(arguments: malformed.indices)
    func malformedScenarioGivesExactMessage(_ i: Int) {
        let (what, text, expected) = Self.malformed[i]
        do {
            _ = try ScenarioLoader.parse(text, file: "f.yaml")
            Issue.record("\(what): loaded without error")
        } catch let error as ScenarioError {
            #expect(error.problems.map(\.description) == expected, "\(what)")
        } catch {
            Issue.record("\(what): unexpected error \(error)")
        }
    }

    /// Whole numbers in exponent notation are numbers like any other (issue #23, item 6).
    @Test func exponentNotationIntegersAreAccepted() throws {
        let s = try ScenarioLoader.parse(Self.mutate("customers: 1_000", "customers: 5e2").replacingOccurrences(of: "seed: 1", with: "seed: 2E3\nreplications: 1e1"), file: "e.yaml")
        #expect(s.population.customers == 500 && s.seed == 2000 && s.replications == 10)
    }

    @Test func uncertainValuesParseAndStayInRange() throws {
        let s = try ScenarioLoader.parse(Self.mutate("margin: 0.3", "margin: { pert: [0.2, 0.3, 0.5] }"), file: "f.yaml")
        #expect(s.economics.margin == .pert(min: 0.2, likely: 0.3, max: 0.5))
        #expect(abs(s.economics.margin.central - (0.2 + 1.2 + 0.5) / 6) < 1e-15)
        let inputs = (0..<200).map { ReplicationInputs.draw(s, replication: $0).margin }
        #expect(inputs.allSatisfy { (0.2...0.5).contains($0) })
        #expect(Set(inputs).count == 200)
    }
}
