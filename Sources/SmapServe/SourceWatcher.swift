import Foundation
import SmapKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file looks like from outside: which file it is (device and
/// inode), its size and its modification and change times. A save that
/// writes in place changes the size or times; a save that writes a new file
/// and renames it over the old one (most editors), or deletes and recreates
/// it, changes the inode. `nil` is a file that does not exist (yet).
package struct FileFingerprint: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    package static func of(_ path: String) -> FileFingerprint? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileFingerprint(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                               modified: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
                               changed: Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec))
    }
}

/// Reads sources from disk like ``DiskSourceProvider`` and remembers every
/// path it was asked for — the map, each include, and each include that
/// could not be read — with its fingerprint from just before reading. Those
/// are the files to watch: an include that is missing now is rebuilt for
/// when it appears.
package final class RecordingSourceProvider: SourceProvider, @unchecked Sendable {
    private let disk = DiskSourceProvider()
    private let lock = NSLock()
    private var seen: [String: FileFingerprint?] = [:]

    package init() {}

    package func read(_ path: String) throws -> [UInt8] {
        let fingerprint = FileFingerprint.of(path)
        lock.withLock { if seen[path] == nil { seen[path] = .some(fingerprint) } }
        return try disk.read(path)
    }

    package func canonical(_ path: String) -> String { disk.canonical(path) }

    /// Every path read, with its fingerprint as it was read.
    package var fingerprints: [String: FileFingerprint?] { lock.withLock { seen } }
}

/// Polls the files of one build for a change and waits for the editor to
/// finish saving.
///
/// Polling (`stat` of a handful of files every ``interval``, 50 ms) needs no
/// system-specific API and sees every way of saving. A change is acted on
/// when the files have looked the same for ``quiet`` (20 ms; a save in several
/// writes, or many saves in a second, give one rebuild) — but after at most
/// ``longestWait``, so saving without pause still updates the page. While
/// the map's own file is missing (deleted, about to be recreated) the
/// watcher waits up to ``missingGrace`` for it to come back before the page
/// says it is gone.
package struct SourceWatcher: Sendable {
    package var interval: TimeInterval = 0.05
    package var quiet: TimeInterval = 0.02
    package var longestWait: TimeInterval = 1.0
    package var missingGrace: TimeInterval = 0.6

    package init() {}

    package static func current(_ paths: some Sequence<String>) -> [String: FileFingerprint?] {
        var now: [String: FileFingerprint?] = [:]
        for path in paths { now[path] = .some(FileFingerprint.of(path)) }
        return now
    }

    /// Blocks until a file of `known` differs from its fingerprint and the
    /// files have settled (or `shouldStop` says so: then false).
    package func waitForChange(of known: [String: FileFingerprint?], main: String, shouldStop: () -> Bool) -> Bool {
        let paths = Array(known.keys)
        while true {
            if shouldStop() { return false }
            Thread.sleep(forTimeInterval: interval)
            if SourceWatcher.current(paths) != known { break }
        }
        let first = Date()
        var last = SourceWatcher.current(paths)
        while !shouldStop() {
            Thread.sleep(forTimeInterval: quiet)
            let now = SourceWatcher.current(paths)
            let waited = -first.timeIntervalSinceNow
            let mainMissing = (now[main] ?? nil) == nil
            if now == last && (!mainMissing || waited >= missingGrace) { return true }
            if waited >= max(longestWait, mainMissing ? missingGrace : 0) { return true }
            last = now
        }
        return false
    }
}
