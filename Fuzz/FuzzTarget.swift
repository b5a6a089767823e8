import Foundation

// libFuzzer target over the whole of SmapKit, compiled together with the
// library's sources by scripts/fuzz (`swiftc -sanitize=fuzzer -parse-as-library`).
// Each input is compiled as a map; the diagnostics are rendered in every
// format and language; the formatter runs; and on a map without errors every
// output is made: JSON, DOT, the HTML page (which lays out the map and each
// view), a view's outputs and the semantic diff against a fixed map. Any
// crash, trap or hang is a finding; so is a formatter that is not idempotent,
// and a file read in parts (ParallelFrontEnd) that differs from reading it whole.

/// Files the input may include: a clean part, and the input itself (a cycle).
private let part = Array("""
    lane fk "Försäkringskassan" { color "#004d40" }
    step fk_mote "Avstämningsmöte" in fk { actualise info "Möte." end }
    """.utf8)

private let base = Compiler.compile(source: """
    map "Bas" { version "1" }
    lane soc "Socialtjänsten"
    step a "A" in soc { start actualise info "A" }
    step b "B" in soc { end info "B" }
    a -> b
    """, path: "base.smap")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let provider = MemorySourceProvider(bytes: ["karta.smap": bytes, "delar/fk.smap": part, "delar/igen.smap": bytes])
    let compilation = Compiler.compile(path: "karta.smap", bytes: bytes, provider: provider)

    // Every format, in both languages between them.
    for (index, format) in DiagnosticRenderer.Format.allCases.enumerated() {
        let language = Language.allCases[index % Language.allCases.count]
        _ = DiagnosticRenderer(format: format, language: language).render(compilation.diagnostics,
                                                                            sources: compilation.sources)
    }

    // Reading a file in parts must give what reading it whole gives (forced
    // to four small parts here; the compiler uses parts only for large files).
    var sources = SourceSet()
    let id = sources.add(path: "karta.smap", bytes: bytes)
    let file = sources[id]
    if let parts = ParallelFrontEnd.parse(file, parts: 4, minimumPartSize: 16) {
        let whole = Parser.parseWhole(file)
        if parts.diagnostics != whole.diagnostics || parts.syntax.comments != whole.syntax.comments
            || parts.syntax.declarations.map(\.range) != whole.syntax.declarations.map(\.range) {
            fatalError("reading in parts differs from reading whole")
        }
        // Every field of every declaration, for one input in 16 (comparing by
        // reflection is slow).
        if bytes.reduce(0, { $0 &+ Int($1) }) % 16 == 0,
           String(describing: parts.syntax.declarations) != String(describing: whole.syntax.declarations) {
            fatalError("reading in parts differs from reading whole")
        }
    }

    let formatted = Formatter.format(path: "karta.smap", bytes: bytes)
    if let text = formatted.formatted {
        let again = Formatter.format(source: text, path: "karta.smap")
        if again.formatted != text {
            fatalError("smap fmt is not idempotent on this input")
        }
    }

    if let map = compilation.checked {
        // Every output; the HTML page lays out every view and party map.
        for emitter in Outputs.all { _ = emitter.bytes(map) }
        if let view = map.views.first?.view {
            for emitter in Outputs.all { _ = emitter.bytes(map, view: view) }
        }
        _ = DiffRenderer(format: .human).render(SemanticDiff.compare(base, compilation, oldPath: "bas", newPath: "ny"))
    }
    return 0
}
