import CLVReport
import CLVWorkflows
import Dispatch
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM stop a run at once: temporary files, the staging folder and the
/// output lock are removed, results already in place are untouched (a results folder is swapped
/// in as one unit, single files are written to a temporary name and renamed), and
/// the exit status is 128 + the signal number (130, 143), as shells expect.
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        // A normal exit racing a signal's handler waits for the handler (``TemporaryFiles``).
        atexit { TemporaryFiles.shared.waitForInterruptHandler() }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global(qos: .userInteractive))
            // Clearing the progress bar's line only makes sense on a terminal; a redirected stderr
            // gets the plain message.
            let clearLine = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
            source.setEventHandler {
                TemporaryFiles.shared.removeAll(exiting: true)
                FileHandle.standardError.write(Data("\(clearLine)clvlab: interrupted (\(sig == SIGINT ? "SIGINT" : "SIGTERM")); no partial results were written\n".utf8))
                _exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
