import CLVModels
import Foundation
import Testing

/// Timestamps as databases export them (issue #19, item 3). Oracle: the calendar — each line
/// below is the same instant or the same local date written another way; epoch values are
/// 2010-12-01T08:26:00Z = 1,291,191,960 s, checked by hand: 14,944 days × 86,400 + 8 h 26 min.
@Suite struct DateFormatTests {
    static let day = CivilDay(year: 2010, month: 12, day: 1)!

    @Test(arguments: [
        ("iso", "2010-12-01"), ("compact", "20101201"), ("d/M/yyyy", "1/12/2010"), ("dd.MM.yyyy", "01.12.2010"),
        ("yyyy-MM-dd HH:mm:ss", "2010-12-01 08:26:00"), ("d/M/yyyy H:mm", "1/12/2010 8:26"),
        ("iso", "2010-12-01T08:26:00"), ("iso", "2010-12-01 08:26:00"), ("iso", "2010-12-01T08:26"), ("iso", "2010-12-01T08:26:00.123"),
        ("iso", "2010-12-01T08:26:00Z"), ("iso", "2010-12-01T08:26:00+01:00"), ("iso", "2010-12-01T08:26:00-0500"), ("iso", "2010-12-01T08:26:00+09"),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2010-12-01T08:26:00+01:00"), ("yyyy-MM-dd'T'HH:mm:ss.SSSX", "2010-12-01T08:26:00.500Z"),
        ("epoch", "1291191960"), ("epoch", "1291191960.75"), ("epoch-ms", "1291191960000"),
    ])
    func everyFormatReadsTheSameDay(_ format: String, _ text: String) throws {
        #expect(try DateFormat(named: format).parse(text) == Self.day, "\(format): \(text)")
    }

    @Test(arguments: [
        ("iso", "2010-12-01T25:00:00"), ("iso", "2010-12-01T08:61"), ("iso", "2010-12-01T08:26:00+1:00"), ("iso", "2010-12-01X08:26"),
        ("yyyy-MM-dd HH:mm:ss", "2010-12-01"), ("yyyy-MM-dd", "2010-12-01 08:26:00"), ("epoch", "12e8"), ("iso", "2010-02-30"),
    ])
    func malformedTimestampsAreRefused(_ format: String, _ text: String) throws {
        #expect(try DateFormat(named: format).parse(text) == nil, "\(format): \(text)")
    }

    /// 2010-12-01T23:30:00−05:00 is 2010-12-02T04:30Z: its own date without a zone, the next day
    /// in UTC, the same day in New York; Paris is UTC+1 in December and UTC+2 in July.
    @Test func timeZonesMoveInstantsToTheirCalendar() throws {
        let late = "2010-12-01T23:30:00-05:00"
        #expect(DateFormat.iso.parse(late) == Self.day)
        #expect(DateFormat.iso.inZone(LogTimeZone("UTC")).parse(late) == CivilDay(year: 2010, month: 12, day: 2))
        #expect(DateFormat.iso.inZone(LogTimeZone("America/New_York")).parse(late) == Self.day)
        let paris = DateFormat.iso.inZone(LogTimeZone("Europe/Paris"))
        #expect(paris.parse("2010-12-01T22:30:00Z") == Self.day)
        #expect(paris.parse("2010-07-01T22:30:00Z") == CivilDay(year: 2010, month: 7, day: 2))
        // Epoch times are UTC instants; without a zone they are UTC dates.
        let epoch = try DateFormat(named: "epoch")
        #expect(epoch.parse("1291244400") == Self.day)  // 2010-12-01T23:00:00Z
        #expect(epoch.inZone(LogTimeZone("+02:00")).parse("1291244400") == CivilDay(year: 2010, month: 12, day: 2))
        #expect(epoch.parse("-1") == CivilDay(year: 1969, month: 12, day: 31))
        // A time without an offset is taken as already in the zone.
        #expect(DateFormat.iso.inZone(LogTimeZone("Asia/Tokyo")).parse("2010-12-01T23:30:00") == Self.day)
        #expect(LogTimeZone("Mars/Olympus") == nil && LogTimeZone("+0530") == .offset(19_800) && LogTimeZone("-08") == .offset(-28_800))
    }

    /// A bad timestamp names its line and the format tried.
    @Test func aBadTimestampNamesTheRowAndTheFormat() throws {
        let text = "customer_id,date,amount\na,2010-12-01 08:26:00,10\nb,2010-12-01 8h26,12\n"
        let format = TransactionLogFormat(dateFormat: try DateFormat(named: "yyyy-MM-dd HH:mm:ss"))
        let log = try TransactionReader.parse(Data(text.utf8), format: format)
        #expect(log.transactions.count == 1 && log.transactions[0].day == Self.day)
        #expect(log.badRows.map(\.description) == ["line 3: date '2010-12-01 8h26' does not match yyyy-MM-dd HH:mm:ss"])
    }
}
