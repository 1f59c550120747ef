import Stochastic

extension ChunkSimulation {
    /// A real customer judged to have left before period 1 (the posterior's dead branch): no
    /// purchases and no cost to serve in any variant, but the firm cannot tell them from a
    /// dormant customer, so its campaigns still score, target and contact them — each contact
    /// costs its `per_contact`, and nobody takes the offer up. They stay in the base and in every
    /// rule's denominator (the top-k % scoring pass records their score).
    func recordDeparted<Sink: OutcomeSink>(segment: Int, replication r: Int, economics: PeriodEconomics, totals: ChunkTotals, sink: Sink,
                                           worker: WorkerScratch, slot: Int) {
        for v in 0..<run.variantCount {
            var out = CustomerOutcome(clv: 0, campaignCost: 0, revenue: 0, alive: false, payback: 0, purchases: 0, lastPurchase: 0, lastLivePeriod: 0)
            let rows = totals.sums + (v * run.segmentCount + segment) * run.block
            let interventions = run.variantPlans[r][v].interventions
            for (j, iv) in interventions.enumerated() where iv.start <= run.periods {
                contact(j, iv, rows: rows, economics: economics, worker: worker, out: &out)
            }
            sink.record(out, customer: slot, variant: v, segment: segment)
        }
    }

    /// Intervention `j`'s contacts of a departed customer: at its start, and each retention re-contact.
    @inline(__always)
    private func contact(_ j: Int, _ iv: CompiledIntervention, rows: UnsafeMutablePointer<Double>, economics: PeriodEconomics,
                         worker: WorkerScratch, out: inout CustomerOutcome) {
        let context = worker.context.pointee
        let reach = rows + run.reachOffset + j * ReachCounts.cellCount
        if iv.segmentMask & (1 << UInt64(context.segment)) != 0 { reach[ReachCounts.Cell.eligible.rawValue] += 1 }
        guard isTargeted(iv, index: j, context: context, stream: worker.stream, t: iv.start, purchases: 0, lastPurchase: 0, spend: 0) else { return }
        reach[ReachCounts.Cell.targeted.rawValue] += 1
        out.reachFlags |= 1 << UInt64(2 * j)
        var t = iv.start
        while t <= min(iv.end, run.periods) {
            let discounted = iv.perContact * economics.discount[t - 1]
            let row = rows + (t - 1) * PeriodTotals.metricCount
            row[PeriodMetric.campaignCosts.rawValue] += iv.perContact
            row[PeriodMetric.discountedCashFlow.rawValue] -= discounted
            out.clv -= discounted
            out.campaignCost += discounted
            reach[ReachCounts.Cell.contacts.rawValue] += 1
            guard iv.kind == .retention && iv.every > 0 else { break }
            t += iv.every
        }
    }
}
