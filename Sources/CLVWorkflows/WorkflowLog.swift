import Foundation

/// Where a workflow says what it is doing: log lines and errors go to stderr (never stdout,
/// which carries results), or to a sink a test or the server installs.
///
/// `--quiet` (or `CLVLAB_QUIET` in the environment) silences everything but errors; `--verbose`
/// adds the per-phase timing lines.
public struct WorkflowLog: Sendable {
    public let quiet: Bool
    public let verbose: Bool
    private let sink: @Sendable (String) -> Void

    /// A log on stderr.
    public init(quiet: Bool, verbose: Bool = false) {
        self.init(quiet: quiet, verbose: verbose) { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// A log whose lines (each ending in a newline) go to `sink`.
    public init(quiet: Bool, verbose: Bool = false, sink: @escaping @Sendable (String) -> Void) {
        self.quiet = quiet || ProcessInfo.processInfo.environment["CLVLAB_QUIET"] != nil
        self.verbose = verbose && !self.quiet
        self.sink = sink
    }

    /// A log that drops everything (library use, tests that do not read it).
    public static let silent = WorkflowLog(quiet: true, verbose: false) { _ in }

    /// Only with --verbose.
    public func phase(_ message: String) {
        guard verbose else { return }
        info(message)
    }

    public func info(_ message: String) {
        guard !quiet else { return }
        sink("clvlab: " + message + "\n")
    }

    /// Warnings about the input (bad rows, unit mismatches) and errors are written even with
    /// --quiet: they change what the numbers mean.
    public func warning(_ message: String) {
        sink("warning: " + message + "\n")
    }

    public func error(_ message: String) {
        sink("error: " + message + "\n")
    }
}
