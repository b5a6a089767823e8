import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program as a child process and measures it: wall time and the
/// child's own peak resident memory.
///
/// Linux counts a new process's peak memory from the process that spawned
/// it, so a program spawned straight from this (large, after the in-process
/// stages) benchmark would report our size. A small helper — this executable
/// started afresh in `measure` mode — spawns the program instead, waits for
/// it with `wait4` and writes what it measured to a file.
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

    /// Runs `executable` with `arguments` through the helper; its standard
    /// output goes to `stdout` (a file path, /dev/null by default).
    static func run(_ executable: String, _ arguments: [String], stdout: String = "/dev/null") -> Measurement {
        let report = NSTemporaryDirectory() + "smap-bench-\(getpid())-measure.txt"
        defer { unlink(report) }
        let helper = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let status = spawnAndWait(helper, ["measure", report, stdout, executable] + arguments, stdout: "/dev/null").status
        guard status == 0, let text = try? String(contentsOfFile: report, encoding: .utf8) else {
            return Measurement(status: -1, seconds: 0, peakMemory: 0)
        }
        let parts = text.split(separator: " ")
        guard parts.count == 3, let s = Int32(parts[0]), let t = Double(parts[1]), let m = Int(parts[2]) else {
            return Measurement(status: -1, seconds: 0, peakMemory: 0)
        }
        return Measurement(status: s, seconds: t, peakMemory: m)
    }

    /// `smap-bench measure REPORT STDOUT PROGRAM ARGS…`: the helper's side.
    static func measure(_ arguments: [String]) -> Int32 {
        guard arguments.count >= 3 else { return 2 }
        let m = spawnAndWait(arguments[2], Array(arguments.dropFirst(3)), stdout: arguments[1])
        let line = "\(m.status) \(m.seconds) \(m.peakMemory)"
        return FileManager.default.createFile(atPath: arguments[0], contents: Data(line.utf8)) ? 0 : 2
    }

    /// Spawns, waits with `wait4` and measures one child.
    static func spawnAndWait(_ executable: String, _ arguments: [String], stdout: String) -> Measurement {
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
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            return Measurement(status: -1, seconds: 0, peakMemory: 0)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        // Linux reports ru_maxrss in kilobytes.
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
