import CLVModels
import Foundation
import Testing

/// The reader alone: RFC 4180 records, byte-order mark, caps and date checks, fed whole or in
/// any chunking (the CLI feeds 8 MiB chunks, so a record may straddle two).
struct TransactionReaderTests {
    static let log = "\u{FEFF}customer_id,date,amount\n\"A\nB\",2024-01-01,10\n\"C,\"\"x\"\"\",2024-01-02,\"2.5\"\nA\nB,2024-01-03,1\n\"A\nB\",2024-01-04,4\n"

    /// Feeding one byte at a time must give what one whole feed gives.
    @Test(arguments: [1, 2, 7, 1 << 20])
    func quotedNewlinesAndDelimiters(chunk: Int) throws {
        var reader = try TransactionReader(format: TransactionLogFormat())
        let bytes = Array(Self.log.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) { try reader.feed(bytes[start..<min(start + chunk, bytes.count)]) }
        let log = try reader.finish()
        #expect(log.transactions.map(\.customerID) == ["A\nB", "C,\"x\"", "B", "A\nB"])
        #expect(log.transactions.map(\.amount) == [10, 2.5, 1, 4])
        // Physical line numbers: "A" alone is line 5 (after the two-line record on lines 2–3).
        #expect(log.badRows == [BadRow(line: 5, reason: "expected at least 3 fields, found 1")])
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        let data = Data("customer_id,date,amount\nA,2024-01-01,1\n\"B,2024-01-02,1\nC,2024-01-03,1\n".utf8)
        #expect(throws: TransactionLogError.unterminatedQuote(line: 3)) { try TransactionReader.parse(data, format: TransactionLogFormat()) }
    }

    @Test func rowsOutsideTheCapsAreBadRowsAndReturnsAreApart() throws {
        let text = "customer_id,date,amount\nA,2024-01-01,1e12\nA,2024-01-02,1.0000001e12\nA,2024-01-03,-inf\nA,1899-12-31,1\nA,2201-01-01,1\nA,2023-02-29,1\nA,2024-02-29,-3\nA,2200-12-31,0\n"
        let log = try TransactionReader.parse(Data(text.utf8), format: TransactionLogFormat())
        #expect(log.transactions.map(\.amount) == [1e12, 0])
        #expect(log.returnLines == [8])
        #expect(log.badRows.map(\.line) == [3, 4, 5, 6, 7])
        #expect(log.badRows.map(\.reason) == [
            "amount '1.0000001e12' is out of range: expected -1e12 to 1e12",
            "amount '-inf' is not a finite number: expected -1e12 to 1e12",
            "date '1899-12-31' is out of range: expected 1900-01-01 to 2200-12-31",
            "date '2201-01-01' is out of range: expected 1900-01-01 to 2200-12-31",
            "date '2023-02-29' is not a calendar date",
        ])
    }

    @Test func whitespaceLogsIgnoreQuotes() throws {
        let log = try TransactionReader.parse(Data("\"a 1 19970101 1 2\n".utf8), format: .cdnowSample)
        #expect(log.transactions.map(\.customerID) == ["\"a"])
    }

    @Test func windowWithoutCustomersIsAnError() throws {
        let day = { (d: Int) in CivilDay(year: 2024, month: 1, day: d)! }
        let t = [Transaction(customerID: "A", day: day(5), amount: 1), Transaction(customerID: "B", day: day(9), amount: 1)]
        #expect(throws: TransactionLogError.self) { try RFMSummary(transactions: t, options: SummaryOptions(calibrationEnd: day(4))) }
        #expect(throws: TransactionLogError.self) { try RFMSummary(transactions: t, options: SummaryOptions(calibrationEnd: day(9), observationEnd: day(8))) }
        let ok = try RFMSummary(transactions: t, options: SummaryOptions(calibrationEnd: day(5)))
        #expect(ok.customers.map(\.customerID) == ["A"])
        #expect(ok.customersFirstSeenInHoldout == 1)
    }
}
