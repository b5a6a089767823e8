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

/// `smap diff` on version pairs under `Tests/Fixtures/diff/<case>/{old,new}.smap`,
/// each covering kinds of change, with golden outputs under `Tests/Golden/diff/`.
@Suite("Semantic diff")
struct DiffTests {
    static var fixtures: URL { ExternalTool.packageRoot.appendingPathComponent("Tests/Fixtures/diff") }

    static func cases() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("\($0)/old.smap").path) }.sorted()
    }

    static func diff(_ name: String) throws -> MapDiff {
        let old = try Compiler.compile(path: fixtures.appendingPathComponent("\(name)/old.smap").path)
        let new = try Compiler.compile(path: fixtures.appendingPathComponent("\(name)/new.smap").path)
        return SemanticDiff.compare(old, new, oldPath: "\(name)/old.smap", newPath: "\(name)/new.smap")
    }

    /// Every change kind a diff reports, with the section it is in.
    static func kinds(_ d: MapDiff) -> Set<String> {
        var kinds = Set<String>()
        kinds.formUnion(d.map.map { "map." + $0.kind })
        for (section, items) in [("law", d.laws), ("lane", d.lanes), ("phase", d.phases), ("view", d.views)] {
            if !items.added.isEmpty { kinds.insert(section + ".added") }
            if !items.removed.isEmpty { kinds.insert(section + ".removed") }
            for item in items.changed { kinds.formUnion(item.changes.map { section + "." + $0.kind }) }
        }
        if !d.stepsAdded.isEmpty { kinds.insert("step.added") }
        if !d.stepsRemoved.isEmpty { kinds.insert("step.removed") }
        for s in d.stepsChanged { kinds.formUnion(s.changes.map { "step." + $0.kind }) }
        if !d.flowsAdded.isEmpty { kinds.insert("flow.added") }
        if !d.flowsRemoved.isEmpty { kinds.insert("flow.removed") }
        for f in d.flowsChanged { kinds.formUnion(f.changes.map { "flow." + $0.kind }) }
        if !d.rulesAdded.isEmpty { kinds.insert("rule.added") }
        if !d.rulesRemoved.isEmpty { kinds.insert("rule.removed") }
        for r in d.rulesChanged { kinds.formUnion(r.changes.map { "rule." + $0.kind }) }
        return kinds
    }

    @Test("the fixtures are there")
    func fixturesExist() {
        #expect(Self.cases().count >= 9)
        #expect(Self.cases().contains("remiss-ordning"))
    }

    @Test("golden output in every format", arguments: cases())
    func golden(_ name: String) throws {
        let d = try Self.diff(name)
        Golden.assertMatches(DiffRenderer(format: .human, language: .sv).render(d), "diff/\(name).txt")
        Golden.assertMatches(DiffRenderer(format: .markdown, language: .sv).render(d), "diff/\(name).md")
        Golden.assertMatches(DiffRenderer(format: .json, language: .sv).render(d), "diff/\(name).json")
    }

    @Test("golden output in English")
    func goldenEnglish() throws {
        let d = try Self.diff("remiss-ordning")
        Golden.assertMatches(DiffRenderer(format: .human, language: .en).render(d), "diff/remiss-ordning.en.txt")
        Golden.assertMatches(DiffRenderer(format: .markdown, language: .en).render(d), "diff/remiss-ordning.en.md")
    }

    @Test("the fixtures cover every kind of change")
    func everyKindCovered() throws {
        var seen = Set<String>()
        for name in Self.cases() { seen.formUnion(Self.kinds(try Self.diff(name))) }
        let expected: Set<String> = [
            "map.title", "map.version", "map.owner", "map.summary", "map.checks",
            "law.added", "law.removed", "law.sfs", "law.title", "law.url",
            "lane.added", "lane.removed", "lane.title", "lane.color",
            "phase.added", "phase.removed", "phase.color",
            "view.added", "view.removed", "view.title", "view.selection",
            "step.added", "step.removed", "step.title", "step.kind", "step.lane", "step.phase", "step.number",
            "step.with", "step.start", "step.end", "step.within", "step.actualise", "step.tagsAdded", "step.tagsRemoved",
            "step.lawAdded", "step.lawRemoved", "step.repealed", "step.linkAdded", "step.linkRemoved", "step.info",
            "flow.added", "flow.removed", "flow.label", "flow.exception", "flow.consent", "flow.lawAdded",
            "rule.added", "rule.removed", "rule.title", "rule.status",
        ]
        #expect(expected.subtracting(seen).sorted() == [])
    }

    @Test("the remiss reordering: renumbered steps, new order of flows, rules that now hold")
    func remissReordering() throws {
        let d = try Self.diff("remiss-ordning")
        let numbers = Dictionary(uniqueKeysWithValues: d.stepsChanged.compactMap { s in
            s.changes.first { $0.kind == "number" }.map { (s.step.id, "\($0.old ?? "-")→\($0.new ?? "-")") }
        })
        #expect(numbers == ["intyg": "4→2", "begar_intyg": "5→3", "bedomning": "6→4", "kartlaggning": "2→5",
                            "forandringsplan": "3→6"])
        #expect(Set(d.flowsAdded.map { "\($0.from)→\($0.to)" }) == ["mottagning→intyg", "bedomning→forandringsplan",
                                                                     "forandringsplan→behov"])
        #expect(Set(d.flowsRemoved.map { "\($0.from)→\($0.to)" }) == ["forandringsplan→intyg", "bedomning→behov"])
        #expect(d.rulesChanged.map { "\($0.rule.key): \($0.changes.map { "\($0.old!)→\($0.new!)" })" }.sorted()
                == ["bedomning before forandringsplan: [\"violated→holds\"]", "intyg parallel kartlaggning: [\"violated→holds\"]"])
        #expect(d.stepsAdded.isEmpty && d.stepsRemoved.isEmpty)
    }

    @Test("the reverse diff swaps what was added and removed")
    func reverse() throws {
        for name in Self.cases() {
            let old = try Compiler.compile(path: Self.fixtures.appendingPathComponent("\(name)/old.smap").path)
            let new = try Compiler.compile(path: Self.fixtures.appendingPathComponent("\(name)/new.smap").path)
            let forward = SemanticDiff.compare(old, new, oldPath: "a", newPath: "b")
            let backward = SemanticDiff.compare(new, old, oldPath: "b", newPath: "a")
            #expect(forward.isEmpty == backward.isEmpty, "\(name)")
            #expect(forward.stepsAdded.map(\.id) == backward.stepsRemoved.map(\.id), "\(name)")
            #expect(forward.stepsRemoved.map(\.id) == backward.stepsAdded.map(\.id), "\(name)")
            #expect(forward.stepsChanged.count == backward.stepsChanged.count, "\(name)")
            #expect(forward.flowsAdded.count == backward.flowsRemoved.count, "\(name)")
            #expect(forward.rulesAdded.count == backward.rulesRemoved.count, "\(name)")
        }
    }

    @Test("a layout-only change is no change", arguments: ["bara-layout"])
    func layoutOnly(_ name: String) throws {
        let d = try Self.diff(name)
        #expect(d.isEmpty)
        #expect(!d.identicalFiles)
        #expect(DiffRenderer(format: .human, language: .sv).render(d).contains("bara i layout eller kommentarer"))
    }

    @Test("every map in the repository equals itself and its formatted version", arguments: FormatterTests.repositoryFiles())
    func equalToItself(_ relative: String) throws {
        let path = ExternalTool.packageRoot.appendingPathComponent(relative).path
        guard Formatter.format(path: relative, bytes: FormatterTests.bytes(relative)).formatted != nil else { return }
        let original = try Compiler.compile(path: path)
        #expect(SemanticDiff.compare(original, original, oldPath: "a", newPath: "a").isEmpty)
        #expect(SemanticDiff.compare(original, original, oldPath: "a", newPath: "a").identicalFiles)
        let formatted = try Compiler.compile(path: path, provider: FormattedSourceProvider())
        let d = SemanticDiff.compare(original, formatted, oldPath: "a", newPath: "b")
        #expect(d.isEmpty, "\(relative): \(DiffRenderer(format: .human, language: .en).render(d))")
    }

    @Test("a step whose id changed is removed and added; matching is by id")
    func renamedID() {
        let old = Compiler.compile(source: "map \"K\"\nlane a \"A\"\nstep x \"Titel\" in a { start end }\n")
        let new = Compiler.compile(source: "map \"K\"\nlane a \"A\"\nstep y \"Titel\" in a { start end }\n")
        let d = SemanticDiff.compare(old, new, oldPath: "a", newPath: "b")
        #expect(d.stepsAdded.map(\.id) == ["y"])
        #expect(d.stepsRemoved.map(\.id) == ["x"])
    }

    @Test("a flow written twice is matched by how many times it is written")
    func duplicateFlows() {
        let head = "map \"K\"\nlane a \"A\"\nstep x \"X\" in a { start }\nstep y \"Y\" in a { end }\n"
        let old = Compiler.compile(source: head + "x -> y\n")
        let new = Compiler.compile(source: head + "x -> y\nx -> y\n")
        let d = SemanticDiff.compare(old, new, oldPath: "a", newPath: "b")
        #expect(d.flowsAdded.count == 1)
        #expect(d.flowsRemoved.isEmpty)
    }

    // MARK: - Words

    @Test("word-level comparison counts words and shows the first run")
    func words() {
        let w = SemanticDiff.compareWords(SemanticDiff.words("a b c d e"), SemanticDiff.words("a x y c d f"))
        #expect(w.added == 3)
        #expect(w.removed == 2)
        #expect(w.firstAdded == ["x", "y"])
        #expect(w.firstRemoved == ["b"])
        let same = SemanticDiff.compareWords(["a", "b"], ["a", "b"])
        #expect(same.added == 0 && same.removed == 0)
        #expect(SemanticDiff.excerpt(Array(repeating: "ord", count: 12)) == Array(repeating: "ord", count: 8).joined(separator: " ") + " …")
    }

    @Test("long texts are compared as bags of words beyond the table limit")
    func longTexts() {
        let a = (0..<3_000).map { "w\($0)" }
        var b = a
        b.insert("ny", at: 1_500)
        b.removeLast()
        let w = SemanticDiff.compareWords(a, b)
        #expect(w.added == 1)
        #expect(w.removed == 1)
        // Beyond the limit: the middle differs everywhere.
        let x = (0..<2_500).map { "x\($0)" }, y = (0..<2_500).map { "y\($0)" } + ["x7"]
        let bag = SemanticDiff.compareWords(x, y)
        #expect(bag.added == 2_500)
        #expect(bag.removed == 2_499)
    }

    @Test("Markdown escapes what would be markup")
    func markdownEscaping() {
        #expect(DiffRenderer.escapeMarkdown("a *b* [c](d) <e> `f` _g_ #h |i|")
                == "a \\*b\\* \\[c\\](d) \\<e\\> \\`f\\` \\_g\\_ \\#h \\|i\\|")
    }
}
