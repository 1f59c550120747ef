import Foundation
import Stochastic

/// The ``PeriodSchedule`` of a variant with interventions: decides, per customer and period,
/// who is contacted and enrols, and reduces every active intervention to one
/// ``PeriodModifiers`` value.
///
/// Decisions are taken at the start of a period from the history through t − 1 and act in that
/// period; each draws from its own keyed stream (uptake per customer, intervention name and
/// decision period; the holdout share per customer and name), never from the activity stream.
struct InterventionSchedule: PeriodSchedule {
    let interventions: UnsafeBufferPointer<CompiledIntervention>
    let tiers: UnsafeBufferPointer<CompiledTier>
    /// The worker's scratch, one per intervention; reset here for each customer.
    let state: UnsafeMutablePointer<InterventionState>
    /// The worker's slot holding the current customer's targeting context.
    let context: UnsafePointer<CustomerContext>
    let stream: KeyedStream
    let replay: BaselineReplay?
    /// The reach counts of the customer's variant and segment in this chunk
    /// (``ReachCounts/Cell`` per intervention).
    let reach: UnsafeMutablePointer<Double>
    /// The first period from which every intervention that has enrolled the customer is over:
    /// no effect, price cut or per-period cost (0 while none has; never, for effects that fade
    /// with a half-life).
    private(set) var quietFrom = 0

    static var acts: Bool { true }

    @inline(__always)
    init(interventions: UnsafeBufferPointer<CompiledIntervention>, tiers: UnsafeBufferPointer<CompiledTier>,
         state: UnsafeMutablePointer<InterventionState>, context: UnsafePointer<CustomerContext>, stream: KeyedStream,
         replay: BaselineReplay?, reach: UnsafeMutablePointer<Double>) {
        self.reach = reach
        self.interventions = interventions
        self.tiers = tiers
        self.state = state
        self.context = context
        self.stream = stream
        self.replay = replay
        for j in 0..<interventions.count { state[j] = InterventionState() }
    }

    @inline(__always)
    mutating func modifiers(at t: Int, history: PurchaseHistory) -> PeriodModifiers {
        var m = PeriodModifiers.identity
        // One intervention after another, decision then effect: the costs add up in this order.
        for j in 0..<interventions.count {
            let iv = interventions[j]
            decide(j, iv, at: t, history: history, into: &m)
            if state[j].status == .active {
                if t <= iv.end { count(.treatedPeriods, j) }
                applyEffects(j, iv, at: t, to: &m)
            }
        }
        return m
    }

    /// Targeting, contact cost and uptake at a decision period (the start, and each retention
    /// re-contact).
    @inline(__always)
    private mutating func decide(_ j: Int, _ iv: CompiledIntervention, at t: Int, history h: PurchaseHistory,
                                 into m: inout PeriodModifiers) {
        let contact = t == iv.start
            || (iv.kind == .retention && iv.every > 0 && t > iv.start && t <= iv.end && (t - iv.start) % iv.every == 0)
        guard contact && state[j].status != .notTargeted else { return }
        if state[j].status == .undecided {
            if iv.segmentMask & (1 << UInt64(context.pointee.segment)) != 0 { count(.eligible, j) }
            if !isTargeted(iv, index: j, context: context.pointee, stream: stream, t: t,
                           purchases: h.purchases, lastPurchase: h.lastPurchase, spend: h.spend) {
                state[j].status = .notTargeted
                return
            }
            count(.targeted, j)
        }
        m.campaign += iv.perContact
        count(.contacts, j)
        // One uptake draw per customer, intervention name and decision period.
        stream.rekey(context.pointee.key, period: t, purpose: DrawPurpose(rawValue: DrawPurpose.uptakeBase ^ iv.nameKey))
        if stream.uniform() < iv.uptake {
            if state[j].status != .active { count(.enrolled, j) }
            state[j].status = .active
            state[j].since = t
            quietFrom = max(quietFrom, iv.halfLife > 0 ? Int.max : iv.end + 1 + (iv.kind == .discount ? iv.dipPeriods : 0))
        } else if state[j].status != .active {
            state[j].status = .declined
        }
    }

    @inline(__always)
    private func count(_ cell: ReachCounts.Cell, _ j: Int) {
        reach[j * ReachCounts.cellCount + cell.rawValue] += 1
    }

    /// The effects and per-period costs of an intervention that has enrolled the customer.
    @inline(__always)
    private func applyEffects(_ j: Int, _ iv: CompiledIntervention, at t: Int, to m: inout PeriodModifiers) {
        let inWindow = t <= iv.end
        let w = strength(j, iv, at: t)
        var r = iv.rate, c = iv.churn, s = iv.spend
        switch iv.kind {
        case .loyalty:
            var reward = iv.rewardRate
            if iv.tierCount > 0 {
                // Highest tier reached by cumulative spend since enrolment.
                for k in stride(from: iv.tierStart + iv.tierCount - 1, through: iv.tierStart, by: -1)
                where state[j].spend >= tiers[k].minSpend {
                    r = tiers[k].rate; c = tiers[k].churn; s = tiers[k].spend; reward = tiers[k].rewardRate
                    break
                }
            }
            if inWindow {
                m.campaign += iv.perMember
                m.rewardRate += reward
            }
        case .discount:
            if inWindow { m.price *= iv.priceFactor }
            if !inWindow && t <= iv.end + iv.dipPeriods { m.rate *= iv.dipRate }
        case .personalisation:
            if inWindow { m.campaign += iv.perCustomerPerPeriod }
        case .retention:
            break
        }
        m.rate *= 1 + (r - 1) * w
        m.churn *= 1 + (c - 1) * w
        m.spend *= 1 + (s - 1) * w
    }

    /// Strength of the effects: 1 in the window, fading after it with the half-life; a retention
    /// response fades from the contact.
    @inline(__always)
    private func strength(_ j: Int, _ iv: CompiledIntervention, at t: Int) -> Double {
        let inWindow = t <= iv.end
        if iv.kind == .retention && iv.halfLife > 0 { return pow(0.5, Double(t - state[j].since) / iv.halfLife) }
        if iv.kind == .retention && !inWindow { return 0 }
        if inWindow { return 1 }
        return iv.halfLife > 0 ? pow(0.5, Double(t - iv.end) / iv.halfLife) : 0
    }

    @inline(__always)
    mutating func booked(spend: Double) {
        for j in 0..<interventions.count where state[j].status == .active { state[j].spend += spend }
    }

    /// The first period from `t` on at which an intervention not yet ruled out makes a decision
    /// (its start, or a retention re-contact); `periods + 1` if none.
    @inline(__always)
    func nextDecision(after t: Int, periods: Int) -> Int {
        var next = periods + 1
        for j in 0..<interventions.count where state[j].status != .notTargeted {
            let iv = interventions[j]
            if t <= iv.start {
                next = min(next, iv.start)
            } else if iv.kind == .retention && iv.every > 0 && t <= iv.end {
                let contact = iv.start + (t - iv.start + iv.every - 1) / iv.every * iv.every
                if contact <= iv.end { next = min(next, contact) }
            }
        }
        return next
    }
}
