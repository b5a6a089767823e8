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

/// Examples in the documentation are maps too: they must stay true.
@Suite("Documentation")
struct DocumentationTests {
    static func smapBlocks(in relativePath: String) -> [String] {
        let url = ExternalTool.packageRoot.appendingPathComponent(relativePath)
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```smap" { current = []; continue }
            if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil; continue }
            current?.append(line)
        }
        return blocks
    }

    @Test func theReadmeTourChecksClean() throws {
        let tour = try #require(Self.smapBlocks(in: "README.md").first)
        let compilation = Compiler.compile(source: tour, path: "README.smap")
        let rendered = DiagnosticRenderer(language: .en).render(compilation.diagnostics, sources: compilation.sources)
        #expect(compilation.diagnostics.isEmpty, "\(rendered)")
        #expect(compilation.ruleOutcomes.map(\.status) == [.holds])
    }

    @Test func everyLanguageReferenceExampleParses() {
        // The reference shows fragments (not whole maps), so only syntax is required.
        let blocks = Self.smapBlocks(in: "docs/language.md")
        #expect(blocks.count >= 8)
        for block in blocks {
            let file = SourceFile(id: FileID(0), path: "fragment.smap", bytes: Array(block.utf8))
            let result = Parser.parse(file)
            let errors = result.diagnostics.filter { $0.severity == .error }
            var sources = SourceSet()
            sources.add(path: "fragment.smap", bytes: Array(block.utf8))
            #expect(errors.isEmpty, "\(block)\n\(DiagnosticRenderer(language: .en).render(errors, sources: sources))")
        }
    }

    @Test func noCommittedTextNamesTheMachineItWasMadeOn() throws {
        // Golden files and docs are recorded by running smap; a message that
        // carries an absolute path would bake this checkout's location into them.
        let root = ExternalTool.packageRoot.path
        let folders = ["docs", "Tests/Golden", "schema", "README.md"]
        var offenders: [String] = []
        for folder in folders {
            let url = ExternalTool.packageRoot.appendingPathComponent(folder)
            var files: [URL] = [url]
            if let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) {
                files = walker.compactMap { $0 as? URL }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                if String(decoding: data, as: UTF8.self).contains(root) { offenders.append(file.path) }
            }
        }
        #expect(offenders.isEmpty, "these files contain \(root): \(offenders)")
    }
}
