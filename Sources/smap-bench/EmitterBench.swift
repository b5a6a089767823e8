import Foundation
import SmapKit
import SmapGenerate

/// Times the outputs on a compiled map: the layout, each emitter, the three
/// files of `smap build` together, and the formatter.
enum EmitterBench {
    static func measure(_ compilation: Compilation, runs: Int, only: String? = nil) -> [StageBench.Timing] {
        guard let map = compilation.checked else { return [] } // outputs exist only for maps without errors
        var timings: [StageBench.Timing] = []
        func add(_ stage: String, part: Bool = false, _ seconds: @autoclosure () -> Double) {
            if let only, !stage.hasPrefix(only) { return }
            timings.append(StageBench.Timing(stage: stage, seconds: seconds(), isPart: part))
        }
        add("layout (whole map)", StageBench.time(runs, { SwimlaneLayout.layout(map) }, \.boxes.count))
        if let first = map.views.first {
            add("layout (first view)", part: true,
                StageBench.time(runs, { SwimlaneLayout.layout(map, view: first) }, \.boxes.count))
        }
        for emitter in Outputs.all {
            add("emit \(emitter.fileName)", StageBench.time(runs, { emitter.bytes(map) }, \.count))
        }
        add("build outputs (all of them)", StageBench.time(runs, {
            Outputs.files(map, view: nil)
        }, { $0.reduce(0) { $0 + $1.bytes.count } }))
        let main = compilation.sources.files[0]
        add("format (smap fmt)", StageBench.time(runs, { Formatter.format(path: main.path, bytes: main.bytes) },
                                                 { $0.formatted?.utf8.count ?? 0 }))
        return timings
    }
}
