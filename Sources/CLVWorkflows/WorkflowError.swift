/// Why a workflow stopped, with the exit code the command-line tool maps it to. The message is
/// what the tool prints after `error: `; a workflow has already logged everything before it.
public struct WorkflowError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Bad or unusable input (a file, a scenario too large for memory, numbers the statistics cannot use): exit 1.
        case input
        /// A result could not be written: exit 74 (EX_IOERR).
        case output
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The process exit code of the command-line tool.
    public var exitCode: Int32 { kind == .output ? 74 : 1 }
}

/// How a long step reports progress: `update(done, total)` while it runs, `finish()` once when
/// it ends (a terminal bar clears its line then).
public struct WorkflowProgress: Sendable {
    public let update: @Sendable (Int, Int) -> Void
    public let finish: @Sendable () -> Void

    public init(update: @escaping @Sendable (Int, Int) -> Void, finish: @escaping @Sendable () -> Void) {
        self.update = update
        self.finish = finish
    }

    /// No progress shown.
    public static let none = WorkflowProgress(update: { _, _ in }, finish: {})
}
