import CLVSimulation

/// What `clvlab power` reports: the question (scenario, variant, metric, test length) and, per
/// sample size, what simulation and the normal formula say. CLVWorkflows' `PowerAnalysis`
/// computes it; ``PowerRendering`` renders it.
public enum PowerStudy {
    public enum Metric: String, CaseIterable, Sendable, Codable {
        /// Undiscounted revenue per customer over the test.
        case revenue
        /// Share of customers still active at the end of the test.
        case retention
        /// Undiscounted margin per customer net of cost to serve and campaign costs.
        case margin
    }

    public struct Query: Sendable {
        public var scenario: Scenario
        public var variant: String
        public var metric: Metric
        /// Test length in periods.
        public var periods: Int
        public var alpha: Double
        /// Simulated tests per evaluated n.
        public var tests: Int

        public init(scenario: Scenario, variant: String, metric: Metric, periods: Int, alpha: Double = 0.05, tests: Int = 400) {
            self.scenario = scenario
            self.variant = variant
            self.metric = metric
            self.periods = periods
            self.alpha = alpha
            self.tests = tests
        }
    }

    /// What simulation says for one n per arm.
    public struct Point: Sendable, Codable {
        public var customersPerArm: Int
        public var tests: Int
        /// Share of tests significant at α, and its binomial standard error.
        public var power: Double
        public var powerStandardError: Double
        /// Power predicted by the normal formula with the same Δ and σ.
        public var normalPower: Double
        /// True lift (variant − baseline), per customer, from paired outcomes.
        public var trueLift: Double
        public var sdBaseline: Double
        public var sdVariant: Double
        /// Distribution of the estimated lift across simulated tests.
        public var estimatedLiftMean: Double
        public var estimatedLiftP5: Double
        public var estimatedLiftP50: Double
        public var estimatedLiftP95: Double
        /// Minimum detectable effect at 80% power: (z₁₋α/₂ + z₀.₈) × SD of the estimated lift
        /// across tests (simulated) or × √(σ²_A/n + σ²_B/n) (normal theory).
        public var mdeSimulated: Double
        public var mdeNormal: Double

        enum CodingKeys: String, CodingKey {
            case tests, power
            case customersPerArm = "customers_per_arm", powerStandardError = "power_standard_error", normalPower = "normal_power"
            case trueLift = "true_lift", sdBaseline = "sd_baseline", sdVariant = "sd_variant"
            case estimatedLiftMean = "estimated_lift_mean", estimatedLiftP5 = "estimated_lift_p5"
            case estimatedLiftP50 = "estimated_lift_p50", estimatedLiftP95 = "estimated_lift_p95"
            case mdeSimulated = "mde_simulated", mdeNormal = "mde_normal"
        }

        public init(customersPerArm: Int, tests: Int, power: Double, powerStandardError: Double, normalPower: Double,
                    trueLift: Double, sdBaseline: Double, sdVariant: Double, estimatedLiftMean: Double,
                    estimatedLiftP5: Double, estimatedLiftP50: Double, estimatedLiftP95: Double,
                    mdeSimulated: Double, mdeNormal: Double) {
            self.customersPerArm = customersPerArm; self.tests = tests; self.power = power
            self.powerStandardError = powerStandardError; self.normalPower = normalPower; self.trueLift = trueLift
            self.sdBaseline = sdBaseline; self.sdVariant = sdVariant; self.estimatedLiftMean = estimatedLiftMean
            self.estimatedLiftP5 = estimatedLiftP5; self.estimatedLiftP50 = estimatedLiftP50
            self.estimatedLiftP95 = estimatedLiftP95; self.mdeSimulated = mdeSimulated; self.mdeNormal = mdeNormal
        }
    }


    public struct Search: Sendable, Codable {
        public var targetPower: Double
        /// Smallest n per arm evaluated whose simulated power reached the target.
        public var simulatedCustomersPerArm: Int
        public var normalCustomersPerArm: Int
        public var points: [Point]

        enum CodingKeys: String, CodingKey {
            case points
            case targetPower = "target_power"
            case simulatedCustomersPerArm = "simulated_customers_per_arm"
            case normalCustomersPerArm = "normal_customers_per_arm"
        }

        public init(targetPower: Double, simulatedCustomersPerArm: Int, normalCustomersPerArm: Int, points: [Point]) {
            self.targetPower = targetPower; self.simulatedCustomersPerArm = simulatedCustomersPerArm
            self.normalCustomersPerArm = normalCustomersPerArm; self.points = points
        }
    }
}
