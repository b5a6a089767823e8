import Foundation
import SmapKit
import SmapGenerate

// smap-bench: generates maps with SmapKit's MapGenerator and times smap on
// them — each pipeline stage in this process, and `smap check` / `smap build`
// as child processes with their peak memory. scripts/bench builds it in
// release mode and runs it; docs/performance.md explains the numbers.

// The same allocator settings as the smap command, so that stage times add up to its time.
Allocator.tuneForBatchWork()

let usage = """
usage: smap-bench generate STEPS [--seed N] [-o FILE]
       smap-bench stages FILE [--runs N] [--only STAGE]
       smap-bench run --smap PATH [--sizes 1000,10000,100000] [--dot-sizes 1000,3000]
                      [--runs N] [--work DIR] [--real FILE] [--dot PATH]

  generate  writes a generated map (standard output without -o)
  stages    times each stage of the pipeline on FILE (--only: the stages
            whose names start with STAGE, for profiling one of them)
  run       the whole benchmark: generated maps of each size, every stage,
            `smap check` and `smap build` as processes (median of N runs, peak
            memory), scaling ratios, Graphviz dot on smap's own DOT, and the
            real map end to end
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("smap-bench: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail("no command\n" + usage) }
arguments.removeFirst()

/// `--name value` options and positional arguments.
struct Options {
    var positional: [String] = []
    var values: [String: String] = [:]
    init(_ arguments: [String], names: Set<String>) {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if names.contains(a) {
                guard i + 1 < arguments.count else { fail("\(a) needs a value") }
                values[a] = arguments[i + 1]
                i += 2
            } else if a.hasPrefix("-") {
                fail("unknown option \(a)\n" + usage)
            } else {
                positional.append(a)
                i += 1
            }
        }
    }
    func int(_ name: String, _ fallback: Int) -> Int {
        guard let v = values[name] else { return fallback }
        guard let n = Int(v), n > 0 else { fail("\(name) needs a positive number") }
        return n
    }
    func sizes(_ name: String, _ fallback: [Int]) -> [Int] {
        guard let v = values[name] else { return fallback }
        let sizes = v.split(separator: ",").compactMap { Int($0) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 2 }) else { fail("\(name) needs sizes like 1000,10000") }
        return sizes
    }
}

switch command {
case "generate":
    let o = Options(arguments, names: ["--seed", "-o"])
    guard o.positional.count == 1, let steps = Int(o.positional[0]), steps >= 2 else { fail(usage) }
    let text = MapGenerator.generate(steps: steps, seed: UInt64(o.int("--seed", 1)))
    if let path = o.values["-o"] {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch { fail("cannot write \(path): \(error)") }
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
case "stages":
    let o = Options(arguments, names: ["--runs", "--only"])
    guard o.positional.count == 1 else { fail(usage) }
    let timings = StageBench.measure(path: o.positional[0], runs: o.int("--runs", 5), only: o.values["--only"])
    print(Report.stageTable([(o.positional[0], timings)]))
case "run":
    let o = Options(arguments, names: ["--smap", "--sizes", "--dot-sizes", "--runs", "--work", "--real", "--dot"])
    guard let smap = o.values["--smap"] else { fail("run needs --smap PATH (the smap executable to time)\n" + usage) }
    var benchmark = Benchmark(
        smap: smap,
        sizes: o.sizes("--sizes", [1_000, 10_000, 100_000]),
        dotSizes: o.sizes("--dot-sizes", [1_000, 3_000]),
        runs: o.int("--runs", 5),
        work: o.values["--work"] ?? NSTemporaryDirectory() + "smap-bench",
        realMap: o.values["--real"],
        dot: o.values["--dot"] ?? ProcessRunner.find("dot"))
    benchmark.run()
case "measure":
    // The helper of ProcessRunner (not for people).
    exit(ProcessRunner.measure(arguments))
case "-h", "--help", "help":
    print(usage)
default:
    fail("unknown command \(command)\n" + usage)
}
