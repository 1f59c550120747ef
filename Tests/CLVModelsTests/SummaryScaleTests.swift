import Foundation
import Testing
@testable import CLVModels

@Suite struct SummaryScaleTests {
    /// Scale: one million CSV rows (100,000 customers × 10 purchases on pseudo-random days) parsed
    /// and summarised. Reports the time; the 60 s bound only catches accidental quadratic behaviour.
    /// Oracle for the content: counting (every customer has 10 rows on distinct days, so x = 9).
    @Test func millionRowsParseAndSummarise() throws {
        var text = "customer_id,date,amount\n"
        text.reserveCapacity(30_000_000)
        var state: UInt64 = 12345
        for c in 0..<100_000 {
            // Ten distinct days per customer: a random start plus increasing random gaps.
            var day = CivilDay(year: 2024, month: 1, day: 1)!.dayNumber
            state = state &* 6364136223846793005 &+ 1442695040888963407
            day += Int(state >> 55)
            for _ in 0..<10 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                day += 1 + Int(state >> 60)
                text += "C\(c),\(CivilDay(dayNumber: day)),\(Double(state >> 50) / 100)\n"
            }
        }
        let data = Data(text.utf8)
        let clock = ContinuousClock()
        var result: (summary: RFMSummary, badRows: [BadRow])?
        let elapsed = try clock.measure {
            result = try RFMSummary.from(data, format: TransactionLogFormat(), options: SummaryOptions(period: .week))
        }
        let r = try #require(result)
        print("1M-row parse + RFM summary: \(elapsed)")
        #expect(r.badRows.isEmpty)
        #expect(r.summary.customers.count == 100_000)
        #expect(r.summary.customers.allSatisfy { $0.frequency == 9 })
        #expect(elapsed < .seconds(60))
    }
}
