import CLVSimulation

/// How many customers one intervention of a variant reached (summary.json `reach[]`, `reach.csv`,
/// the report's reach table): per replication among the simulated customers, and scaled to the
/// base the scenario stands for.
public struct ReachReport: Codable, Sendable, Equatable {
    public var variant: String
    public var intervention: String
    /// Replications the means are over.
    public var replications: Int
    /// Simulated customers per replication (the denominator of `share_targeted`).
    public var customers: Int
    public var baseSize: Int
    /// Mean per replication among the simulated customers.
    public var simulated: Counts
    /// `simulated` × base size ÷ simulated customers.
    public var base: Counts
    /// Targeted ÷ simulated customers.
    public var shareTargeted: Double
    /// Enrolled (or responding) ÷ targeted; absent when nobody was targeted.
    public var enrolmentRate: Double?

    public struct Counts: Codable, Sendable, Equatable {
        /// Live at the intervention's start and in a segment it targets.
        public var eligible: Double
        /// Kept by every targeting rule.
        public var targeted: Double
        /// Contacts made, each re-contact counted.
        public var contacts: Double
        /// Responded or enrolled at least once.
        public var enrolled: Double
        /// Customer-periods in the window with the customer enrolled.
        public var treatedPeriods: Double

        enum CodingKeys: String, CodingKey {
            case eligible, targeted, contacts, enrolled
            case treatedPeriods = "treated_periods"
        }

        /// `c` × `numerator` ÷ `denominator`, multiplied first so whole counts stay whole.
        init(_ c: ReachCounts, times numerator: Double, over denominator: Double) {
            eligible = c.eligible * numerator / denominator
            targeted = c.targeted * numerator / denominator
            contacts = c.contacts * numerator / denominator
            enrolled = c.enrolled * numerator / denominator
            treatedPeriods = c.treatedPeriods * numerator / denominator
        }
    }

    enum CodingKeys: String, CodingKey {
        case variant, intervention, replications, customers, simulated, base
        case baseSize = "base_size"
        case shareTargeted = "share_targeted"
        case enrolmentRate = "enrolment_rate"
    }

    public init(variant: String, reach: InterventionReach, customers: Int, baseSize: Int) {
        self.variant = variant
        intervention = reach.intervention
        replications = reach.perReplication.count
        self.customers = customers
        self.baseSize = baseSize
        let reps = Double(max(1, replications))
        simulated = Counts(reach.total, times: 1, over: reps)
        base = Counts(reach.total, times: Double(baseSize), over: reps * Double(customers))
        shareTargeted = simulated.targeted / Double(customers)
        enrolmentRate = simulated.targeted > 0 ? simulated.enrolled / simulated.targeted : nil
    }

    /// Share of the base below which an intervention is said to reach almost nobody.
    public static let lowReachShare = 0.01

    /// The warning this reach deserves, if any: nobody targeted, fewer than 1 % of the base, or
    /// targeted customers of whom nobody enrolled.
    public var warning: String? {
        let name = "'\(intervention)' in variant '\(variant)'"
        if simulated.targeted == 0 {
            return simulated.eligible == 0
                ? "\(name) reaches nobody: no customer was live in a targeted segment at its start (period and segments)"
                : "\(name) reaches nobody: its targeting rules kept none of the \(CSVNumber.format(simulated.eligible)) eligible customers per replication"
        }
        if shareTargeted < Self.lowReachShare {
            return "\(name) targets \(Self.percent(shareTargeted)) of the base (fewer than 1 %): its effect on the totals is small by construction"
        }
        if simulated.enrolled == 0 { return "\(name) targets customers but none responds or enrols (uptake 0?)" }
        return nil
    }

    static func percent(_ x: Double) -> String {
        let p = x * 100
        return p < 0.1 && p > 0 ? "\(String(format: "%.3g", p)) %" : "\(String(format: "%.1f", p)) %"
    }
}
