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
///     # expect: error E121 at include-cycle/b.smap:2:9
///     # expect: clean
///
/// A position names its file: the corpus file itself, or (before the line) an
/// included file, relative to Tests/Corpus. The file must produce exactly those
/// diagnostics (code, file, line, column), no more and no fewer. A line with
/// `# expect:` that does not read as one of these forms is an error naming the
/// file and line: it is never skipped. Sub-folders hold files that corpus maps include.
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
        /// Relative to Tests/Corpus.
        var file: String
        var line: Int
        var column: Int
        var description: String { "\(severity) \(code) at \(file):\(line):\(column)" }
    }

    struct Malformed: Error, Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var description: String {
            "\(file):\(line): malformed expectation '\(text)' (expected '# expect: clean' or '# expect: error|warning CODE at [FILE:]LINE:COLUMN')"
        }
    }

    /// The expectations of the corpus file `name`; a malformed one throws.
    static func expectations(in text: String, file name: String) throws(Malformed) -> (items: [Expectation], clean: Bool) {
        var items: [Expectation] = []
        var clean = false
        // CR, LF and CRLF each end a line (as they do for smap).
        for (index, line) in text.split(omittingEmptySubsequences: false,
                                        whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).enumerated() {
            guard let range = line.range(of: "# expect:") else { continue }
            let spec = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            let malformed = Malformed(file: name, line: index + 1, text: String(line))
            if spec == "clean" { clean = true; continue }
            let parts = spec.split(separator: " ")
            guard parts.count == 4, ["error", "warning"].contains(parts[0]), parts[2] == "at",
                  parts[1].count == 4, let first = parts[1].first, first == (parts[0] == "error" ? "E" : "W"),
                  parts[1].dropFirst().allSatisfy(\.isASCII), Int(parts[1].dropFirst()) != nil
            else { throw malformed }
            let position = parts[3].split(separator: ":", omittingEmptySubsequences: false)
            guard position.count == 2 || position.count == 3,
                  let l = Int(position[position.count - 2]), let c = Int(position[position.count - 1]), l > 0, c > 0
            else { throw malformed }
            let file = position.count == 3 ? String(position[0]) : name
            guard !file.isEmpty else { throw malformed }
            items.append(Expectation(severity: String(parts[0]), code: String(parts[1]), file: file, line: l, column: c))
        }
        return (items, clean)
    }

    /// `path` relative to Tests/Corpus (as an expectation names it).
    static func corpusRelative(_ path: String) -> String {
        let folder = corpusFolder.standardizedFileURL.path + "/"
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return absolute.hasPrefix(folder) ? String(absolute.dropFirst(folder.count)) : absolute
    }

    @Test("malformed expectations are errors naming the file and line")
    func malformedExpectations() throws {
        for bad in ["# expect: error E105 at 12", "# expect: error E105 12:8", "# expect: eror E105 at 12:8",
                    "# expect: error W002 at 3:6", "# expect: error E105 at x:8", "# expect: cleen",
                    "# expect: error E105 at 12:8 extra", "# expect:error", "# expect: error E105 at :3:4",
                    "# expect: warning W2 at 1:1", "# expect: error E105 at 0:1"] {
            #expect(throws: Malformed(file: "case.smap", line: 2, text: bad), "\(bad)") {
                try Self.expectations(in: "map \"M\" { }\n\(bad)\n", file: "case.smap")
            }
        }
        let good = try Self.expectations(in: "# expect: error E121 at inc/b.smap:2:9\n# expect: warning W002 at 3:6\n", file: "a.smap")
        #expect(good.items == [Expectation(severity: "error", code: "E121", file: "inc/b.smap", line: 2, column: 9),
                               Expectation(severity: "warning", code: "W002", file: "a.smap", line: 3, column: 6)])
        #expect(try Self.expectations(in: "# expect: clean\n", file: "a.smap").clean)
    }

    @Test("corpus file", arguments: files())
    func corpusFile(_ name: String) throws {
        let path = Self.corpusFolder.appendingPathComponent(name).path
        let bytes = try #require(FileManager.default.contents(atPath: path))
        // Expectations are read leniently from the raw bytes (some cases are invalid UTF-8 on purpose).
        let (expected, clean) = try Self.expectations(in: String(decoding: bytes, as: UTF8.self), file: name)
        #expect(clean || !expected.isEmpty, "\(name) states no expectation (# expect: …)")
        #expect(!(clean && !expected.isEmpty), "\(name) says both clean and expects diagnostics")
        let compilation = try Compiler.compile(path: path)
        let actual = compilation.diagnostics.map { d -> Expectation in
            let position = d.range.map { compilation.sources[$0.file].lineColumn(of: $0.start) }
            let file = d.range.map { Self.corpusRelative(compilation.sources[$0.file].path) } ?? "-"
            return Expectation(severity: d.severity.rawValue, code: d.code.rawValue, file: file,
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
