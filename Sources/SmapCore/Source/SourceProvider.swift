import Foundation

/// Where source files come from: the disk for the command line, memory for tests.
public protocol SourceProvider: Sendable {
    /// The file's bytes.
    func read(_ path: String) throws -> [UInt8]
    /// The bytes of a file an `include` names: only an ordinary file, never
    /// a pipe, socket or device (reading one could wait forever).
    func readIncluded(_ path: String) throws -> [UInt8]
    /// The path with `.`/`..` removed and, on disk, symbolic links resolved:
    /// what the include-folder boundary is checked against.
    func canonical(_ path: String) -> String
}

extension SourceProvider {
    public func readIncluded(_ path: String) throws -> [UInt8] { try read(path) }
}

/// Reads files from the file system.
public struct DiskSourceProvider: SourceProvider {
    /// Files larger than this are refused rather than read into memory.
    public static let maximumFileSize = 256 * 1024 * 1024

    public init() {}

    /// Reads with `open`/`read` straight into the array: going through
    /// `Data` held the file twice (a 36 MB map cost 72 MB more at its peak).
    public func read(_ path: String) throws -> [UInt8] {
        try read(path, regularOnly: false)
    }

    /// An included file is read only when it is an ordinary file: the path
    /// is looked at before it is opened (opening a FIFO for reading waits
    /// for a writer), it is opened without blocking, and what was opened is
    /// looked at again (the path may have changed in between).
    public func readIncluded(_ path: String) throws -> [UInt8] {
        try read(path, regularOnly: true)
    }

    private func read(_ path: String, regularOnly: Bool) throws -> [UInt8] {
        if regularOnly {
            var before = stat()
            guard stat(path, &before) == 0 else { throw SourceError.cannotRead(path) }
            if before.st_mode & S_IFMT == S_IFDIR { throw SourceError.isDirectory(path) }
            if before.st_mode & S_IFMT != S_IFREG { throw SourceError.notRegularFile(path) }
        }
        let fd = open(path, regularOnly ? O_RDONLY | O_NONBLOCK : O_RDONLY)
        guard fd >= 0 else { throw SourceError.cannotRead(path) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw SourceError.cannotRead(path) }
        if status.st_mode & S_IFMT == S_IFDIR { throw SourceError.isDirectory(path) }
        if regularOnly && status.st_mode & S_IFMT != S_IFREG { throw SourceError.notRegularFile(path) }
        let limit = DiskSourceProvider.maximumFileSize
        if Int(status.st_size) > limit { throw SourceError.tooLarge(path) }
        // The size is a hint (a pipe, or a file that grows, may hold more):
        // read until the end, in larger parts while there is more.
        var bytes: [UInt8] = []
        var part = max(Int(status.st_size) + 1, 64 * 1024)
        var failed = false
        while !failed {
            var got = 0
            let chunk = [UInt8](unsafeUninitializedCapacity: part) { buffer, initialized in
                while got < part {
                    let n = Foundation.read(fd, buffer.baseAddress! + got, part - got)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failed = true }
                    if n <= 0 { break }
                    got += n
                }
                initialized = got
            }
            if bytes.isEmpty { bytes = chunk } else { bytes += chunk }
            if bytes.count > limit { throw SourceError.tooLarge(path) }
            if got < part { break } // the end of the file
            part = min(part * 2, limit + 1)
        }
        if failed { throw SourceError.cannotRead(path) }
        return bytes
    }

    public func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: PathText.normalize(absolute)).resolvingSymlinksInPath().path
    }
}

/// Files held in memory, keyed by normalized path (for tests and the fuzzer).
public struct MemorySourceProvider: SourceProvider {
    public var files: [String: [UInt8]]
    public init(_ files: [String: String]) {
        self.files = files.mapValues { Array($0.utf8) }
    }
    public init(bytes: [String: [UInt8]]) { self.files = bytes }

    public func read(_ path: String) throws -> [UInt8] {
        guard let bytes = files[PathText.normalize(path)] else { throw SourceError.cannotRead(path) }
        return bytes
    }
    public func canonical(_ path: String) -> String { PathText.normalize(path) }
}

public enum SourceError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(String)
    case isDirectory(String)
    case tooLarge(String)
    case notRegularFile(String)

    public var description: String {
        switch self {
        case .cannotRead: return "no such file, or it cannot be read"
        case .isDirectory: return "it is a folder"
        case .tooLarge: return "the file is larger than 256 MB"
        case .notRegularFile: return "it is not an ordinary file (a pipe, socket or device)"
        }
    }

    /// The reason in the message catalog (for messages in the user's language).
    public var reasonKey: TextKey {
        switch self {
        case .cannotRead: return .sourceCannotRead
        case .isDirectory: return .sourceIsDirectory
        case .tooLarge: return .sourceTooLarge
        case .notRegularFile: return .sourceNotRegularFile
        }
    }
}

/// Path arithmetic on text, the same on every platform.
public enum PathText {
    /// Removes `.` and `..` components and duplicate slashes.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        return normalize(directory == "." ? relative : directory + "/" + relative)
    }

    /// True when `path` is `folder` or inside it.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        if folder == "/" { return true }
        return path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
