import CLVModels
import Foundation
import Stochastic

extension Calibration {
    /// A ready summary file: columns `x,t_x,T[,zbar]` (Hardie) or lifetimes' `frequency,recency,T[,monetary_value]`.
    public static func readSummary(path: String) throws -> (frequency: [Int], recency: [Double], age: [Double], monetary: [Double]?) {
        let data: Data
        do { data = try InputFile.read(path) } catch { throw Problem(error.description) }
        do {
            let t = try SummaryTable.parse(data, path: path)
            return (t.frequency, t.recency, t.age, t.monetary)
        } catch { throw Problem(error.description) }
    }
}
