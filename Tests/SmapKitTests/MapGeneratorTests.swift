import Foundation
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// The generator behind the benchmarks and the layout tests must write maps
/// that are clean, exactly as large as asked, and the same for the same seed.
@Suite("Map generator")
struct MapGeneratorTests {
    @Test("generated maps compile clean", arguments: [2, 3, 5, 7, 12, 40, 333, 2_000])
    func clean(_ steps: Int) {
        for seed: UInt64 in [1, 2, 3] {
            let compilation = Compiler.compile(source: MapGenerator.generate(steps: steps, seed: seed))
            let shown = DiagnosticRenderer(format: .human, language: .en)
                .render(Array(compilation.diagnostics.prefix(5)), sources: compilation.sources)
            #expect(compilation.diagnostics.isEmpty, "\(steps) steps, seed \(seed):\n\(shown)")
            #expect(compilation.model.steps.count == steps)
        }
    }

    @Test("a large map has every ingredient")
    func ingredients() {
        let compilation = Compiler.compile(source: MapGenerator.generate(steps: 1_500, seed: 9))
        let model = compilation.model
        #expect(compilation.diagnostics.isEmpty)
        #expect(model.lanes.count == 6)
        #expect(model.phases.count == 6)
        #expect(model.steps.contains { $0.kind == .decision })
        #expect(model.steps.filter(\.isEnd).count > 1)
        #expect(model.steps.contains { !$0.participants.isEmpty })
        #expect(model.steps.contains { $0.infoDocument?.linkURLs.isEmpty == false })
        #expect(model.steps.contains { !$0.links.isEmpty })
        #expect(model.flows.contains { $0.isLoop })
        #expect(model.flows.contains { $0.isException })
        let handovers = model.flows.filter { model.isHandover($0) }
        #expect(handovers.contains { $0.consent })
        #expect(handovers.contains { !$0.laws.isEmpty })
        let widest = model.outgoing.map(\.count).max() ?? 0
        #expect(widest >= 12, "a wide fan-out")
        for kind in ["before", "parallel", "within"] {
            #expect(model.rules.contains { rule in
                switch (rule.clause, kind) {
                case (.before, "before"), (.parallel, "parallel"), (.within, "within"): return true
                default: return false
                }
            }, "a \(kind) rule")
        }
        #expect(compilation.ruleOutcomes.allSatisfy { $0.status == .holds })
        #expect(model.views.count == 2)
        #expect(compilation.views.allSatisfy { !$0.keptSteps.isEmpty && $0.keptSteps.count < model.steps.count })
    }

    @Test("the same seed gives the same bytes; another seed another map")
    func deterministic() {
        let a = MapGenerator.generate(steps: 500, seed: 4)
        #expect(a == MapGenerator.generate(steps: 500, seed: 4))
        #expect(a != MapGenerator.generate(steps: 500, seed: 5))
    }
}
