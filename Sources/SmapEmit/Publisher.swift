import Foundation
import SmapCore
import SmapModel
import SmapCheck
import SmapLayout
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of a published site: a plain file name and its text.
public struct PublishedFile: Sendable, Equatable {
    public var name: String
    /// The file's bytes (UTF-8 text).
    public var bytes: [UInt8]
    public var contents: String { String(decoding: bytes, as: UTF8.self) }
    public init(name: String, contents: String) {
        self.name = name
        self.bytes = Array(contents.utf8)
    }
    package init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Why a site or an output file could not be written. ``text`` says it for people.
public enum PublishError: Error, Sendable, Equatable {
    /// The output folder exists and is not a folder.
    case notAFolder(String)
    /// The output folder holds the map's own files or the working folder:
    /// replacing it would replace them.
    case holdsSources(String)
    /// A file name that is not a plain name inside the folder.
    case invalidName(String)
    /// The file system refused; `reason` is its explanation.
    case cannotWrite(path: String, reason: String)

    public var text: Text {
        switch self {
        case .notAFolder(let path): return Text(.cliOutputNotFolder, path)
        case .holdsSources(let path): return Text(.cliOutputHoldsSources, path)
        case .invalidName(let name): return Text(.cliCannotWrite, name, "not a plain file name")
        case .cannotWrite(let path, let reason): return Text(.cliCannotWrite, path, reason)
        }
    }
}

/// Writes what `smap build` publishes: all or nothing.
///
/// The files are written to a hidden temporary folder beside the output
/// folder, which then takes the output folder's place in one rename (an
/// atomic exchange where the system has one). A failure before that rename
/// leaves the output folder as it was; a crash leaves at most the hidden
/// temporary folder behind. Entries of the old output folder that the build
/// does not produce (a `CNAME`, a README) are carried into the new one as
/// hard links (copies across file systems), so replacing the folder does not
/// lose them. Nothing is written outside the output folder except that
/// temporary folder, and missing parent folders are created.
public enum Publisher {
    /// The files `smap build` writes into its folder, in order: one per
    /// emitter of ``Outputs/all``.
    public static func outputs(for map: CheckedMap, view: Int?) -> [PublishedFile] {
        Outputs.files(map, view: view)
    }

    /// Replaces the folder `directory` with one holding exactly `files` (plus
    /// the entries of the old folder that `files` does not name). `protected`
    /// lists paths (the map's sources) that must not lie inside the folder.
    public static func publish(_ files: [PublishedFile], to directory: String, protecting protected: [String] = []) throws(PublishError) {
        let fm = FileManager.default
        for file in files where !isPlainName(file.name) { throw .invalidName(file.name) }

        let target = resolvedAbsolute(directory)
        var isFolder: ObjCBool = false
        let exists = fm.fileExists(atPath: target, isDirectory: &isFolder)
        if exists && !isFolder.boolValue { throw .notAFolder(directory) }
        let working = resolvedAbsolute(fm.currentDirectoryPath)
        if target == "/" || PathText.isInside(working, target)
            || protected.contains(where: { PathText.isInside(resolvedAbsolute($0), target) }) {
            throw .holdsSources(directory)
        }

        let parent = PathText.directory(of: target)
        let base = String(target[target.index(after: target.lastIndex(of: "/")!)...])
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: reason(error))
        }
        let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent + "/." + base + ".smap-new-" + unique
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw .cannotWrite(path: directory, reason: reason(error))
        }
        // On failure the staging folder holds the new files; after an exchange, the old folder.
        defer { try? fm.removeItem(atPath: staging) }
        do {
            for file in files {
                try Data(file.bytes).write(to: URL(fileURLWithPath: staging + "/" + file.name))
            }
            if exists {
                let names = Set(files.map(\.name))
                for entry in try fm.contentsOfDirectory(atPath: target).sorted() where !names.contains(entry) {
                    let from = target + "/" + entry, to = staging + "/" + entry
                    do { try fm.linkItem(atPath: from, toPath: to) } catch {
                        try? fm.removeItem(atPath: to)
                        try fm.copyItem(atPath: from, toPath: to)
                    }
                }
            }
        } catch {
            throw .cannotWrite(path: directory, reason: reason(error))
        }

        if !exists {
            guard rename(staging, target) == 0 else {
                throw .cannotWrite(path: directory, reason: String(cString: strerror(errno)))
            }
            return
        }
        if exchange(staging, target) { return }
        // No atomic exchange here: move the old folder aside, the new one in, and back on failure.
        let old = parent + "/." + base + ".smap-old-" + unique
        guard rename(target, old) == 0 else {
            throw .cannotWrite(path: directory, reason: String(cString: strerror(errno)))
        }
        guard rename(staging, target) == 0 else {
            let message = String(cString: strerror(errno))
            _ = rename(old, target)
            throw .cannotWrite(path: directory, reason: message)
        }
        try? fm.removeItem(atPath: old)
    }

    /// Writes one output file: to a temporary file beside `path`, then renamed
    /// over it, so a reader never sees half a file.
    public static func write(_ contents: String, to path: String) throws(PublishError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .cannotWrite(path: path, reason: "it is a folder")
        }
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: reason(error))
        }
    }

    // MARK: - Helpers

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    /// An absolute, normalized path with symbolic links resolved (as far as they exist).
    static func resolvedAbsolute(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: PathText.normalize(absolute)).resolvingSymlinksInPath()
        return PathText.normalize(url.path)
    }

    /// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`);
    /// false where the system or file system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    package static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
