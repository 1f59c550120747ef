/// A problem with the input a workflow was given (a file, a column, an option's value): the
/// command prints it as `error: …` and exits 1.
public struct InputProblem: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
