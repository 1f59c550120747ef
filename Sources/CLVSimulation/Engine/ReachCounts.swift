/// How many simulated customers one intervention of a variant reached, in one replication
/// (issue #16, item 5): the counts that tell "+0.00, cost 0.01" apart from "nobody was targeted".
///
/// - `eligible`: live at the intervention's start and in a segment it targets (before its rules);
/// - `targeted`: of those, the ones every targeting rule (share, P(alive), recency, top k %) kept;
/// - `contacts`: contacts made, each counted (a retention campaign re-contacts every `every` periods);
/// - `enrolled`: customers who responded or enrolled at least once (the uptake draw);
/// - `treatedPeriods`: customer-periods in the intervention's window with the customer enrolled.
///
/// Counted in the hot loop as doubles in the tail of each variant-and-segment block of period
/// sums (``RunPlan/reachOffset``), so they travel with those sums through chunks, streaming
/// accumulators and shards, and are exact (integers far below 2^53).
public struct ReachCounts: Sendable, Equatable, Codable {
    public var eligible: Double = 0
    public var targeted: Double = 0
    public var contacts: Double = 0
    public var enrolled: Double = 0
    public var treatedPeriods: Double = 0

    public init() {}

    public init(eligible: Double, targeted: Double, contacts: Double, enrolled: Double, treatedPeriods: Double) {
        self.eligible = eligible
        self.targeted = targeted
        self.contacts = contacts
        self.enrolled = enrolled
        self.treatedPeriods = treatedPeriods
    }

    /// Cells per intervention in a block's tail, in the order of ``Cell``.
    static let cellCount = 5

    enum Cell: Int { case eligible, targeted, contacts, enrolled, treatedPeriods }

    /// Read the cells of one intervention.
    init(cells c: UnsafeBufferPointer<Double>) {
        self.init(eligible: c[Cell.eligible.rawValue], targeted: c[Cell.targeted.rawValue], contacts: c[Cell.contacts.rawValue],
                  enrolled: c[Cell.enrolled.rawValue], treatedPeriods: c[Cell.treatedPeriods.rawValue])
    }

    /// Element-wise sum.
    public static func + (a: ReachCounts, b: ReachCounts) -> ReachCounts {
        ReachCounts(eligible: a.eligible + b.eligible, targeted: a.targeted + b.targeted, contacts: a.contacts + b.contacts,
                    enrolled: a.enrolled + b.enrolled, treatedPeriods: a.treatedPeriods + b.treatedPeriods)
    }
}

/// The reach of one intervention of a variant, per replication.
public struct InterventionReach: Sendable, Equatable, Codable {
    public let intervention: String
    /// One entry per replication, counted over the simulated customers.
    public let perReplication: [ReachCounts]

    public init(intervention: String, perReplication: [ReachCounts]) {
        self.intervention = intervention
        self.perReplication = perReplication
    }

    /// Counts over all replications.
    public var total: ReachCounts { perReplication.reduce(ReachCounts(), +) }
}

extension RunPlan {
    /// The reach of variant `v`'s interventions in replication `r`, from the block tails of every
    /// chunk and segment; `cell(k)` reads cell k of a variant-and-segment block (`k` counted from
    /// the block's start).
    func reach(variant v: Int, blocks: [(Int) -> Double]) -> [ReachCounts] {
        scenario.variants[v].interventions.indices.map { j in
            var counts = ReachCounts()
            for read in blocks {
                var cells = [Double](repeating: 0, count: ReachCounts.cellCount)
                for k in 0..<ReachCounts.cellCount { cells[k] = read(reachOffset + j * ReachCounts.cellCount + k) }
                counts = counts + cells.withUnsafeBufferPointer { ReachCounts(cells: $0) }
            }
            return counts
        }
    }

    /// Regroup per-replication counts (`[replication][intervention]`) by intervention.
    func reachByIntervention(variant v: Int, _ perReplication: [[ReachCounts]]) -> [InterventionReach] {
        scenario.variants[v].interventions.enumerated().map { j, iv in
            InterventionReach(intervention: iv.name, perReplication: perReplication.map { $0[j] })
        }
    }
}
