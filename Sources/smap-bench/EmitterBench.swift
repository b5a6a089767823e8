import Foundation
import SmapKit
import SmapGenerate

/// Times the outputs on a compiled map: the layout, each emitter, the three
/// files of `smap build` together, and the formatter.
enum EmitterBench {
    static func measure(_ compilation: Compilation, runs: Int, only: String? = nil) -> [StageBench.Timing] {
        guard !compilation.hasErrors else { return [] } // outputs exist only for maps without errors
        var timings: [StageBench.Timing] = []
        func add(_ stage: String, part: Bool = false, _ seconds: @autoclosure () -> Double) {
            if let only, !stage.hasPrefix(only) { return }
            timings.append(StageBench.Timing(stage: stage, seconds: seconds(), isPart: part))
        }
        let model = compilation.model
        add("layout (whole map)", StageBench.time(runs, { SwimlaneLayout.layout(model) }, \.boxes.count))
        if let first = compilation.views.first {
            add("layout (first view)", part: true,
                StageBench.time(runs, { SwimlaneLayout.layout(model, view: first) }, \.boxes.count))
        }
        add("emit JSON", StageBench.time(runs, { JSONModel.render(compilation) }, \.utf8.count))
        add("emit DOT", StageBench.time(runs, { DOTEmitter.render(compilation) }, \.utf8.count))
        add("emit HTML (every layout of the page)", StageBench.time(runs, { HTMLEmitter.render(compilation) }, \.utf8.count))
        add("build outputs (HTML + JSON + DOT)", StageBench.time(runs, {
            Publisher.outputs(for: compilation, view: nil)
        }, { $0.reduce(0) { $0 + $1.contents.utf8.count } }))
        let main = compilation.sources.files[0]
        add("format (smap fmt)", StageBench.time(runs, { Formatter.format(path: main.path, bytes: main.bytes) },
                                                 { $0.formatted?.utf8.count ?? 0 }))
        return timings
    }
}
