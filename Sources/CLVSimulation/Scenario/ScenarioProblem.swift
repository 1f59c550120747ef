/// One thing wrong with a scenario file, located precisely enough to fix it without guessing.
public struct ScenarioProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line and column of the offending node, when known.
    public var line: Int?
    public var column: Int?
    /// Dotted key path, e.g. `population.segments[1].lifetime.churn.beta.a`.
    public var keyPath: String
    /// What was found and what was expected.
    public var message: String

    public init(file: String, line: Int?, column: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: key.path: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        let path = keyPath.isEmpty ? "" : "\(keyPath): "
        return "\(location): \(path)\(message)"
    }
}

/// All problems found in a scenario file; loading reports every one it can find at once.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var problems: [ScenarioProblem]

    public init(problems: [ScenarioProblem]) { self.problems = problems }

    public var description: String {
        problems.map { "error: \($0)" }.joined(separator: "\n")
    }
}
