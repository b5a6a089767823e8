import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program as a child process and measures it: wall time and the
/// child's own peak resident memory (from `wait4`, so other children do not count).
enum ProcessRunner {
    struct Measurement {
        var status: Int32
        var seconds: Double
        /// Peak resident set size in bytes.
        var peakMemory: Int
    }

    /// The absolute path of an executable on PATH.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`; its standard output goes to `stdout`
    /// (a file path, /dev/null by default), standard error to /dev/null.
    static func run(_ executable: String, _ arguments: [String], stdout: String = "/dev/null") -> Measurement {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            return Measurement(status: -1, seconds: 0, peakMemory: 0)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // Linux reports ru_maxrss in kilobytes.
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measurement(status: exitStatus, seconds: seconds, peakMemory: Int(usage.ru_maxrss) * 1024)
    }

    /// The median of `runs` runs (by time) and the largest peak memory seen.
    static func median(runs: Int, _ executable: String, _ arguments: [String],
                       stdout: String = "/dev/null") -> Measurement {
        var all: [Measurement] = []
        for _ in 0..<max(1, runs) { all.append(run(executable, arguments, stdout: stdout)) }
        all.sort { $0.seconds < $1.seconds }
        var m = all[all.count / 2]
        m.peakMemory = all.map(\.peakMemory).max() ?? 0
        if let failed = all.first(where: { $0.status != all[0].status }) { m.status = failed.status }
        return m
    }
}
