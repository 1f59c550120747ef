import CLVModels
@testable import CLVSimulation
import Foundation
import Testing
@testable import CLVWorkflows

/// `score` and `simulate` discount a period alike (they used 7/365.25 and 1/52 of a year for a
/// week). Oracle: the closed form (1 + a)^(days/365.25) − 1 written out here, and compounding
/// back to the annual rate.
@Suite struct PeriodRateAgreementTests {
    @Test(arguments: [("day", 1.0), ("week", 7.0), ("month", 365.25 / 12), ("quarter", 365.25 / 4), ("year", 365.25)])
    func scoreAndSimulateAgreeOnThePeriodRate(_ name: String, _ days: Double) throws {
        let parsed: CLVModels.PeriodUnit? = .init(rawValue: name)
        let unit = try #require(parsed)
        for annual in [0.0, 0.05, 0.10, 0.25] {
            let simulate = ReplicationInputs(margin: 0.3, costToServe: 0, acquisitionCost: 0, annualDiscountRate: annual).periodDiscountRate(unit)
            let score = ScoreWorkflow.discountRate(unit, annual: annual)
            #expect(simulate == score)
            let closedForm = pow(1 + annual, days / 365.25) - 1
            #expect(abs(score - closedForm) <= 1e-15)
            #expect(abs(pow(1 + score, 365.25 / days) - (1 + annual)) < 1e-12)
        }
    }
}
