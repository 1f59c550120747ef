import Foundation
@testable import CLVModels

/// Shared fixture access for CLVModelsTests.
enum Fixture {
    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// A small CSV with a header: rows of string fields keyed by column name.
    static func csv(_ name: String) throws -> [[String: String]] {
        let text = String(decoding: try data(name), as: UTF8.self)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        return lines.map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// The CDNOW sample summarised in weeks with calibration end 1997-09-30 (39 weeks).
    static func cdnowCalibrationSummary() throws -> RFMSummary {
        let log = try TransactionReader.parse(try data("CDNOW_sample.txt"), format: .cdnowSample)
        return try RFMSummary(transactions: log.transactions,
                              options: SummaryOptions(period: .week, calibrationEnd: CivilDay(year: 1997, month: 9, day: 30)!,
                                                      observationEnd: CivilDay(year: 1998, month: 6, day: 30)!))
    }

    /// Hardie's summary file `cdnow_customers_summary_with_transactions.csv` (x, t_x, T, zbar).
    static func hardieSummary() throws -> [(id: Int, x: Int, tx: Double, T: Double, zbar: Double)] {
        try csv("cdnow_customers_summary_with_transactions.csv").map {
            (Int($0["ID"]!)!, Int($0["x"]!)!, Double($0["t_x"]!)!, Double($0["T"]!)!, Double($0["zbar"]!)!)
        }
    }

    /// lifetimes' reference output (see Reference/lifetimes_reference.py).
    struct LifetimesRow {
        var id: String; var x: Int; var tx: Double; var T: Double; var monetary: Double
        var bgAlive: Double; var bgExpected: Double; var pnAlive: Double; var pnExpected: Double
    }

    static func lifetimesReference() throws -> [LifetimesRow] {
        try csv("lifetimes_cdnow_reference.csv").map {
            LifetimesRow(id: $0["customer_id"]!, x: Int($0["frequency"]!)!, tx: Double($0["recency"]!)!, T: Double($0["T"]!)!,
                         monetary: Double($0["monetary_value"]!)!,
                         bgAlive: Double($0["bgnbd_p_alive"]!)!, bgExpected: Double($0["bgnbd_expected_39"]!)!,
                         pnAlive: Double($0["paretonbd_p_alive"]!)!, pnExpected: Double($0["paretonbd_expected_39"]!)!)
        }
    }

    struct LifetimesParameters: Decodable {
        var bgnbd: [String: Double]
        var bgnbd_log_likelihood: Double
        var bgnbd_standard_errors: [String: Double]
        var bgnbd_probability_of_n_39: [Double]
        var paretonbd: [String: Double]
        var paretonbd_log_likelihood: Double
        var customers: Int
        var horizon: Double
        var unconditional_t: [Double]
        var bgnbd_unconditional: [Double]
        var paretonbd_unconditional: [Double]
    }

    static func lifetimesParameters() throws -> LifetimesParameters {
        try JSONDecoder().decode(LifetimesParameters.self, from: try data("lifetimes_cdnow_parameters.json"))
    }
}

/// |a − b| / max(|b|, tiny).
func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-300)
}

/// Round half away from zero to `digits` decimals — to compare with a paper's printed digits.
func rounded(_ v: Double, _ digits: Int) -> Double {
    let m = pow(10.0, Double(digits))
    return (v * m).rounded() / m
}
