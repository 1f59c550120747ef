import CLVModels
import Foundation
import Testing
@testable import CLVSimulation

/// `from_customers`: the real CDNOW base simulated forward from each customer's own history.
/// Oracles: the models' closed-form conditional expectations (Fader, Hardie & Lee 2005, eq. 10;
/// Schmittlein, Morrison & Colombo 1987; the Gamma-Gamma E[Z | x, z̄] of Fader, Hardie & Lee
/// 2005b), which the engine never calls; and the scenario's own inputs.
@Suite struct CustomerBaseTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static func data(_ path: String) -> String { repository.appendingPathComponent("data/\(path)").path }

    /// The published Pareto/NBD estimates on the CDNOW sample (weeks; Fader, Hardie & Lee 2005c).
    static let paretoFit = FittedModel(model: .paretonbd, parameters: ["r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562],
                                       logLikelihood: -9595, customers: 2357, period: "week", converged: true)

    /// A scenario file in a fresh folder (model files written beside it), loaded.
    static func load(_ population: String, periods: Int = 39, replications: Int = 1, variants: String = "[{ name: control }]",
                     files: [String: Data] = [:]) throws -> Scenario {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-base-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
        let text = """
            scenario: base
            seed: 7
            horizon: { periods: \(periods), period: week }
            replications: \(replications)
            population:
            \(population)
            economics: { margin: 1, cost_to_serve: 0, acquisition_cost: 0, annual_discount_rate: 0 }
            variants: \(variants)
            """
        let file = dir.appendingPathComponent("s.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: file.path, warn: { _ in })
    }

    static func cdnow(model: String = "model: \(data("fits/cdnow-bgnbd.json"))", extra: String = "") -> String {
        """
          from_customers:
            log: \(data("cdnow/CDNOW_sample.txt"))
            preset: cdnow-sample
            observed_until: 1997-09-30
            \(model)
            spend_model: \(data("fits/cdnow-gamma-gamma.json"))
            parameter_uncertainty: false
        \(extra)
        """
    }

    /// A base read from summary rows (customer,x,t_x,T,zbar in weeks) with the CDNOW BG/NBD fit and $30 a purchase.
    static func loadSummary(_ rows: String, periods: Int = 39, replications: Int, variants: String = "[{ name: control }]") throws -> Scenario {
        try load("""
              from_customers:
                summary: s.csv
                observed_until: 1997-09-30
                model: \(data("fits/cdnow-bgnbd.json"))
                spend: 30
                parameter_uncertainty: false
            """, periods: periods, replications: replications, variants: variants,
                 files: ["s.csv": Data(("customer,x,t_x,T,zbar\n" + rows).utf8)])
    }

    static func run(_ s: Scenario) async throws -> SimulationResult {
        var engine = SimulationEngine(scenario: s, threads: 2)
        engine.recordCustomerDetail = true
        return try await engine.run()
    }

    /// Mean of per-customer simulated purchases and its Monte Carlo standard error: customers
    /// differ, so the variance of the mean is Σᵢ s²ᵢ/R / n² with s²ᵢ customer i's variance over
    /// the R replications.
    static func meanAndError(_ counts: [Int32], customers: [Int], n: Int, replications R: Int) -> (mean: Double, se: Double) {
        var total = 0.0, variance = 0.0
        for i in customers {
            let ys = (0..<R).map { Double(counts[$0 * n + i]) }
            let m = ys.reduce(0, +) / Double(R)
            total += m
            variance += ys.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(R - 1) / Double(R)
        }
        let k = Double(customers.count)
        return (total / k, variance.squareRoot() / k)
    }

    /// Simulated repeat purchases over 39 weeks agree with E[Y(39) | x, t_x, T] overall and in each
    /// calibration-frequency group 0, 1, …, 7+.
    static func checkConditionalExpectations(_ s: Scenario, model: any PurchaseModel) async throws {
        let base = try #require(s.population.customerBase)
        let n = base.count, R = s.replications
        #expect(n == 2357)
        let result = try await run(s)
        let counts = result.variants[0].purchaseCount
        let expected = (0..<n).map { model.conditionalExpectedPurchases(39, frequency: Int(base.frequency[$0]), recency: base.recency[$0], age: base.age[$0]) }
        let groups: [(String, [Int])] = [("all", Array(0..<n))] + (0...7).map { g in
            ("x=\(g)\(g == 7 ? "+" : "")", (0..<n).filter { g == 7 ? base.frequency[$0] >= 7 : Int(base.frequency[$0]) == g })
        }
        for (name, members) in groups {
            let (mean, se) = meanAndError(counts, customers: members, n: n, replications: R)
            let truth = members.reduce(0) { $0 + expected[$1] } / Double(members.count)
            #expect(abs(mean - truth) < 4 * se, "\(name) (\(members.count) customers): simulated \(mean) vs E[Y(39)|x,t_x,T] \(truth), SE \(se)")
        }
    }

    @Test func bgnbdBaseReproducesConditionalExpectations() async throws {
        let s = try Self.load(Self.cdnow(), replications: 200)
        // The CDNOW fit is weekly, as the horizon: the model is the file's.
        let fit = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: URL(fileURLWithPath: Self.data("fits/cdnow-bgnbd.json"))))
        try await Self.checkConditionalExpectations(s, model: try fit.parameters(as: BGNBD.self))
    }

    @Test func paretoBaseReproducesConditionalExpectations() async throws {
        let s = try Self.load(Self.cdnow(model: "model: pareto.json"), replications: 200,
                              files: ["pareto.json": try JSONEncoder().encode(Self.paretoFit)])
        try await Self.checkConditionalExpectations(s, model: try Self.paretoFit.parameters(as: ParetoNBD.self))
    }

    /// Repeat buyers' simulated spend per purchase: E[revenue] = E[Y]·E[Z | x, z̄] customer by
    /// customer (ν is independent of λ and p), so the ratio of totals estimates
    /// Σ E[Yᵢ] E[Zᵢ] / Σ E[Yᵢ]; its error comes from the spread of the per-replication ratios.
    @Test func repeatBuyersSpendMatchesGammaGamma() async throws {
        let s = try Self.load(Self.cdnow(), replications: 100)
        let base = try #require(s.population.customerBase)
        let bg = try #require(s.population.segments[0].purchaseModel), gg = try #require(base.spend)
        let n = base.count, R = s.replications
        let buyers = (0..<n).filter { base.frequency[$0] > 0 }
        let result = try await Self.run(s)
        let v = result.variants[0]
        var weighted = 0.0, weights = 0.0
        for i in buyers {
            let y = bg.conditionalExpectedPurchases(39, frequency: Int(base.frequency[i]), recency: base.recency[i], age: base.age[i])
            weighted += y * gg.conditionalExpectedSpend(frequency: Int(base.frequency[i]), monetaryValue: base.monetaryValue[i])
            weights += y
        }
        let ratios = (0..<R).map { r -> Double in
            let revenue = buyers.reduce(0.0) { $0 + v.revenue[r * n + $1] }
            let purchases = buyers.reduce(0.0) { $0 + Double(v.purchaseCount[r * n + $1]) }
            return revenue / purchases
        }
        let mean = ratios.reduce(0, +) / Double(R)
        let se = (ratios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(R - 1) / Double(R)).squareRoot()
        #expect(abs(mean - weighted / weights) < 4 * se, "spend per purchase \(mean) vs Gamma-Gamma \(weighted / weights), SE \(se)")
    }

    /// A customer the model all but rules out (20 purchases in the first week, silent for 100) never
    /// buys; one with P(alive) near BG/NBD's ceiling and a high frequency buys at the posterior rate (r + x)/(α + T)
    /// less the dropout after each purchase, i.e. E[Y(39) | x, t_x, T].
    @Test func extremeHistoriesFollowTheirPosterior() async throws {
        let s = try Self.loadSummary("gone,20,1,101,30\nloyal,40,60,60,30\n", replications: 2000)
        let base = try #require(s.population.customerBase)
        let bg = try #require(s.population.segments[0].purchaseModel)
        #expect(bg.probabilityAlive(frequency: 20, recency: 1, age: 101) < 1e-9)
        // BG/NBD's ceiling: even a customer who bought at T may have left right after, P(alive) =
        // 1/(1 + a/(b + x − 1)) ≈ 0.981 for the CDNOW fit.
        #expect(bg.probabilityAlive(frequency: 40, recency: 60, age: 60) > 0.98)
        let result = try await Self.run(s)
        let counts = result.variants[0].purchaseCount
        let gone = base.customerIDs.firstIndex(of: "gone")!, loyal = base.customerIDs.firstIndex(of: "loyal")!
        #expect((0..<2000).allSatisfy { counts[$0 * 2 + gone] == 0 })
        let (mean, se) = Self.meanAndError(counts, customers: [loyal], n: 2, replications: 2000)
        let truth = bg.conditionalExpectedPurchases(39, frequency: 40, recency: 60, age: 60)
        #expect(abs(mean - truth) < 4 * se, "loyal: \(mean) vs \(truth), SE \(se)")
        // The posterior rate itself: (r + x)/(α + T) a week, 39 weeks less what dropout takes.
        #expect(truth < 39 * bg.conditionalPurchaseRate(frequency: 40, recency: 60, age: 60))
    }

    /// `sample: n` simulates n customers standing for the whole base: the base size stays the real
    /// count, and per-customer means agree with the full base's within Monte Carlo and sampling error.
    @Test func sampleStandsForTheBase() async throws {
        let full = try await Self.run(try Self.load(Self.cdnow(), replications: 20))
        let sampled = try Self.load(Self.cdnow(extra: "    sample: 800"), replications: 20)
        #expect(sampled.population.customers == 800 && sampled.population.base == 2357)
        #expect(sampled.population.customerBase?.source.sample == 800)
        let part = try await Self.run(sampled)
        func perCustomer(_ r: SimulationResult) -> [Double] {
            let n = r.customers
            return (0..<n).map { i in (0..<r.replications).reduce(0.0) { $0 + r.variants[0].grossCLV[$1 * n + i] } / Double(r.replications) }
        }
        func meanSE(_ xs: [Double]) -> (Double, Double) {
            let m = xs.reduce(0, +) / Double(xs.count)
            return (m, (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1) / Double(xs.count)).squareRoot())
        }
        let (a, sa) = meanSE(perCustomer(full)), (b, sb) = meanSE(perCustomer(part))
        #expect(abs(a - b) < 4 * (sa * sa + sb * sb).squareRoot(), "full base \(a) vs sample \(b)")
        // The sample is drawn once per scenario seed: loading again gives the same customers.
        let again = try Self.load(Self.cdnow(extra: "    sample: 800"), replications: 20)
        #expect(again.population.customerBase?.customerIDs == sampled.population.customerBase?.customerIDs)
    }

    /// Bad inputs name the scenario file's key and the data file.
    @Test func badInputsNameFileAndKey() throws {
        func problems(_ population: String, files: [String: Data] = [:]) -> String {
            do { _ = try Self.load(population, files: files); return "" } catch { return "\(error)" }
        }
        let late = problems(Self.cdnow().replacingOccurrences(of: "1997-09-30", with: "1999-01-01"))
        #expect(late.contains("population.from_customers.observed_until") && late.contains("CDNOW_sample.txt") && late.contains("1998-06-30"), "\(late)")
        let early = problems(Self.cdnow().replacingOccurrences(of: "1997-09-30", with: "1996-01-01"))
        #expect(early.contains("population.from_customers.observed_until") && early.contains("1997-01-01"), "\(early)")
        var noPeriod = Self.paretoFit
        noPeriod.period = "period"
        let period = problems(Self.cdnow(model: "model: p.json"), files: ["p.json": try JSONEncoder().encode(noPeriod)])
        #expect(period.contains("population.from_customers.model") && period.contains("p.json") && period.contains("cannot be converted"), "\(period)")
        let attributes = "customer_id,tier\n00001,gold\n"
        let missing = problems(Self.cdnow(extra: "    segments: { column: tier, file: tiers.csv }"), files: ["tiers.csv": Data(attributes.utf8)])
        #expect(missing.contains("population.from_customers.segments.file") && missing.contains("tiers.csv") && missing.contains("have no 'tier'"), "\(missing)")
        let both = problems(Self.cdnow(extra: "    summary: x.csv"))
        #expect(both.contains("not both"), "\(both)")
    }
}

/// `parameter_uncertainty`: each replication draws the fitted models' parameters once.
@Suite struct ParameterUncertaintyRunTests {
    typealias T = CustomerBaseTests

    static func fromFit(_ draws: Bool) throws -> Scenario {
        try T.load("""
              customers: 20_000
              from_fit: \(T.data("fits/cdnow-bgnbd.json"))
              spend_fit: \(T.data("fits/cdnow-gamma-gamma.json"))
              parameter_uncertainty: \(draws)
            """, replications: 40)
    }

    /// Replication means of new customers' CLV spread more when the parameters are drawn: a
    /// one-sided F test of the two variances at the 0.1 % level (F(39, 39) 0.999-quantile ≈ 2.7,
    /// from scipy.stats.f.ppf(0.999, 39, 39) = 2.718). The Monte Carlo interval, computed from the
    /// within-replication variance, keeps its width (the F-interval of a ratio of within
    /// variances over 800,000 values each is [0.99, 1.01]; 1.25 leaves room for the drawn
    /// parameters' effect on the customers' own spread).
    @Test func drawnParametersWidenTheAssumptionSpreadOnly() async throws {
        let on = try await T.run(try Self.fromFit(true)), off = try await T.run(try Self.fromFit(false))
        func replicationMeans(_ r: SimulationResult) -> [Double] {
            (0..<r.replications).map { k in r.variants[0].grossCLV(replication: k, customers: r.customers).reduce(0, +) / Double(r.customers) }
        }
        func variance(_ xs: [Double]) -> Double {
            let m = xs.reduce(0, +) / Double(xs.count)
            return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        }
        func withinVariance(_ r: SimulationResult) -> Double {
            (0..<r.replications).map { variance(Array(r.variants[0].grossCLV(replication: $0, customers: r.customers))) }.reduce(0, +) / Double(r.replications)
        }
        let ratio = variance(replicationMeans(on)) / variance(replicationMeans(off))
        #expect(ratio > 2.718, "variance of replication means with / without drawn parameters: \(ratio)")
        let within = withinVariance(on) / withinVariance(off)
        #expect(within > 0.8 && within < 1.25, "within-replication variance ratio \(within)")
    }

    /// Turned off, a run equals one whose model files have no covariance at all, bit for bit; turned
    /// on, a file without covariance is refused, naming the file and the key.
    @Test func offIsTheEstimatesBitForBit() async throws {
        var bare = try JSONDecoder().decode(FittedModel.self, from: Data(contentsOf: URL(fileURLWithPath: T.data("fits/cdnow-bgnbd.json"))))
        #expect(bare.covariance != nil)
        bare.covariance = nil
        let files = ["bare.json": try JSONEncoder().encode(bare)]
        let withCovariance = try T.load(T.cdnow(), replications: 3)
        let without = try T.load(T.cdnow(model: "model: bare.json"), replications: 3, files: files)
        let a = try await T.run(withCovariance), b = try await T.run(without)
        #expect(a.variants[0].grossCLV == b.variants[0].grossCLV)
        let refused = T.cdnow(model: "model: bare.json").replacingOccurrences(of: "parameter_uncertainty: false", with: "parameter_uncertainty: true")
        do { _ = try T.load(refused, files: files); Issue.record("a model file without covariance was accepted") } catch {
            #expect("\(error)".contains("population.from_customers.model") && "\(error)".contains("bare.json") && "\(error)".contains("refit"), "\(error)")
        }
    }
}

/// A real base keeps DESIGN.md §4: the same bits for any thread count and any shard count, with
/// a targeted win-back (departed customers contacted too) and drawn parameters; `--customers`
/// (``Population/simulating(_:seed:)``) samples the base rather than reading its first rows.
@Suite struct CustomerBaseReproducibilityTests {
    typealias T = CustomerBaseTests
    static let winBack = """
        [{ name: control }, { name: win-back, interventions: [{ kind: discount, start: 3, end: 8, depth: 0.2,
           target: { p_alive_below: 0.5, frequency_at_least: 1 }, effects: { purchase_rate: 1.5 }, costs: { per_contact: 0.5 } }] }]
        """

    @Test func threadsAndShardsGiveTheSameBits() async throws {
        let s = try T.load(T.cdnow().replacingOccurrences(of: "parameter_uncertainty: false", with: "parameter_uncertainty: true"),
                           replications: 3, variants: Self.winBack)
        let one = try await SimulationEngine(scenario: s, threads: 1).run()
        let reference = ReproducibilityTests.fingerprint(one)
        #expect(ReproducibilityTests.fingerprint(try await SimulationEngine(scenario: s, threads: 3).run()) == reference)
        let parts = try await (1...3).asyncMap { try await SimulationEngine(scenario: s, threads: 2).runShard(Shard(index: $0, count: 3)) }
        #expect(ReproducibilityTests.fingerprint(try SimulationEngine.merge(parts)) == reference)
    }

    /// A customer the model rules out is still on the firm's list: the win-back scores them from
    /// their real history, contacts them (−per_contact, undiscounted at rate 0) and they never take
    /// it up; a customer the rule excludes costs nothing.
    @Test func departedCustomersAreContactedNotEnrolled() async throws {
        let s = try T.loadSummary("gone,20,1,101,30\nfresh,0,0,2,0\n", periods: 10, replications: 50, variants: """
            [{ name: control }, { name: win-back, interventions: [{ kind: retention, start: 1, every: 4, target: { p_alive_below: 0.5 },
               uptake: 1, effects: { purchase_rate: 2 }, costs: { per_contact: 1 } }] }]
            """)
        let r = try await T.run(s)
        let gone = s.population.customerBase!.customerIDs.firstIndex(of: "gone")!, fresh = 1 - gone
        for k in 0..<50 {
            // Contacts at periods 1, 5 and 9, none taken up: −3 and no purchase, in every replication.
            #expect(r.variants[1].grossCLV[k * 2 + gone] == -3 && r.variants[0].grossCLV[k * 2 + gone] == 0)
            #expect(r.variants[1].reached(k * 2 + gone, intervention: 0) == (targeted: true, enrolled: false))
            #expect(r.variants[1].reached(k * 2 + fresh, intervention: 0).targeted == false)
        }
    }

    @Test func simulatingFewerCustomersSamplesTheBase() throws {
        let s = try T.load(T.cdnow(extra: "    segments: { rfm: true }"))
        let p = s.population.simulating(500, seed: s.seed)
        let base = try #require(p.customerBase)
        #expect(p.customers == 500 && base.count == 500 && p.base == 2357 && p.layout.customers == 500)
        #expect(p.segmentSizes?.reduce(0, +) == 500 && abs(p.segments.reduce(0) { $0 + $1.share } - 1) < 1e-12)
        // Uniform, not the first rows: the sample reaches the end of the base.
        let all = try #require(s.population.customerBase)
        #expect(base.customerIDs.contains(all.customerIDs.last!) || base.customerIDs.contains(all.customerIDs[all.count - 2]) || Set(base.customerIDs).intersection(all.customerIDs.suffix(500)).count > 50)
        // More customers than the base has: the whole base.
        #expect(s.population.simulating(10_000).customers == 2357)
    }
}

/// The targeting rules read a real customer's history before `observed_until` plus the
/// simulated periods before the start: exact on a customer the model rules out (no simulated
/// purchase ever), x = 20, t_x = 1, T = 101 weeks.
@Suite struct RealHistoryTargetingTests {
    @Test func rulesReadTheRealHistory() async throws {
        let rules: [(name: String, start: Int, target: String, targeted: Bool)] = [
            ("f20", 1, "frequency_at_least: 20", true), ("f21", 1, "frequency_at_least: 21", false),
            ("t101", 1, "tenure_at_least: 101", true), ("t102-1", 1, "tenure_at_least: 102", false), ("t102-2", 2, "tenure_at_least: 102", true),
            // Weeks since the last purchase: T − t_x = 100 at the start of week 1, 101 at week 2.
            ("r100", 1, "recency_at_least: 100", true), ("r101-1", 1, "recency_at_least: 101", false), ("r101-2", 2, "recency_at_least: 101", true),
        ]
        let variants = "[{ name: control }" + rules.map { r in
            ", { name: \(r.name), interventions: [{ kind: retention, start: \(r.start), target: { \(r.target) }, uptake: 1, effects: { churn: 0.5 } }] }"
        }.joined() + "]"
        let s = try CustomerBaseTests.loadSummary("gone,20,1,101,30\n", periods: 4, replications: 5, variants: variants)
        let r = try await CustomerBaseTests.run(s)
        for (v, rule) in rules.enumerated() {
            for k in 0..<5 {
                #expect(r.variants[v + 1].reached(k, intervention: 0).targeted == rule.targeted, "\(rule.name), replication \(k)")
            }
        }
    }
}

/// A subscription base: the subscriptions active at `observed_until`, each with θ from its
/// posterior Beta(γ, δ + n) after n renewals. Oracle: the sBG's conditional survival,
/// Π_{j=1}^{k−1} (δ + n + j − 1)/(γ + δ + n + j − 1) for the k-th period (Fader & Hardie 2007),
/// computed here from γ and δ alone.
@Suite struct SubscriptionBaseTests {
    static let fit = FittedModel(model: .sbg, parameters: ["gamma": 0.704, "delta": 1.182], logLikelihood: -1, customers: 1000,
                                 period: "year", converged: true)

    static func subscribers() -> Data {
        // 3,000 active for 3.5 years (3 renewals), 500 ended before observed_until, 200 starting after it.
        var csv = "customer,start,end\n"
        for i in 0..<3000 { csv += "s\(i),2023-06-30,\n" }
        for i in 0..<500 { csv += "e\(i),2022-01-01,2025-06-30\n" }
        for i in 0..<200 { csv += "l\(i),2027-02-01,\n" }
        return Data(csv.utf8)
    }

    @Test func activeSubscribersSurviveAsTheirPosteriorSays() async throws {
        var warnings: [String] = []
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-subs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.subscribers().write(to: dir.appendingPathComponent("subs.csv"))
        try JSONEncoder().encode(Self.fit).write(to: dir.appendingPathComponent("sbg.json"))
        let text = """
            scenario: subscribers
            seed: 3
            horizon: { periods: 5, period: year }
            replications: 20
            population:
              from_customers: { subscribers: subs.csv, observed_until: 2026-12-31, model: sbg.json, fee: 120, parameter_uncertainty: false }
            economics: { margin: 1, cost_to_serve: 0, acquisition_cost: 0, annual_discount_rate: 0 }
            variants: [{ name: control }]
            """
        try text.write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: dir.appendingPathComponent("s.yaml").path, warn: { warnings.append($0) })
        #expect(s.population.customers == 3000 && warnings.contains { $0.contains("500 ended") && $0.contains("200 started after") })
        let base = try #require(s.population.customerBase)
        #expect(base.history(0).renewals == 3)
        let r = try await CustomerBaseTests.run(s)
        let n = 3.0, gamma = 0.704, delta = 1.182
        var survival = 1.0
        for k in 1...5 {
            if k > 1 { survival *= (delta + n + Double(k - 1) - 1) / (gamma + delta + n + Double(k - 1) - 1) }
            let alive = r.variants[0].periodTotals.reduce(0.0) { $0 + $1[k, .alive] } / Double(3000 * 20)
            let se = (survival * (1 - survival) / Double(3000 * 20)).squareRoot()
            #expect(abs(alive - survival) < 4 * max(se, 1e-12), "period \(k): \(alive) live vs \(survival)")
            // Each live subscriber pays the fee.
            #expect(r.variants[0].periodTotals[0][k, .revenue] == 120 * r.variants[0].periodTotals[0][k, .alive])
        }
    }

    @Test func anSBGFitNeedsTheHorizonsPeriod() throws {
        let problem: String
        do {
            _ = try CustomerBaseTests.load("""
                  from_customers: { subscribers: subs.csv, observed_until: 2026-12-31, model: sbg.json, fee: 10, parameter_uncertainty: false }
                """, files: ["subs.csv": Self.subscribers(), "sbg.json": try JSONEncoder().encode(Self.fit)])
            problem = ""
        } catch { problem = "\(error)" }
        #expect(problem.contains("population.from_customers.model") && problem.contains("sbg.json") && problem.contains("cannot be converted"), "\(problem)")
    }
}
