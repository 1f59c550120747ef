/// Why an evaluation could not be done. Messages name the row, variant or column at fault so a
/// user can fix the input without reading the code.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A bad row or header in an outcome CSV; `line` counts from 1 and includes the header.
    case csv(line: Int, message: String)
    /// An outcome table whose columns or variants are inconsistent.
    case invalidTable(String)
    /// A variant name that is not in the table.
    case unknownVariant(String)
    /// Too few observations for the requested statistic.
    case insufficientData(String)

    public var description: String {
        switch self {
        case let .csv(line, message): return "line \(line): \(message)"
        case let .invalidTable(message): return "invalid outcome table: \(message)"
        case let .unknownVariant(name): return "unknown variant '\(name)'"
        case let .insufficientData(message): return "insufficient data: \(message)"
        }
    }
}
