import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A results folder written as one unit (issue #23, point 1).
///
/// Every file of a run goes into a fresh sibling folder, `.NAME.new-PID`, next to the target;
/// when all of them are written the sibling is swapped in with one rename — `renameat2(2)` with
/// `RENAME_EXCHANGE` on Linux when the target exists (atomic: a reader sees the old complete set or
/// the new complete set, never a mix), plain `rename(2)` when it does not — and the old set, now at
/// the sibling's name, is removed. An interrupted, failed or out-of-space run therefore leaves the
/// previous results exactly as they were; the interrupt handler removes the sibling
/// (``TemporaryFiles``), and a sibling left by a killed process is removed by the next run.
///
/// Two runs into one folder do not mix: the first holds the lock file `.NAME.lock` (beside the
/// target, holding its pid, flock(2)ed; ``OutputLock``) from ``claim(_:)`` until it exits; the
/// second is refused with the holder's pid. A lock whose pid no longer runs is stale and taken over.
///
/// The folder may hold only what a run writes (``entries``); a folder with anything else in it
/// (`--output .` by mistake, a folder of notes) is refused rather than replaced.
public final class ResultsFolder {
    /// Everything a results folder holds; the swap replaces all of it.
    public static let entries: Set<String> = ["summary.json", "variants.csv", "periods.csv", "comparisons.csv", "reach.csv", "replications.csv", "customers.csv", "report.md", "report.html", "charts"]

    public let target: URL
    let staging: URL

    /// Claim `target` (see ``claim(_:)``) and create the empty staging folder beside it.
    public init(_ target: URL) throws {
        self.target = target.standardizedFileURL
        try ResultsFolder.claim(self.target.path)
        let name = self.target.lastPathComponent
        staging = self.target.deletingLastPathComponent().appendingPathComponent(".\(name).new-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        TemporaryFiles.shared.registerDirectory(staging.path)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            TemporaryFiles.shared.unregisterDirectory(staging.path)
            throw ResultsFolderError.cannotWrite(self.target.path, "cannot create \(staging.path) beside it (the folder is written there and swapped in with one rename, which needs write permission on \(self.target.deletingLastPathComponent().path)): \(error.localizedDescription)")
        }
    }

    /// Write one file of the unit, `relative` to the folder (e.g. `charts/clv.svg`).
    public func write(_ data: Data, to relative: String) throws {
        let url = staging.appendingPathComponent(relative)
        let parent = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        try FaultInjection.write(data, to: url)
        FaultInjection.pauseBetweenFiles()
    }

    /// Copy the existing results' `entries` not in `except` into the unit (hard links when the
    /// file system allows), so that redrawing the reports keeps the rest of the folder.
    public func carryOver(except: Set<String>) throws {
        let fm = FileManager.default
        guard let existing = try? fm.contentsOfDirectory(atPath: target.path) else { return }
        for name in existing where ResultsFolder.entries.contains(name) && !except.contains(name) {
            let from = target.appendingPathComponent(name), to = staging.appendingPathComponent(name)
            do { try fm.linkItem(at: from, to: to) } catch { try fm.copyItem(at: from, to: to) }
        }
    }

    /// Swap the unit in and remove the old set. Serialised with the interrupt handler, which
    /// therefore removes either the new unit (before the swap) or nothing (after it).
    public func commit() throws {
        FaultInjection.pauseBetweenFiles()
        try TemporaryFiles.shared.whileNotInterrupted {
            let exists = (try? target.checkResourceIsReachable()) ?? false
            if exists {
                try ResultsFolder.exchange(staging.path, target.path)
            } else if rename(staging.path, target.path) != 0 {
                throw ResultsFolderError.cannotWrite(target.path, "cannot move \(staging.path) into place: \(String(cString: strerror(errno)))")
            }
            // The staging name now holds the old set (or nothing). It is removed inside the swap
            // lock too: when the handler and this thread both removed it, each gave up at a file
            // the other had taken, and a normal exit could cut the handler short, leaving part
            // of the old set at `.NAME.new-PID` (found by ResultsFolderFaultTests, a signal just
            // after the swap).
            try? FileManager.default.removeItem(at: staging)
            TemporaryFiles.shared.unregisterDirectory(staging.path)
        }
    }

    /// Remove the unit without touching the target (a failed run).
    public func abandon() {
        try? FileManager.default.removeItem(at: staging)
        TemporaryFiles.shared.unregisterDirectory(staging.path)
    }

    // MARK: Swap

    /// Atomically exchange two paths. Linux: `renameat2(…, RENAME_EXCHANGE)`, looked up at run
    /// time (glibc ≥ 2.28; Swift's Glibc module does not declare it). Elsewhere, or on a file
    /// system without exchange support: rename the old set aside, rename the new one in, with the
    /// interrupt handler held off for both steps (the only window is a crash between them, after
    /// which the old set is still complete at `.NAME.new-PID`).
    static func exchange(_ new: String, _ old: String) throws {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        #if os(Linux)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") {
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let AT_FDCWD: Int32 = -100, RENAME_EXCHANGE: UInt32 = 2
            if renameat2(AT_FDCWD, new, AT_FDCWD, old, RENAME_EXCHANGE) == 0 { return }
            if errno != EINVAL && errno != ENOSYS {
                throw ResultsFolderError.cannotWrite(old, "cannot swap \(new) into place: \(String(cString: strerror(errno)))")
            }
        }
        #endif
        let aside = new + ".old"
        guard rename(old, aside) == 0 else {
            throw ResultsFolderError.cannotWrite(old, "cannot move the earlier results aside: \(String(cString: strerror(errno)))")
        }
        guard rename(new, old) == 0 else {
            let code = errno
            _ = rename(aside, old)
            throw ResultsFolderError.cannotWrite(old, "cannot move \(new) into place: \(String(cString: strerror(code)))")
        }
        _ = rename(aside, new)
    }

    // MARK: Claim and lock

    /// Check `path` before a run and lock it for this process: it must be a folder holding only
    /// results entries (or not exist), its parent must be writable (created when missing), and no
    /// other live clvlab may hold its lock. Idempotent within a process; the lock is released when
    /// the process exits (normally, by an error exit, or by the interrupt handler).
    /// - Throws: ``ResultsFolderError`` naming the path and what is wrong.
    public static func claim(_ path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ResultsFolderError.cannotWrite(path, "it is \(FileKind.describe(url.path)), not a folder")
            }
            let foreign = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { !entries.contains($0) }.sorted()
            if let first = foreign.first {
                throw ResultsFolderError.cannotWrite(path, "it holds '\(first)'\(foreign.count > 1 ? " and \(foreign.count - 1) more" : ""), which clvlab did not write; a run replaces the whole folder, so choose a new or empty folder")
            }
        }
        let parent = url.deletingLastPathComponent()
        do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw ResultsFolderError.cannotWrite(path, "cannot create \(parent.path): \(whyNotCreated(parent, error))")
        }
        guard access(parent.path, W_OK) == 0 else {
            throw ResultsFolderError.cannotWrite(path, "\(parent.path) is not writable (the folder is written beside its final name and swapped in)")
        }
        try OutputLock.acquire(parent.appendingPathComponent(".\(url.lastPathComponent).lock").path, folder: path)
        removeStaleSiblings(of: url)
    }

    /// Why `folder` could not be created, in words. Foundation reports a path through a file only
    /// as "NSCocoaErrorDomain error 512", which names neither the file nor the cause; the usual
    /// cause is an `--output` below a file (`scores.csv/results`), so name the first ancestor
    /// that is not a folder.
    static func whyNotCreated(_ folder: URL, _ error: any Error) -> String {
        var ancestor = folder
        while ancestor.path != "/" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
                if !isDirectory.boolValue { return "\(ancestor.path) is \(FileKind.describe(ancestor.path)), not a folder" }
                break
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        return error.localizedDescription
    }

    /// `.NAME.new-PID` folders whose process is gone (a run killed with SIGKILL).
    static func removeStaleSiblings(of url: URL) {
        let parent = url.deletingLastPathComponent(), prefix = ".\(url.lastPathComponent).new-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid != getpid(), !OutputLock.isRunning(pid) else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}

public enum ResultsFolderError: Error, CustomStringConvertible, LocalizedError {
    case cannotWrite(String, String)
    case busy(String, pid: Int32)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let why): return "cannot write results to \(path): \(why)"
        case .busy(let path, let pid): return "cannot write results to \(path): another clvlab (pid \(pid)) is writing there; wait for it to finish or choose another --output"
        }
    }
    public var errorDescription: String? { description }
}

/// The lock file beside a results folder, holding the holder's pid, with an flock(2) held on it
/// for as long as the holder runs.
///
/// The flock is what makes taking over a stale lock safe: with the pid alone, two runs that both
/// found a dead holder's lock could each remove it and create their own, the second removing the
/// first's, and both would write (seen with an empty stale lock and two runs started together).
/// Only one process can hold the flock of a file, and the kernel drops it when the holder dies,
/// so whoever gets it may rewrite the pid. The pid is still checked: a lock naming a live process
/// is refused even without an flock (a lock written by another tool, or by a test).
enum OutputLock {
    /// Lock path → the open descriptor that holds its flock.
    nonisolated(unsafe) private static var held: [String: Int32] = [:]
    private static let lock = NSLock()

    static func acquire(_ path: String, folder: String) throws {
        lock.lock(); defer { lock.unlock() }
        if held[path] != nil { return }
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT, 0o644)
            guard fd >= 0 else {
                // Name the folder asked for, as every other refusal does; the lock is a detail.
                throw ResultsFolderError.cannotWrite(folder, "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                // A live holder. Its pid is written a moment after its flock: look again then.
                let pid = readPid(fd)
                close(fd)
                if let pid, pid != getpid() { throw ResultsFolderError.busy(folder, pid: pid) }
                usleep(2_000)
                continue
            }
            // The flock is ours, but the holder may have removed the file (released) after we
            // opened it: then start again with the file now at `path`.
            guard isStillAt(path, fd) else { close(fd); continue }
            if let pid = readPid(fd), pid != getpid(), isRunning(pid) {
                close(fd)
                throw ResultsFolderError.busy(folder, pid: pid)
            }
            // Empty (a holder died between open and write) or stale (its process is gone).
            let text = "\(getpid())\n"
            _ = ftruncate(fd, 0)
            _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
            if held.isEmpty { atexit { OutputLock.releaseAll() } }
            held[path] = fd
            TemporaryFiles.shared.register(path)
            return
        }
        throw ResultsFolderError.cannotWrite(folder, "cannot take the lock file \(path)")
    }

    static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `path` still names the file open at `fd`.
    static func isStillAt(_ path: String, _ fd: Int32) -> Bool {
        var atPath = stat(), open = stat()
        guard stat(path, &atPath) == 0, fstat(fd, &open) == 0 else { return false }
        return atPath.st_dev == open.st_dev && atPath.st_ino == open.st_ino
    }

    static func isRunning(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }

    /// Remove the file before closing its descriptor, so that a run waiting for the flock finds
    /// the file gone (``isStillAt(_:_:)``) rather than taking a lock file that is being removed.
    static func releaseAll() {
        lock.lock(); defer { lock.unlock() }
        for (p, fd) in held { unlink(p); close(fd); TemporaryFiles.shared.unregister(p) }
        held.removeAll()
    }
}

/// What a path is, in words, for messages about paths that are not what was expected.
public enum FileKind {
    public static func describe(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ELOOP { return "a symbolic link loop" }
            return "missing (\(String(cString: strerror(errno))))"
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFREG: return "a file"
        default: return "not a regular file"
        }
    }
}

extension RunCompletion {
    /// Check and lock the results folder before any simulation time is spent: a file, an
    /// unwritable place, a folder with foreign files or one another run is writing are refused
    /// at once (exit 74), not after the run (``ResultsFolder/claim(_:)``).
    public func claimOutput() throws {
        guard let output else { return }
        do { try ResultsFolder.claim(output) } catch let error as ResultsFolderError {
            throw WorkflowError(.output, error.description)
        }
    }
}
