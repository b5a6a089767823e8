import Foundation
import SmapKit
import SmapGenerate

/// The whole benchmark of `scripts/bench`, printed as Markdown tables.
struct Benchmark {
    var smap: String
    var sizes: [Int]
    var dotSizes: [Int]
    var runs: Int
    var work: String
    var realMap: String?
    var dot: String?

    private var targets: [(String, Bool?)] = []

    init(smap: String, sizes: [Int], dotSizes: [Int], runs: Int, work: String, realMap: String?, dot: String?) {
        self.smap = smap
        self.sizes = sizes
        self.dotSizes = dotSizes
        self.runs = runs
        self.work = work
        self.realMap = realMap
        self.dot = dot
    }

    func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func progress(_ text: String) {
        FileHandle.standardError.write(Data(("… " + text + "\n").utf8))
    }

    func mapPath(_ steps: Int) -> String { "\(work)/generated-\(steps).smap" }

    func generate(_ steps: Int) {
        let path = mapPath(steps)
        let text = MapGenerator.generate(steps: steps, seed: 1)
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch { fail("cannot write \(path): \(error)") }
    }

    /// Fewer in-process repetitions for the biggest maps: their medians are stable.
    func runsFor(_ steps: Int) -> Int { steps >= 50_000 ? min(runs, 3) : runs }

    mutating func run() {
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch { fail("cannot create \(work): \(error)") }
        guard FileManager.default.isExecutableFile(atPath: smap) else { fail("\(smap) is not an executable") }

        say("# smap benchmark\n")
        say(Machine.describe())
        let all = Array(Set(sizes + dotSizes)).sorted()
        for steps in all {
            progress("generating a map of \(steps) steps")
            generate(steps)
        }

        // Stages, in process.
        var stageResults: [(String, StageBench.Result)] = []
        for steps in sizes {
            progress("timing each stage on \(steps) steps")
            stageResults.append(("\(steps)", StageBench.measure(path: mapPath(steps), runs: runsFor(steps))))
        }
        say("## Stages, in process (median of \(runs) runs; \(runsFor(sizes.max() ?? 0)) for 50k steps and more), ms\n")
        say(Report.stageTable(stageResults))
        for (name, result) in stageResults where result.diagnostics > 0 {
            say("**The generated map of \(name) steps has \(result.diagnostics) diagnostics: the generator is broken.**\n")
            targets.append(("generated map of \(name) steps is clean", false))
        }

        // Whole commands, as processes.
        say("## Whole commands, as processes (median of \(runs) runs; peak resident memory)\n")
        say("| steps | map size | `smap check` | peak memory | `smap build` | peak memory |")
        say("|---:|---:|---:|---:|---:|---:|")
        var checkSeconds: [Int: Double] = [:]
        var buildSeconds: [Int: Double] = [:]
        for steps in all {
            progress("running smap check and smap build on \(steps) steps")
            let path = mapPath(steps)
            let check = ProcessRunner.median(runs: runs, smap, ["check", path])
            let out = "\(work)/site-\(steps)"
            let build = ProcessRunner.median(runs: runs, smap, ["build", path, "-o", out])
            checkSeconds[steps] = check.status == 0 ? check.seconds : nil
            buildSeconds[steps] = build.status == 0 ? build.seconds : nil
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            say("| \(steps) | \(Report.bytes(size)) | \(Report.command(check)) | \(Report.bytes(check.peakMemory)) "
                + "| \(Report.command(build)) | \(build.status == 0 ? Report.bytes(build.peakMemory) : "–") |")
        }
        say("")

        // Scaling.
        let sorted = sizes.sorted()
        if sorted.count >= 2 {
            say("## Scaling (time ratio between consecutive sizes; linear is the size ratio)\n")
            say("| stage | " + zip(sorted, sorted.dropFirst()).map { "\($0.1 / 1000)k / \($0.0 / 1000)k" }.joined(separator: " | ") + " |")
            say("|---|" + String(repeating: "---:|", count: sorted.count - 1))
            var rows: [(String, [String])] = []
            for (index, timing) in stageResults[0].1.timings.enumerated() {
                var cells: [String] = []
                for (a, b) in zip(sorted, sorted.dropFirst()) {
                    let ta = stageResults.first { $0.0 == "\(a)" }!.1.timings[index].seconds
                    let tb = stageResults.first { $0.0 == "\(b)" }!.1.timings[index].seconds
                    cells.append(ta > 0 ? String(format: "%.1f×", tb / ta) : "–")
                }
                rows.append(((timing.isPart ? "  " : "") + timing.stage, cells))
            }
            var cells: [String] = []
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                if let ta = checkSeconds[a], let tb = checkSeconds[b] { cells.append(String(format: "%.1f×", tb / ta)) } else { cells.append("–") }
            }
            rows.append(("`smap check` (process)", cells))
            cells = []
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                if let ta = buildSeconds[a], let tb = buildSeconds[b] { cells.append(String(format: "%.1f×", tb / ta)) } else { cells.append("–") }
            }
            rows.append(("`smap build` (process)", cells))
            for (name, cells) in rows { say("| \(name) | " + cells.joined(separator: " | ") + " |") }
            say("")
        }

        // Graphviz on smap's own DOT.
        var dotRatios: [Int: Double] = [:]
        var dotFailed: Set<Int> = []
        if let dot {
            say("## Graphviz `dot -Tsvg` on smap's DOT for the same map\n")
            say("| steps | `smap build` | `dot -Tsvg` | dot / build |")
            say("|---:|---:|---:|---:|")
            for steps in dotSizes {
                let dotFile = "\(work)/site-\(steps)/map.dot"
                guard let build = buildSeconds[steps], FileManager.default.fileExists(atPath: dotFile) else {
                    say("| \(steps) | – | – | no map.dot from `smap build` |")
                    continue
                }
                progress("running dot -Tsvg on \(steps) steps (this takes a while)")
                let m = ProcessRunner.run(dot, ["-Tsvg", dotFile, "-o", "\(work)/dot-\(steps).svg"])
                dotRatios[steps] = m.seconds / build
                guard m.status == 0 else {
                    // Graphviz gave up with an error of its own (dot 2.43 stopped with "trouble in
                    // init_rank" on large maps until smap's DOT asked for `newrank=true`): the
                    // time it took is then a lower bound.
                    dotFailed.insert(steps)
                    say("| \(steps) | \(Report.seconds(build)) | failed after \(Report.seconds(m.seconds)) (exit \(m.status))"
                        + " | ≥ \(String(format: "%.0f×", m.seconds / build)) |")
                    continue
                }
                say("| \(steps) | \(Report.seconds(build)) | \(Report.seconds(m.seconds)) | \(String(format: "%.0f×", m.seconds / build)) |")
            }
            say("")
        } else {
            say("Graphviz `dot` is not installed: no dot comparison.\n")
        }

        // The real map.
        var realSeconds: Double?
        if let realMap {
            progress("running smap on \(realMap)")
            let check = ProcessRunner.median(runs: max(runs, 10), smap, ["check", realMap])
            let build = ProcessRunner.median(runs: max(runs, 10), smap, ["build", realMap, "-o", "\(work)/site-real"])
            let inProcess = StageBench.measure(path: realMap, runs: max(runs, 10))
            say("## The real map (`\(realMap)`: \(inProcess.steps) steps, \(Report.bytes(inProcess.bytes)))\n")
            say("| command | time | peak memory |")
            say("|---|---:|---:|")
            say("| `smap check` | \(Report.command(check)) | \(Report.bytes(check.peakMemory)) |")
            say("| `smap build` | \(Report.command(build)) | \(build.status == 0 ? Report.bytes(build.peakMemory) : "–") |")
            say("| compile in process | \(Report.seconds(inProcess.timings.first { $0.stage.hasPrefix("compile") }?.seconds ?? 0)) | |")
            say("")
            realSeconds = build.status == 0 ? build.seconds : nil
            if build.status != 0 { realSeconds = nil }
            targets.append(("real map `smap check` end to end < 50 ms", check.seconds < 0.05))
            targets.append(("real map `smap build` end to end < 50 ms", realSeconds.map { $0 < 0.05 }))
        }

        // Targets.
        let largest = sorted.last ?? 0
        if largest >= 100_000, let t = checkSeconds[largest] {
            targets.append(("`smap check` of \(largest / 1000)k steps < 1 s (\(Report.seconds(t)))", t < 1))
        }
        if let big = sorted.last, let small = sorted.dropLast().last, big == small * 10,
           let a = checkSeconds[small], let b = checkSeconds[big] {
            targets.append(("`smap check` \(big / 1000)k / \(small / 1000)k ≤ 11× (\(String(format: "%.1f×", b / a)))", b / a <= 11))
        }
        if let three = dotSizes.first(where: { $0 == 3_000 }) ?? dotSizes.max() {
            let ratio = dotRatios[three]
            let bound = dotFailed.contains(three) ? "≥ " : ""
            let note = dotFailed.contains(three) ? ", dot failed: the time it took before failing is a lower bound" : ""
            targets.append(("`smap build` of \(three) steps ≥ 50× faster than `dot -Tsvg`"
                            + (ratio.map { " (" + bound + String(format: "%.0f×", $0) + note + ")" } ?? ""),
                            ratio.map { $0 >= 50 }))
        }
        say("## Targets\n")
        for (name, met) in targets {
            say("- " + (met == nil ? "NOT MEASURED" : met! ? "met" : "MISSED") + ": " + name)
        }
        say("")
    }
}

enum Report {
    static func seconds(_ s: Double) -> String {
        if s >= 1 { return String(format: "%.2f s", s) }
        return String(format: "%.1f ms", s * 1000)
    }

    static func ms(_ s: Double) -> String {
        s * 1000 >= 100 ? String(format: "%.0f", s * 1000) : String(format: "%.2f", s * 1000)
    }

    static func bytes(_ n: Int) -> String {
        if n >= 1 << 20 { return String(format: "%.1f MB", Double(n) / Double(1 << 20)) }
        if n >= 1 << 10 { return String(format: "%.0f kB", Double(n) / Double(1 << 10)) }
        return "\(n) B"
    }

    static func command(_ m: ProcessRunner.Measurement) -> String {
        m.status == 0 ? seconds(m.seconds) : "exit \(m.status)"
    }

    /// Rows: stages; columns: maps.
    static func stageTable(_ results: [(String, StageBench.Result)]) -> String {
        guard let first = results.first?.1 else { return "" }
        var out = "| stage | " + results.map { "\($0.0)" }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: results.count) + "\n"
        out += "| *map size* | " + results.map { bytes($0.1.bytes) }.joined(separator: " | ") + " |\n"
        out += "| *steps / flows / rules* | " + results.map { "\($0.1.steps) / \($0.1.flows) / \($0.1.rules)" }
            .joined(separator: " | ") + " |\n"
        for (index, timing) in first.timings.enumerated() {
            let name = timing.isPart ? "  ↳ \(timing.stage)" : timing.stage
            out += "| \(name) | " + results.map { index < $0.1.timings.count ? ms($0.1.timings[index].seconds) : "–" }
                .joined(separator: " | ") + " |\n"
        }
        return out
    }
}

enum Machine {
    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kb = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return "Machine: \(cores) cores, \(model), \(String(format: "%.1f", Double(kb) / 1_048_576)) GB RAM.\n"
    }
}
