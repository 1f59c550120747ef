/// Everything a run produced, per variant and replication.
public struct SimulationResult: Sendable {
    /// The scenario as run (with command-line overrides applied).
    public let scenario: Scenario
    /// Which customers are in which segment.
    public let layout: PopulationLayout
    /// The scalar inputs drawn for each replication.
    public let inputs: [ReplicationInputs]
    public let variants: [VariantOutcome]

    public var customers: Int { layout.customers }
    public var replications: Int { inputs.count }
    public var periods: Int { scenario.horizon.periods }
}

/// The outcome of one variant.
public struct VariantOutcome: Sendable {
    public let name: String
    /// Gross CLV (discounted margin minus costs, before acquisition cost) of every simulated
    /// customer, replication-major: index `replication × customers + customer`.
    public let grossCLV: [Double]
    /// Period sums per replication.
    public let periodTotals: [PeriodTotals]
    /// Customers still alive after the last period, per replication.
    public let aliveAtHorizon: [Int]

    /// Gross CLV values of one replication.
    public func grossCLV(replication r: Int, customers n: Int) -> ArraySlice<Double> {
        grossCLV[(r * n)..<((r + 1) * n)]
    }
}
