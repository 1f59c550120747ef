import Foundation
import Testing
@testable import CLVModels

@Suite struct PeriodUnitTests {
    /// Oracle: model files and summaries written before quarter and year existed.
    @Test func existingUnitsKeepTheirRawValuesAndLengths() throws {
        #expect(PeriodUnit.allCases.map(\.rawValue) == ["day", "week", "month", "quarter", "year"])
        #expect(PeriodUnit.day.days == 1 && PeriodUnit.week.days == 7 && PeriodUnit.month.days == 30.4375)
        #expect(PeriodUnit.quarter.days == 91.3125 && PeriodUnit.year.days == 365.25)
        let json = try JSONEncoder().encode([PeriodUnit.week, .month])
        #expect(String(decoding: json, as: UTF8.self) == #"["week","month"]"#)
        #expect(try JSONDecoder().decode([PeriodUnit].self, from: Data(#"["day","quarter","year"]"#.utf8)) == [.day, .quarter, .year])
        #expect(PeriodUnit.month.periodsPerYear == 12 && PeriodUnit.quarter.periodsPerYear == 4 && PeriodUnit.year.periodsPerYear == 1)
    }

    /// Oracle: the closed form d = (1 + a)^(1/periodsPerYear) − 1 of DESIGN.md §2, for every unit.
    /// Both sides compute a power in [1, 2) — exponents days/365.25 and 1/(365.25/days) differ by
    /// at most an ulp or two — and subtract 1 exactly, so they agree to 4 ulps of 1 + d.
    @Test func periodRateMatchesClosedFormForEveryUnit() {
        for unit in PeriodUnit.allCases {
            for annual in [0.0, 0.03, 0.10, 0.25, 1.0] {
                let d = unit.periodRate(annual: annual)
                let closed = pow(1 + annual, 1 / unit.periodsPerYear) - 1
                #expect(abs(d - closed) <= 4 * (1 + closed).ulp, "\(unit) at \(annual): \(d) vs \(closed)")
                // Compounding back: (1 + d)^periodsPerYear = 1 + a, to ~periodsPerYear ulps of the power.
                let back = pow(1 + d, unit.periodsPerYear)
                #expect(abs(back - (1 + annual)) <= (4 + unit.periodsPerYear) * (1 + annual).ulp, "\(unit) at \(annual): \(back)")
            }
        }
        #expect(PeriodUnit.year.periodRate(annual: 0.10) == (1 + 0.10) - 1)
        #expect(PeriodUnit.month.periodRate(annual: 0.10) == pow(1.1, 1.0 / 12) - 1)
    }

    /// Oracle: a rate per week is (365.25/12)/7 times larger per month; factors compose.
    @Test func rateFactorConvertsBetweenUnits() {
        #expect(PeriodUnit.week.rateFactor(to: .month) == 30.4375 / 7)
        #expect(PeriodUnit.month.rateFactor(to: .month) == 1)
        for a in PeriodUnit.allCases {
            for b in PeriodUnit.allCases {
                #expect(abs(a.rateFactor(to: b) * b.rateFactor(to: a) - 1) <= 2 * (1.0).ulp)
            }
        }
    }
}
