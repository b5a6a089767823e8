import SmapCore
import SmapSyntax
import SmapModel

/// Everything one run of the pipeline produced for a map.
public struct Compilation: Sendable {
    public var sources: SourceSet
    public var syntax: [SourceFileSyntax]
    public var model: Model
    /// All diagnostics of all stages, ordered by file and position.
    public var diagnostics: [Diagnostic]
    public var ruleOutcomes: [RuleOutcome]
    /// The number shown for each step (by index), as the checker gave them.
    public var numbers: [Int?]
    /// The map ready for layout and output; nil when it has errors. Only the
    /// checker makes one, so nothing can be drawn or written from a map with
    /// errors, or from a map that was not checked.
    public let checked: CheckedMap?

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// The pipeline: source → syntax → model → check.
public enum Compiler {
    /// Per file, the sorted ranges of step declarations that hold a syntax
    /// error (or that the parser could not finish).
    static func brokenStepDeclarations(_ loaded: LoadedSources) -> [FileID: [SourceRange]] {
        var errorStarts: [FileID: [Int]] = [:]
        for d in loaded.diagnostics where d.severity == .error && d.code.isSyntax {
            if let r = d.range { errorStarts[r.file, default: []].append(r.start) }
        }
        for key in errorStarts.keys { errorStarts[key]!.sort() }
        var broken: [FileID: [SourceRange]] = [:]
        for (declaration, file) in loaded.declarations {
            guard case .step(let s) = declaration else { continue }
            var hasError = s.incomplete
            if !hasError, let starts = errorStarts[file] {
                // The first error at or after the declaration's start.
                var low = 0, high = starts.count
                while low < high {
                    let mid = (low + high) / 2
                    if starts[mid] < s.range.start { low = mid + 1 } else { high = mid }
                }
                hasError = low < starts.count && starts[low] < s.range.end
            }
            if hasError { broken[file, default: []].append(s.range) }
        }
        for key in broken.keys { broken[key]!.sort { $0.start < $1.start } }
        return broken
    }

    /// True when one of `ranges` (sorted, not overlapping) holds `offset`.
    static func contains(_ ranges: [SourceRange], _ offset: Int) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].start <= offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 && offset < ranges[low - 1].end
    }

    /// Compiles the map at `path`. Throws only when the main file cannot be read.
    public static func compile(path: String, provider: SourceProvider = DiskSourceProvider()) throws -> Compilation {
        compile(Loader.load(path: path, bytes: try provider.read(path), provider: provider))
    }

    /// Compiles a main file whose bytes are given (standard input, tests, fuzzing).
    public static func compile(path: String, bytes: [UInt8], provider: SourceProvider) -> Compilation {
        compile(Loader.load(path: path, bytes: bytes, provider: provider))
    }

    /// Compiles a single in-memory source (no includes resolve outside it).
    public static func compile(source: String, path: String = "map.smap") -> Compilation {
        compile(path: path, bytes: Array(source.utf8), provider: MemorySourceProvider([:]))
    }

    package static func compile(_ loaded: LoadedSources) -> Compilation {
        let (model, resolveDiagnostics) = Resolver.resolve(loaded)
        let earlier = loaded.diagnostics + resolveDiagnostics
        let earlierErrors = earlier.contains { $0.severity == .error }
        let checked = Checker.check(model, structural: !earlierErrors)
        var diagnostics = earlier + checked.diagnostics
        // With syntax (or include) errors, parts of the map may be lost; warnings
        // about something missing would only echo those errors.
        if loaded.diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.removeAll { $0.code.reportsAbsence }
        }
        // What the checks say about a step whose declaration has a syntax
        // error (too few branches, a missing number) may only echo that
        // error — a branch lost with a missing `}`, a number that did not
        // parse — so it waits until the declaration parses.
        let broken = brokenStepDeclarations(loaded)
        if !broken.isEmpty {
            diagnostics.removeAll { d in
                guard d.code.isAboutOneStep, let r = d.range, let ranges = broken[r.file] else { return false }
                return Compiler.contains(ranges, r.start)
            }
        }
        // A file that could not be included may declare any name; "unknown"
        // names would only repeat that error until the include is fixed.
        if loaded.diagnostics.contains(where: { $0.code == .includeNotFound || $0.code == .includeOutsideRoot }) {
            diagnostics.removeAll { $0.code.isUnknownName }
        }
        // Stable order: by file, then position; ties keep stage order.
        diagnostics = diagnostics.enumerated().sorted { a, b in
            let ra = a.element.range, rb = b.element.range
            switch (ra, rb) {
            case let (x?, y?):
                if x.file != y.file { return x.file < y.file }
                if x.start != y.start { return x.start < y.start }
                return a.offset < b.offset
            case (nil, _?): return false
            case (_?, nil): return true
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let map = hasErrors ? nil : CheckedMap(sources: loaded.sources, model: model, numbers: checked.numbers,
                                               views: checked.views,
                                               ruleOutcomes: checked.ruleOutcomes, warnings: diagnostics)
        return Compilation(sources: loaded.sources, syntax: loaded.syntax, model: model,
                           diagnostics: diagnostics, ruleOutcomes: checked.ruleOutcomes, numbers: checked.numbers,
                           checked: map)
    }
}
