import ArgumentParser
import CLVWorkflows

/// Check and lock the results folder before any simulation time is spent (issue #23): a file,
/// an unwritable place, a folder with foreign files or one another run is writing are refused
/// at once with exit 74, not after the run.
func claimOutput(_ output: String?, log: WorkflowLog) throws {
    guard let output else { return }
    do {
        try ResultsFolder.claim(output)
    } catch let error as ResultsFolderError {
        log.error(error.description)
        throw ExitCode(74)
    }
}
