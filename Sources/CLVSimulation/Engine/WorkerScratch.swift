import Stochastic

/// One worker's scratch, allocated once per worker and reused for every customer: nothing in the
/// per-customer loop allocates.
final class WorkerScratch {
    let stream = KeyedStream()
    /// Per-customer state of each intervention of the current variant.
    let state: UnsafeMutablePointer<InterventionState>
    let stateCount: Int
    /// The baseline's path of the current customer, replayed by the other variants.
    let baselineRecord: BaselineRecord
    let periods: Int
    /// The current customer's targeting context (set in runs with interventions).
    let context: UnsafeMutablePointer<CustomerContext>

    /// - Parameter firstActive: each variant's first intervention period; the baseline keeps its
    ///   state at the end of the period before each.
    init(_ run: RunPlan, firstActive: [Int]) {
        let h = run.periods
        periods = h
        stateCount = max(1, run.scenario.variants.map(\.interventions.count).max() ?? 0)
        state = .allocate(capacity: stateCount)
        state.initialize(repeating: InterventionState(), count: stateCount)
        let activity = UnsafeMutablePointer<RecordedActivity>.allocate(capacity: h)
        activity.initialize(repeating: RecordedActivity(), count: h)
        let states = UnsafeMutablePointer<PathState>.allocate(capacity: h)
        states.initialize(repeating: PathState(), count: h)
        let keepsState = UnsafeMutablePointer<Bool>.allocate(capacity: h)
        keepsState.initialize(repeating: false, count: h)
        for first in firstActive where first > 1 && first <= h { keepsState[first - 2] = true }
        baselineRecord = BaselineRecord(activity: activity, states: states, keepsState: keepsState)
        context = .allocate(capacity: 1)
        context.initialize(to: CustomerContext(segment: 0, pAliveModel: nil, valueScorer: nil, key: CustomerKey(seed: 0, replication: 0, customer: 0)))
    }

    /// The reach of the customer just simulated (``CustomerOutcome/reachFlags``), from the
    /// interventions' final states.
    @inline(__always)
    func reachFlags(interventions: Int) -> UInt64 {
        var flags: UInt64 = 0
        for j in 0..<interventions {
            switch state[j].status {
            case .active: flags |= 3 << UInt64(2 * j)
            case .declined: flags |= 1 << UInt64(2 * j)
            case .undecided, .notTargeted: break
            }
        }
        return flags
    }

    deinit {
        state.deallocate()
        baselineRecord.activity.deallocate()
        baselineRecord.states.deallocate()
        UnsafeMutablePointer(mutating: baselineRecord.keepsState).deallocate()
        context.deinitialize(count: 1)
        context.deallocate()
    }
}

@available(*, unavailable, message: "a worker's scratch belongs to its worker")
extension WorkerScratch: Sendable {}
