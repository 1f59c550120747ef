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
}
