import Foundation

/// Runs scripts and other programs (bash, the deploy/ scripts, Slurm's commands) as a user would.
enum Shell {
    /// `executable` (a path, or a name looked up on PATH) with `arguments`; `environment` is
    /// added to this process's; the output is captured. Stops the program (TERM) after `timeout`
    /// seconds and reports status 124 then, as timeout(1) does.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    in directory: URL = CLI.repository, timeout: Double = 120) throws -> CLI.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        let timedOut = LockedFlag()
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler { timedOut.set(); process.terminate() }
        timer.resume()
        // Read both pipes to their ends before waiting, so that a full pipe cannot block the child.
        let group = DispatchGroup()
        let e = LockedData()
        DispatchQueue.global().async(group: group) { e.set(err.fileHandleForReading.readDataToEndOfFile()) }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        return CLI.Output(status: timedOut.value ? 124 : process.terminationStatus,
                          stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e.value, as: UTF8.self))
    }

    /// A shell script run by /bin/sh with `arguments` as $1, $2, …
    static func sh(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:],
                   in directory: URL = CLI.repository, timeout: Double = 120) throws -> CLI.Output {
        try run("/bin/sh", ["-c", script, "sh"] + arguments, environment: environment, in: directory, timeout: timeout)
    }

    /// Every regular file below `folder`, by path relative to it, with its bytes.
    static func files(under folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        guard let walk = FileManager.default.enumerator(atPath: base) else { return [:] }
        for case let relative as String in walk {
            var isDirectory: ObjCBool = false
            let path = (base as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }
}

private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ new: Data) { lock.lock(); data = new; lock.unlock() }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
