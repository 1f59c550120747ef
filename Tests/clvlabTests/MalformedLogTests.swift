import Foundation
import Testing

/// Messy exports: each malformed transaction log gives a clear message (or a documented
/// behaviour) and a meaningful exit status; nothing crashes.
@Suite(.serialized) struct MalformedLogTests {
    static let cases: [(String, String, Int32, String)] = [
        ("semicolons", "customer_id;date;amount\nA;2024-01-01;10\n", 1,
         "error: F: the header has no column named 'customer_id'; the header is 'customer_id;date;amount'; it looks semicolon-separated: try --delimiter semicolon\n"),
        ("missing amount column", "customer_id,date\nA,2024-01-01\n", 1, "error: F: the header has no column named 'amount'; the header is 'customer_id,date'\n"),
        ("renamed column", "cust,date,amount\nA,2024-01-01,10\n", 1, "error: F: the header has no column named 'customer_id'; the header is 'cust,date,amount'\n"),
        ("unparsable date", "customer_id,date,amount\nA,01/02/2024,10\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: date '01/02/2024' does not match yyyy-MM-dd)\n"),
        ("impossible date", "customer_id,date,amount\nA,2024-02-30,10\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: date '2024-02-30' does not match yyyy-MM-dd)\n"),
        ("unparsable amount", "customer_id,date,amount\nA,2024-01-01,ten\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: amount 'ten' is not a number)\n"),
        ("overflowing amount", "customer_id,date,amount\nA,2024-01-01,1e400\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: amount '1e400' is not a number)\n"),
        ("empty file", "", 1, "error: F: no valid transaction rows\n"),
        ("header only", "customer_id,date,amount\n", 1, "error: F: no valid transaction rows\n"),
        ("short row", "customer_id,date,amount\nA,2024-01-01\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: expected at least 3 fields, found 2)\n"),
        ("unterminated quote", "customer_id,date,amount\n\"A,2024-01-01,10\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: expected at least 3 fields, found 1)\n"),
        ("empty customer", "customer_id,date,amount\n,2024-01-01,10\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: empty customer id)\n"),
        ("returns are set aside", "customer_id,date,amount\nA,2024-01-01,-5\nA,2024-01-03,10\n", 0,
         "warning: F: 1 rows with a negative amount (returns) set aside: they are not purchases\nwarning: F: 1 bad rows skipped, 1 used\n"),
        ("duplicate rows merge like same-day purchases", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-01-01,10\n", 0, ""),
        ("some bad rows among good ones", "customer_id,date,amount\nA,2024-01-01,10\nB,x,1\nA,2024-01-08,5\n", 0,
         "warning: F: line 3: date 'x' does not match yyyy-MM-dd\nwarning: F: 1 bad rows skipped, 2 used\n"),
        ("non-UTF-8 bytes in an id", "customer_id,date,amount\nA\u{FFFD},2024-01-01,10\n", 0, ""),
    ]

    @Test(arguments: cases.indices)
    func malformedLog(_ i: Int) throws {
        let (what, text, status, stderr) = Self.cases[i]
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("log.csv")
        var data = Data(text.utf8)
        if what.hasPrefix("non-UTF-8") { data = Data("customer_id,date,amount\nA".utf8) + Data([0xFF, 0xFE]) + Data(",2024-01-01,10\n".utf8) }
        try data.write(to: file)
        let r = try CLI.run(["summarize", file.path, "--period", "day"])
        #expect(r.status == status, "\(what)")
        #expect(r.stderr == stderr.replacingOccurrences(of: "F:", with: "\(file.path):"), "\(what)")
    }
}
