import Foundation
import Testing
@testable import CLVModels

@Suite struct RFMSummaryTests {
    /// Oracle: Hardie's summary file of the CDNOW sample, whose x, t_x, T are printed to two
    /// decimals (tolerance 0.005 + rounding slack 1e-9), and lifetimes'
    /// `summary_data_from_transaction_data` at full precision (fixture from Reference/).
    @Test func cdnowSummaryMatchesHardieFileAndLifetimes() throws {
        let summary = try Fixture.cdnowCalibrationSummary()
        #expect(summary.customers.count == 2357)
        // Hardie's file is keyed by the sample id (column 1, 1…2357), lifetimes' by the master id.
        var bySample = TransactionLogFormat.cdnowSample
        bySample.customer = .index(1)
        let sampleLog = try TransactionReader.parse(try Fixture.data("CDNOW_sample.txt"), format: bySample)
        let sampleSummary = try RFMSummary(transactions: sampleLog.transactions,
                                           options: SummaryOptions(period: .week, calibrationEnd: CivilDay(year: 1997, month: 9, day: 30)!))
        let hardie = try Fixture.hardieSummary()
        let byID = Dictionary(uniqueKeysWithValues: sampleSummary.customers.map { (Int($0.customerID)!, $0) })
        var worstTx = 0.0, worstT = 0.0, frequencyMismatches = 0
        for h in hardie {
            let c = try #require(byID[h.id])
            if c.frequency != h.x { frequencyMismatches += 1 }
            worstTx = max(worstTx, abs(c.recency - h.tx))
            worstT = max(worstT, abs(c.age - h.T))
        }
        #expect(hardie.count == 2357)
        #expect(frequencyMismatches == 0)
        #expect(worstTx <= 0.005 + 1e-9)
        #expect(worstT <= 0.005 + 1e-9)

        let reference = try Fixture.lifetimesReference()
        let mine = Dictionary(uniqueKeysWithValues: summary.customers.map { ($0.customerID, $0) })
        for row in reference {
            let c = try #require(mine[row.id])
            #expect(c.frequency == row.x)
            // Both compute day differences / 7 in binary floating point: equal to an ulp or two.
            #expect(abs(c.recency - row.tx) <= 1e-12 * max(1, row.tx))
            #expect(abs(c.age - row.T) <= 1e-12 * row.T)
            #expect(abs(c.monetaryValue - row.monetary) <= 1e-9 * max(1, row.monetary))
        }
    }

    /// Oracle: the data README — 6,919 rows merge to 6,696 purchase days.
    @Test func sameDayMergingCountsMatchReadme() throws {
        let log = try TransactionReader.parse(try Fixture.data("CDNOW_sample.txt"), format: .cdnowSample)
        #expect(log.transactions.count == 6919)
        #expect(log.badRows.isEmpty)
        let all = try RFMSummary(transactions: log.transactions, options: SummaryOptions(period: .day))
        #expect(all.customers.reduce(0) { $0 + $1.frequency + 1 } == 6696)
        let unmerged = try RFMSummary(transactions: log.transactions, options: SummaryOptions(period: .day, mergeSameDay: false))
        #expect(unmerged.customers.reduce(0) { $0 + $1.frequency + 1 } == 6919)
        // Realised value is all spend, merged or not (sum of the file's dollar column).
        let total = log.transactions.reduce(0) { $0 + $1.amount }
        #expect(abs(all.customers.reduce(0) { $0 + $1.totalValue } - total) < 1e-6 * total)
    }

    /// Oracle: counting. Calibration + holdout purchases = all merged purchases; holdout = 39 weeks.
    @Test func holdoutSplitConservesPurchases() throws {
        let s = try Fixture.cdnowCalibrationSummary()
        let log = try TransactionReader.parse(try Fixture.data("CDNOW_sample.txt"), format: .cdnowSample)
        let all = try RFMSummary(transactions: log.transactions, options: SummaryOptions(period: .day))
        let calib = s.customers.reduce(0) { $0 + $1.frequency + 1 }
        let hold = s.customers.reduce(0) { $0 + $1.holdoutFrequency }
        #expect(calib + hold == all.customers.reduce(0) { $0 + $1.frequency + 1 })
        #expect(abs(s.holdoutLength - 273.0 / 7) < 1e-12)
        let value = s.customers.reduce(0) { $0 + $1.totalValue + $1.holdoutValue }
        let total = log.transactions.reduce(0) { $0 + $1.amount }
        #expect(abs(value - total) < 1e-9 * total)
    }

    /// Bad rows are collected with their line numbers; good rows survive; formats parse.
    @Test func badRowsAreReportedWithLineNumbers() throws {
        let text = """
        customer,when,value
        a,2024-01-05,10.5
        b,2024-02-30,3
        c,2024-03-01,abc
        ,2024-03-01,1

        d,2024-03-02
        "e,1",2024-03-03,"7.25"
        a,2024-01-05,4.5
        """
        let format = TransactionLogFormat(customer: .name("customer"), date: .name("when"), amount: .name("value"))
        let log = try TransactionReader.parse(Data(text.utf8), format: format)
        #expect(log.transactions.map(\.customerID) == ["a", "e,1", "a"])
        #expect(log.badRows.map(\.line) == [3, 4, 5, 7])
        let s = try RFMSummary(transactions: log.transactions, options: SummaryOptions(period: .day))
        let a = try #require(s.customers.first { $0.customerID == "a" })
        #expect(a.frequency == 0 && a.totalValue == 15)

        // Streaming in odd chunks gives the same result.
        var reader = try TransactionReader(format: format)
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: 7) { try reader.feed(bytes[start..<min(start + 7, bytes.count)]) }
        let streamed = try reader.finish()
        #expect(streamed.transactions == log.transactions)
        #expect(streamed.badRows == log.badRows)

        #expect(throws: TransactionLogError.missingColumn("amount")) {
            try TransactionReader.parse(Data(text.utf8), format: TransactionLogFormat(customer: .name("customer"), date: .name("when")))
        }
    }

    @Test func dateFormats() throws {
        #expect(DateFormat.compact.parse("19970101") == CivilDay(year: 1997, month: 1, day: 1))
        #expect(DateFormat.iso.parse("2000-02-29") == CivilDay(year: 2000, month: 2, day: 29))
        #expect(DateFormat.iso.parse("1900-02-29") == nil)
        let custom = try DateFormat("d/M/yyyy")
        #expect(custom.parse("5/11/2026") == CivilDay(year: 2026, month: 11, day: 5))
        #expect(throws: TransactionLogError.invalidDateFormat("yy-MM")) { try DateFormat("yy-MM") }
        // Unix epoch and a known day number (2000-03-01 is day 11017).
        #expect(CivilDay(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDay(year: 2000, month: 3, day: 1)!.dayNumber == 11017)
        #expect(CivilDay(dayNumber: 11017).description == "2000-03-01")
        #expect(abs(PeriodUnit.month.days * 12 - 365.25) < 1e-12)
    }

    /// Oracle: the CDNOW sample is one cohort (first purchases in Q1 1997), so monthly cohorts
    /// are Jan–Mar 1997 with sizes summing to 2,357, and period 0 has every customer active.
    @Test func cohortTableOnCdnow() throws {
        let log = try TransactionReader.parse(try Fixture.data("CDNOW_sample.txt"), format: .cdnowSample)
        let table = try CohortRetentionTable(transactions: log.transactions, period: .month)
        #expect(table.cohorts.count == 3)
        #expect(table.cohorts.reduce(0) { $0 + $1.size } == 2357)
        for c in table.cohorts {
            #expect(c.active[0] == c.size)
            #expect(c.active.dropFirst().allSatisfy { $0 < c.size })
        }
    }
}
