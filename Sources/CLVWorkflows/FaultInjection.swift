import Foundation

/// Test hooks for the write phase, read from the environment once. They exist so that tests can
/// put a fault at every step of writing a results folder (issue #23) without a slow disk or a
/// full file system:
/// - `CLVLAB_FAULT_WRITE_PAUSE_MS=N`: sleep N ms after each file and before the swap, so that
///   a signal can be sent at each step;
/// - `CLVLAB_FAULT_WRITE_LIMIT=K`: after K bytes in total have been written by this process, a
///   write fails with ENOSPC ("No space left on device"), as on a full file system.
/// Unset (always, outside tests) they cost one branch per file.
enum FaultInjection {
    static let pauseMicroseconds: UInt32? = ProcessInfo.processInfo.environment["CLVLAB_FAULT_WRITE_PAUSE_MS"].flatMap { UInt32($0) }.map { $0 * 1000 }
    static let byteLimit: Int? = ProcessInfo.processInfo.environment["CLVLAB_FAULT_WRITE_LIMIT"].flatMap { Int($0) }
    nonisolated(unsafe) private static var written = 0
    private static let lock = NSLock()

    static func pauseBetweenFiles() {
        if let pauseMicroseconds { usleep(pauseMicroseconds) }
    }

    static func write(_ data: Data, to url: URL) throws {
        guard let byteLimit else { return try data.write(to: url) }
        lock.lock()
        let room = max(0, byteLimit - written)
        written += min(room, data.count)
        lock.unlock()
        if room >= data.count { return try data.write(to: url) }
        try data.prefix(room).write(to: url)
        throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(.ENOSPC),
                                                          NSLocalizedDescriptionKey: "\(url.lastPathComponent): \(String(cString: strerror(ENOSPC)))"])
    }
}
