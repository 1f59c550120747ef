import CLVEvaluation
import CLVModels
import Foundation

/// libFuzzer entry: transaction logs and observed-outcome CSVs either parse or fail with a
/// typed error; parsed summaries never hold non-finite numbers.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let format = TransactionLogFormat(customer: .name("customer_id"), date: .name("date"), amount: .name("amount"))
    if let log = try? TransactionReader.parse(bytes, format: format), !log.transactions.isEmpty,
       let summary = try? RFMSummary(transactions: log.transactions) {
        for c in summary.customers {
            precondition(c.recency.isFinite && c.age.isFinite && c.recency <= c.age + 1e-9)
        }
    }
    _ = try? TransactionReader.parse(bytes, format: .cdnowSample)
    if let table = try? OutcomeCSV.read(bytes) {
        precondition(!table.variants.isEmpty)
    }
    return 0
}
