import Foundation
import SmapKit
import SmapGenerate

/// Times each stage of the pipeline inside this process: every stage gets the
/// previous stage's real output, runs `runs` times, and the median counts.
enum StageBench {
    struct Timing {
        var stage: String
        var seconds: Double
        /// Indented in the table: a part of the stage above it.
        var isPart = false
    }

    struct Result {
        var bytes: Int
        var steps: Int
        var flows: Int
        var rules: Int
        var diagnostics: Int
        var timings: [Timing]
    }

    /// Keeps results alive so the optimizer cannot drop the work.
    nonisolated(unsafe) static var sink = 0

    static func time<T>(_ runs: Int, _ body: () -> T, _ size: (T) -> Int) -> Double {
        var samples: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            let value = body()
            let end = DispatchTime.now().uptimeNanoseconds
            sink &+= size(value)
            samples.append(Double(end - start) / 1e9)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// With `only`, just the stages whose names start with it (for profiling one stage).
    static func measure(path: String, runs: Int, only: String? = nil) -> Result {
        let provider = DiskSourceProvider()
        guard let bytes = try? provider.read(path) else { fail("cannot read \(path)") }
        var timings: [Timing] = []
        func add(_ stage: String, part: Bool = false, _ seconds: @autoclosure () -> Double) {
            if let only, !stage.hasPrefix(only) { return }
            timings.append(Timing(stage: stage, seconds: seconds(), isPart: part))
        }

        add("read", time(runs, { (try? provider.read(path)) ?? [] }, \.count))
        var sources = SourceSet()
        let id = sources.add(path: path, bytes: bytes)
        let file = sources[id]
        add("line table", part: true, time(runs, { SourceFile(id: FileID(0), path: path, bytes: bytes) }, \.lineStarts.count))
        add("lex", time(runs, { Lexer.lex(file) }, \.tokens.count))
        add("lex + parse", time(runs, { Parser.parse(file) }, \.syntax.declarations.count))
        let loaded = Loader.load(path: path, bytes: bytes, provider: provider)
        add("load (lex + parse, includes)", part: true,
            time(runs, { Loader.load(path: path, bytes: bytes, provider: provider) }, \.declarations.count))
        add("resolve", time(runs, { Resolver.resolve(loaded) }, \.0.steps.count))
        let (model, resolveDiagnostics) = Resolver.resolve(loaded)
        let structural = !resolveDiagnostics.contains { $0.severity == .error }
        add("check (all, incl. rule proofs and views)", time(runs, { Checker.check(model, structural: structural) }, \.diagnostics.count))
        add("flow graph + topological order", part: true, time(runs, {
            FlowGraph(model: model, includeLoops: false).topologicalOrder()
        }, \.order.count))
        add("rule proofs", part: true, time(runs, {
            let graph = FlowGraph(model: model, includeLoops: false)
            var prover = RuleProver(model: model, graph: graph, acyclic: graph.topologicalOrder().complete)
            return model.rules.indices.map { prover.prove($0) }
        }, \.count))
        add("view projections", part: true, time(runs, {
            model.views.indices.map { ViewProjection(model: model, view: $0) }
        }, \.count))
        let compilation = Compiler.compile(path: path, bytes: bytes, provider: provider)
        add("compile (read to check, in process)", time(runs, {
            Compiler.compile(path: path, bytes: (try? provider.read(path)) ?? [], provider: provider)
        }, \.diagnostics.count))
        add("render diagnostics", time(runs, {
            DiagnosticRenderer(format: .human, language: .sv).render(compilation.diagnostics, sources: compilation.sources)
        }, \.utf8.count))
        timings += EmitterBench.measure(compilation, runs: runs, only: only)
        return Result(bytes: bytes.count, steps: compilation.model.steps.count, flows: compilation.model.flows.count,
                      rules: compilation.model.rules.count, diagnostics: compilation.diagnostics.count, timings: timings)
    }
}
