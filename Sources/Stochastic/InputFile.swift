#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why an input file cannot be read, in words that say what the path is. Foundation's own
/// errors ("NSCocoaErrorDomain error 256", "You don't have permission" for a FIFO as root)
/// do not, so every reader checks its path here first.
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
}

/// The one place input files are opened, so that logs, summaries, scenarios, model files and
/// outcome CSVs refuse the same wrong paths with the same words.
public enum InputFile {
    /// Bytes sniffed for compression and binary content.
    static let sniffLength = 1024

    /// Check that `path` is a readable regular text file: it exists, is not a directory, FIFO,
    /// device, socket or symlink loop, and its first KiB is neither gzip nor binary. A FIFO is
    /// refused from `stat` alone, before any `open`, so that it cannot block.
    public static func check(_ path: String) throws(InputFileError) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw InputFileError(path: path, reason: statFailure(errno, path)) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw InputFileError(path: path, reason: "is a directory, not a file")
        case S_IFIFO: throw InputFileError(path: path, reason: "is a FIFO (named pipe), not a regular file: write its contents to a file first")
        case S_IFCHR: throw InputFileError(path: path, reason: "is a character device, not a regular file")
        case S_IFBLK: throw InputFileError(path: path, reason: "is a block device, not a regular file")
        case S_IFSOCK: throw InputFileError(path: path, reason: "is a socket, not a regular file")
        default: throw InputFileError(path: path, reason: "is not a regular file")
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw InputFileError(path: path, reason: openFailure(errno)) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: sniffLength)
        let n = head.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, sniffLength) }
        guard n >= 0 else { throw InputFileError(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))") }
        try sniff(head[0..<n], path: path)
    }

    /// Refuse compressed or binary content by its first bytes.
    public static func sniff(_ head: ArraySlice<UInt8>, path: String) throws(InputFileError) {
        let h = Array(head.prefix(sniffLength))
        if h.count >= 2, h[0] == 0x1f, h[1] == 0x8b {
            throw InputFileError(path: path, reason: "is gzip-compressed: decompress it first (gunzip \(path))")
        }
        if h.count >= 4, h[0] == 0x50, h[1] == 0x4b, h[2] == 0x03, h[3] == 0x04 {
            throw InputFileError(path: path, reason: "is a zip archive: extract it first (unzip \(path))")
        }
        if h.count >= 3, h[0] == 0x42, h[1] == 0x5a, h[2] == 0x68 {
            throw InputFileError(path: path, reason: "is bzip2-compressed: decompress it first (bunzip2 \(path))")
        }
        if h.count >= 6, h[0] == 0xfd, h[1] == 0x37, h[2] == 0x7a, h[3] == 0x58, h[4] == 0x5a, h[5] == 0x00 {
            throw InputFileError(path: path, reason: "is xz-compressed: decompress it first (unxz \(path))")
        }
        if h.count >= 4, h[0] == 0x28, h[1] == 0xb5, h[2] == 0x2f, h[3] == 0xfd {
            throw InputFileError(path: path, reason: "is zstd-compressed: decompress it first (unzstd \(path))")
        }
        // Text never holds NUL; UTF-16 text does, and is refused as not UTF-8.
        if h.contains(0) { throw InputFileError(path: path, reason: "is a binary file, not text") }
    }

    /// The whole file, after ``check(_:)``.
    public static func read(_ path: String) throws(InputFileError) -> Data {
        try check(path)
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InputFileError(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// A handle for streaming the file, after ``check(_:)``.
    public static func handle(_ path: String) throws(InputFileError) -> FileHandle {
        try check(path)
        guard let h = FileHandle(forReadingAtPath: path) else { throw InputFileError(path: path, reason: "cannot be opened for reading") }
        return h
    }

    private static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
        #else
        return Darwin.read(fd, buffer, count)
        #endif
    }

    static func statFailure(_ code: Int32, _ path: String) -> String {
        switch code {
        case ENOENT:
            var lst = stat()
            if lstat(path, &lst) == 0, lst.st_mode & S_IFMT == S_IFLNK { return "is a broken symbolic link (its target does not exist)" }
            return "no such file"
        case ELOOP: return "is a symbolic link loop (the links never reach a file)"
        case ENOTDIR: return "no such file (a component of the path is not a directory)"
        case EACCES: return "permission denied (a directory on the path cannot be searched)"
        case ENAMETOOLONG: return "the path is too long"
        default: return "cannot be examined (\(String(cString: strerror(code))))"
        }
    }

    static func openFailure(_ code: Int32) -> String {
        code == EACCES ? "permission denied: the file is not readable by this user" : "cannot be opened (\(String(cString: strerror(code))))"
    }
}
