import Stochastic

/// One customer in one variant: the path specialised for the segment's lifetime model, and
/// without interventions (``NoInterventions``) when the variant has none and replays nothing.
///
/// - Parameters:
///   - state: the worker's scratch, one per intervention.
///   - context: the worker's slot with what targeting reads (set only in runs with interventions).
///   - generalPathOnly: take the path with interventions even when there are none (tests show
///     both give the same bits).
@inline(__always)
func simulateCustomer(
    _ c: PathInputs, interventions: UnsafeBufferPointer<CompiledIntervention>, tiers: UnsafeBufferPointer<CompiledTier>,
    state: UnsafeMutablePointer<InterventionState>, context: UnsafePointer<CustomerContext>, replay: BaselineReplay?, generalPathOnly: Bool = false
) -> CustomerOutcome {
    switch c.segment.lifetime {
    case .bgnbd:
        return simulateCustomer(BGNBDStep.self, c, interventions: interventions, tiers: tiers, state: state, context: context,
                                replay: replay, generalPathOnly: generalPathOnly)
    case .paretonbd:
        return simulateCustomer(ParetoNBDStep.self, c, interventions: interventions, tiers: tiers, state: state, context: context,
                                replay: replay, generalPathOnly: generalPathOnly)
    case .contractual:
        return simulateCustomer(ContractualStep.self, c, interventions: interventions, tiers: tiers, state: state, context: context,
                                replay: replay, generalPathOnly: generalPathOnly)
    case .fixed:
        return simulateCustomer(FixedLifetimeStep.self, c, interventions: interventions, tiers: tiers, state: state, context: context,
                                replay: replay, generalPathOnly: generalPathOnly)
    }
}

@inline(__always)
private func simulateCustomer<Lifetime: LifetimeStep>(
    _: Lifetime.Type, _ c: PathInputs, interventions: UnsafeBufferPointer<CompiledIntervention>, tiers: UnsafeBufferPointer<CompiledTier>,
    state: UnsafeMutablePointer<InterventionState>, context: UnsafePointer<CustomerContext>, replay: BaselineReplay?, generalPathOnly: Bool
) -> CustomerOutcome {
    if interventions.isEmpty && replay == nil && !generalPathOnly {
        var none = NoInterventions()
        return simulatePath(Lifetime.self, schedule: &none, customer: c)
    }
    var schedule = InterventionSchedule(interventions: interventions, tiers: tiers, state: state, context: context, stream: c.stream,
                                        replay: replay, reach: c.rows + c.periods * PeriodTotals.metricCount)
    return simulatePath(Lifetime.self, schedule: &schedule, customer: c)
}
