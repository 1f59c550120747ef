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
         "error: F: no valid transaction rows (first problem: line 2: date '01/02/2024' does not match ISO 8601 (yyyy-MM-dd, optionally THH:mm[:ss] and an offset))\n"),
        ("impossible date", "customer_id,date,amount\nA,2024-02-30,10\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: date '2024-02-30' is not a calendar date)\n"),
        ("unparsable amount", "customer_id,date,amount\nA,2024-01-01,ten\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: amount 'ten' is not a number)\n"),
        ("overflowing amount", "customer_id,date,amount\nA,2024-01-01,1e400\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: amount '1e400' is not a finite number: expected -1e12 to 1e12)\n"),
        ("huge amount", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-01-02,1e308\nA,2024-01-03,5\n", 0,
         "warning: F: line 3: amount '1e308' is out of range: expected -1e12 to 1e12\nwarning: F: 1 bad rows skipped, 2 used\n"),
        ("inf and nan amounts", "customer_id,date,amount\nA,2024-01-01,inf\nA,2024-01-02,nan\nA,2024-01-03,5\n", 0,
         "warning: F: line 2: amount 'inf' is not a finite number: expected -1e12 to 1e12\nwarning: F: line 3: amount 'nan' is not a number\nwarning: F: 2 bad rows skipped, 1 used\n"),
        ("year 0001 and 2999", "customer_id,date,amount\nA,0001-01-01,1\nA,2999-01-01,1\nA,2024-01-03,5\n", 0,
         "warning: F: line 2: date '0001-01-01' is out of range: expected 1900-01-01 to 2200-12-31\nwarning: F: line 3: date '2999-01-01' is out of range: expected 1900-01-01 to 2200-12-31\nwarning: F: 2 bad rows skipped, 1 used\n"),
        ("byte-order mark", "\u{FEFF}customer_id,date,amount\nA,2024-01-01,10\n", 0, ""),
        ("quoted newline and delimiter", "customer_id,date,amount\n\"A\nB\",2024-01-01,10\n\"C,\"\"D\"\"\",2024-01-02,5\nE,x,1\n", 0,
         "warning: F: line 5: date 'x' does not match ISO 8601 (yyyy-MM-dd, optionally THH:mm[:ss] and an offset)\nwarning: F: 1 bad rows skipped, 2 used\n"),
        ("empty file", "", 1, "error: F: no valid transaction rows\n"),
        ("header only", "customer_id,date,amount\n", 1, "error: F: no valid transaction rows\n"),
        ("short row", "customer_id,date,amount\nA,2024-01-01\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: expected at least 3 fields, found 2)\n"),
        ("unterminated quote", "customer_id,date,amount\nA,2024-01-01,10\n\"B,2024-01-01,10\nC,2024-01-02,1\n", 1,
         "error: F: line 3: a quoted field is never closed (a '\"' without its closing '\"')\n"),
        ("empty customer", "customer_id,date,amount\n,2024-01-01,10\n", 1,
         "error: F: no valid transaction rows (first problem: line 2: empty customer id)\n"),
        ("returns are set aside", "customer_id,date,amount\nA,2024-01-01,-5\nA,2024-01-03,10\n", 0,
         "warning: F: 1 rows with a negative amount (returns) set aside, first at line 2: they are not purchases\n"),
        ("duplicate rows merge like same-day purchases", "customer_id,date,amount\nA,2024-01-01,10\nA,2024-01-01,10\n", 0, ""),
        ("some bad rows among good ones", "customer_id,date,amount\nA,2024-01-01,10\nB,x,1\nA,2024-01-08,5\n", 0,
         "warning: F: line 3: date 'x' does not match ISO 8601 (yyyy-MM-dd, optionally THH:mm[:ss] and an offset)\nwarning: F: 1 bad rows skipped, 2 used\n"),
        ("non-UTF-8 bytes in an id", "customer_id,date,amount\nA\u{FFFD},2024-01-01,10\n", 0, ""),
    ]

    /// Windows that do not fit the data are errors, not empty summaries.
    static let windows: [([String], String)] = [
        (["--calibration-end", "2024-03-01", "--observation-end", "2024-02-01"],
         "error: F: the calibration end 2024-03-01 is after the observation end 2024-02-01: expected calibration end ≤ observation end\n"),
        (["--calibration-end", "2023-06-01"],
         "error: F: the calibration end 2023-06-01 is outside the data: expected a date from 2024-01-01 (first purchase) to 2024-01-15 (last purchase)\n"),
        // The observation end defaults to the last purchase.
        (["--calibration-end", "2024-02-01"],
         "error: F: the calibration end 2024-02-01 is after the observation end 2024-01-15: expected calibration end ≤ observation end\n"),
        (["--calibration-end", "2024-02-01", "--observation-end", "2024-03-01"],
         "error: F: the calibration end 2024-02-01 is outside the data: expected a date from 2024-01-01 (first purchase) to 2024-01-15 (last purchase)\n"),
        (["--observation-end", "2023-12-01"],
         "error: F: the observation end 2023-12-01 is before the first purchase 2024-01-01: expected a date from 2024-01-01 on\n"),
    ]

    @Test(arguments: windows.indices)
    func badWindow(_ i: Int) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("log.csv")
        try Data("customer_id,date,amount\nA,2024-01-01,10\nA,2024-01-08,5\nB,2024-01-15,3\n".utf8).write(to: file)
        let r = try CLI.run(["summarize", file.path] + Self.windows[i].0)
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == Self.windows[i].1.replacingOccurrences(of: "F:", with: "\(file.path):"))
    }

    @Test func quotedNewlineKeepsRows() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("log.csv")
        // Before the fix the quoted newline opened a field that swallowed every later row.
        try Data("customer_id,date,amount\n\"A\nB\",2024-01-01,10\nC,2024-01-02,5\nC,2024-01-03,7\nD,2024-01-03,2\n".utf8).write(to: file)
        let r = try CLI.run(["summarize", file.path, "--period", "day"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout == "customer_id,frequency,recency,T,monetary_value,total_value\n\"A\nB\",0,0,2,0,10\nC,1,1,1,7,12\nD,0,0,0,0,2\n")
    }

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
