import CLVEvaluation
import CLVSimulation

extension PeriodSeries {
    /// The series the summary reads from the engine's period table of `customers` customer-replications.
    init(_ totals: PeriodTotals, customers: Int) {
        self.init(customers: customers,
                  alive: (1...totals.periods).map { totals[$0, .alive] },
                  discountedCashFlow: (1...totals.periods).map { totals[$0, .discountedCashFlow] },
                  purchases: totals.total(.purchases), revenue: totals.total(.revenue), margin: totals.total(.margin))
    }

    /// A variant's series, with its discounted cash flow by part: each replication's period
    /// sums discounted with that replication's own rate (it may be an uncertain input).
    init(variant perReplication: [PeriodTotals], inputs: [ReplicationInputs], horizon: Horizon, customers: Int) {
        self.init(PeriodTotals.sum(perReplication, periods: horizon.periods), customers: customers)
        components = CashFlowComponents(discounting: perReplication, inputs: inputs, horizon: horizon)
    }
}

extension CashFlowComponents {
    /// Σ_r Σ_t (1 + d_r)^−t × metric_{r,t} for each part of the booking (PeriodBooking.swift):
    /// margin = (list + fees) × margin − subsidy, so the margin at list price is margin + subsidy;
    /// campaign costs hold rewards and fixed costs, the rest is contacts and memberships.
    init(discounting perReplication: [PeriodTotals], inputs: [ReplicationInputs], horizon: Horizon) {
        self.init()
        for (r, totals) in perReplication.enumerated() {
            for (i, f) in inputs[r].discountFactors(horizon).enumerated() {
                let t = i + 1
                let rewards = totals[t, .rewards], fixed = totals[t, .fixedCosts]
                revenue += f * totals[t, .revenue]
                marginAtListPrice += f * (totals[t, .margin] + totals[t, .discounts])
                discountSubsidy += f * totals[t, .discounts]
                self.rewards += f * rewards
                contactAndMembership += f * (totals[t, .campaignCosts] - rewards - fixed)
                costToServe += f * totals[t, .costs]
                fixedCosts += f * fixed
            }
        }
    }
}
