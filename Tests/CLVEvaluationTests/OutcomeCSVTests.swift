import Foundation
import Testing
@testable import CLVEvaluation

@Suite("Outcome CSV")
struct OutcomeCSVTests {
    @Test func byteOrderMarkIsNotPartOfTheFirstColumn() throws {
        let table = try OutcomeCSV.read(Data("\u{FEFF}customer,variant,value\nc1,control,1\nc2,control,3\n".utf8))
        #expect(table.variants.map(\.name) == ["control"])
        #expect(table.variants[0].values == [1, 3])
    }

    @Test func readsAnObservedABTest() throws {
        let csv = """
        customer,variant,value,segment,cost
        c1,control,10.5,regulars,0
        c2,control,-3,bargain,0
        # a comment line
        c3,loyalty,12.25,regulars,1.5

        "c4, the fourth",loyalty,8,"bargain",1.5
        """
        let table = try OutcomeCSV.read(Data(csv.utf8))
        #expect(table.pairing == .independent)
        #expect(table.variants.map(\.name) == ["control", "loyalty"])
        let loyalty = try table.variant(named: "loyalty")
        #expect(loyalty.values == [12.25, 8])
        #expect(loyalty.campaignCosts == [1.5, 1.5])
        #expect(loyalty.segments == ["regulars", "bargain"])
        #expect(loyalty.customers == ["c3", "c4, the fourth"])
        #expect(loyalty.replications == nil)
    }

    @Test func pairedDataAreAlignedByCustomer() throws {
        let csv = """
        variant,customer,value,replication
        control,a,1,0
        control,b,2,0
        control,a,3,1
        promo,a,3.5,1
        promo,a,1.5,0
        promo,b,2.5,0
        """
        let table = try OutcomeCSV.read(csv, pairing: .paired)
        let promo = try table.variant(named: "promo")
        #expect(promo.customers == ["a", "b", "a"])
        #expect(promo.replications == [0, 0, 1])
        #expect(promo.values == [1.5, 2.5, 3.5])
    }

    @Test(arguments: [
        ("customer,variant\nc1,a\n", EvaluationError.csv(line: 1, message: "missing required column 'value' in the header (customer,variant,value[,segment][,cost])")),
        ("customer,variant,value,colour\n", .csv(line: 1, message: "unknown column 'colour'; expected some of customer, variant, value, segment, cost, revenue, acquisition_cost, replication")),
        ("customer,variant,value\nc1,a,1\nc2,a,abc\n", .csv(line: 3, message: "value 'abc' is not a finite number")),
        ("customer,variant,value\nc1,a,1\nc2,a\n", .csv(line: 3, message: "expected 3 fields as in the header, found 2")),
        ("customer,variant,value\nc1,a,1\nc1,a,2\n", .csv(line: 3, message: "customer 'c1' appears twice in variant 'a' (first on line 2)")),
        ("customer,variant,value,cost\nc1,a,1,\n", .csv(line: 2, message: "empty cost")),
        ("customer,variant,value\nc1,a,nan\n", .csv(line: 2, message: "value 'nan' is not a finite number")),
        ("customer,variant,value\n", .csv(line: 1, message: "no data rows")),
        ("customer,variant,value\n\"c1,a,1\n", .csv(line: 2, message: "unterminated quoted field (its quote opens on this line)")),
        // A line break inside quotes belongs to the field; later rows keep their own line numbers.
        ("customer,variant,value\n\"c\n1\",a,1\nc2,a,abc\n", .csv(line: 4, message: "value 'abc' is not a finite number")),
    ])
    func badInputNamesTheLine(_ csv: String, _ expected: EvaluationError) {
        #expect(throws: expected) { try OutcomeCSV.read(csv) }
    }

    @Test func pairedDataWithDifferentCustomersIsAnError() {
        let csv = "customer,variant,value\na,control,1\nb,control,2\na,promo,1\nc,promo,2\n"
        #expect(throws: EvaluationError.csv(line: 5, message: "paired data: customer 'c' of variant 'promo' is not in variant 'control'")) {
            try OutcomeCSV.read(csv, pairing: .paired)
        }
    }

    /// RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks (LF or CRLF);
    /// a row after them is still one row (issue #23, item 5, for `compare --observed`).
    @Test func quotedLineBreaksStayInTheirField() throws {
        let table = try OutcomeCSV.read("customer,variant,value\r\n\"c\r\n1, \"\"x\"\"\",a,1\r\nc2,a,2\r\nc3,b,3\r\n")
        let a = try table.variant(named: "a")
        #expect(a.customers == ["c\r\n1, \"x\"", "c2"] && a.values == [1, 2])
        #expect(try table.variant(named: "b").values == [3])
    }

    @Test func windowsLineEndingsAreLines() throws {
        let table = try OutcomeCSV.read("customer,variant,value\r\nc1,a,1\r\nc2,a,2\r\nc3,b,x\r\n".replacingOccurrences(of: ",x", with: ",3"))
        #expect(try table.variant(named: "a").values == [1, 2])
        #expect(throws: EvaluationError.csv(line: 3, message: "value 'x' is not a finite number")) {
            try OutcomeCSV.read("customer,variant,value\r\nc1,a,1\r\nc2,a,x\r\n")
        }
    }

    @Test func errorsPrintTheLine() {
        #expect(EvaluationError.csv(line: 7, message: "empty value").description == "line 7: empty value")
    }
}
