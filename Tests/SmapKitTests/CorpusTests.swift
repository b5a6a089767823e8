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

/// Every `Tests/Corpus/*.smap` states what the compiler must report, in comments:
///
///     # expect: error E105 at 12:8
///     # expect: warning W002 at 3:6
///     # expect: clean
///
/// The file must produce exactly those diagnostics (code, line, column), no
/// more and no fewer. Sub-folders hold files that corpus maps include.
@Suite("Corpus")
struct CorpusTests {
    static var corpusFolder: URL { ExternalTool.packageRoot.appendingPathComponent("Tests/Corpus") }

    static func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpusFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".smap") }.sorted()
    }

    struct Expectation: Hashable, CustomStringConvertible {
        var severity: String
        var code: String
        var line: Int
        var column: Int
        var description: String { "\(severity) \(code) at \(line):\(column)" }
    }

    static func expectations(in text: String) -> (items: [Expectation], clean: Bool) {
        var items: [Expectation] = []
        var clean = false
        // CR, LF and CRLF each end a line (as they do for smap).
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            guard let range = line.range(of: "# expect: ") else { continue }
            let spec = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if spec == "clean" { clean = true; continue }
            let parts = spec.split(separator: " ")
            guard parts.count == 4, parts[2] == "at" else { continue }
            let position = parts[3].split(separator: ":")
            guard position.count == 2, let l = Int(position[0]), let c = Int(position[1]) else { continue }
            items.append(Expectation(severity: String(parts[0]), code: String(parts[1]), line: l, column: c))
        }
        return (items, clean)
    }

    @Test("corpus file", arguments: files())
    func corpusFile(_ name: String) throws {
        let path = Self.corpusFolder.appendingPathComponent(name).path
        let bytes = try #require(FileManager.default.contents(atPath: path))
        // Expectations are read leniently from the raw bytes (some cases are invalid UTF-8 on purpose).
        let (expected, clean) = Self.expectations(in: String(decoding: bytes, as: UTF8.self))
        #expect(clean || !expected.isEmpty, "\(name) states no expectation (# expect: …)")
        #expect(!(clean && !expected.isEmpty), "\(name) says both clean and expects diagnostics")
        let compilation = try Compiler.compile(path: path)
        let actual = compilation.diagnostics.map { d -> Expectation in
            let position = d.range.map { compilation.sources[$0.file].lineColumn(of: $0.start) }
            return Expectation(severity: d.severity.rawValue, code: d.code.rawValue,
                               line: position?.line ?? 0, column: position?.column ?? 0)
        }
        let missing = expected.filter { !actual.contains($0) }
        let unexpected = actual.filter { !expected.contains($0) }
        let renderer = DiagnosticRenderer(format: .human, language: .en)
        #expect(missing.isEmpty && unexpected.isEmpty && actual.count == expected.count,
                """
                \(name)
                missing: \(missing)
                unexpected: \(unexpected)
                all reported:
                \(renderer.render(compilation.diagnostics, sources: compilation.sources))
                """)
    }
}
