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

/// `smap fmt` as properties over every `.smap` file in the repository, and
/// the layout rules on small inputs.
@Suite("Formatter")
struct FormatterTests {
    // MARK: - Properties over every map in the repository

    /// Every `.smap` under maps/, examples/, Tests/Corpus and Tests/Fixtures (recursively).
    static func repositoryFiles() -> [String] {
        let root = ExternalTool.packageRoot
        var files: [String] = []
        for folder in ["maps", "examples", "Tests/Corpus", "Tests/Fixtures"] {
            let url = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: url.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".smap") {
                files.append(folder + "/" + relative)
            }
        }
        return files.sorted()
    }

    static func bytes(_ relative: String) -> [UInt8] {
        let path = ExternalTool.packageRoot.appendingPathComponent(relative).path
        return [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }

    /// The comments of a text, as written (trailing white space aside).
    static func commentTexts(_ bytes: [UInt8]) -> [String] {
        var sources = SourceSet()
        let id = sources.add(path: "x.smap", bytes: bytes)
        let file = sources[id]
        return Lexer.lex(file).comments.map { r in
            var text = String(decoding: file.bytes[r.start..<r.end], as: UTF8.self)
            while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
            return text
        }
    }

    @Test("the repository has maps to format")
    func repositoryHasMaps() {
        let files = Self.repositoryFiles()
        #expect(files.contains("maps/stockholmsmodellen.smap"))
        #expect(files.count >= 10)
        let formattable = files.filter { Formatter.format(path: $0, bytes: Self.bytes($0)).formatted != nil }
        #expect(formattable.count >= files.count / 2)
    }

    @Test("fmt is idempotent on every map in the repository", arguments: repositoryFiles())
    func idempotent(_ relative: String) throws {
        let first = Formatter.format(path: relative, bytes: Self.bytes(relative))
        guard let once = first.formatted else { return } // does not parse: see refusesBrokenFiles
        let second = Formatter.format(source: once, path: relative)
        let twice = try #require(second.formatted, "the formatted \(relative) does not parse")
        #expect(twice == once, "fmt(fmt(\(relative))) differs:\n\(firstDifference(once, twice))")
        #expect(!second.isChanged)
    }

    @Test("fmt keeps every comment, in order", arguments: repositoryFiles())
    func keepsComments(_ relative: String) {
        let bytes = Self.bytes(relative)
        guard let formatted = Formatter.format(path: relative, bytes: bytes).formatted else { return }
        #expect(Self.commentTexts(Array(formatted.utf8)) == Self.commentTexts(bytes))
    }

    @Test("fmt does not change what a map means", arguments: repositoryFiles())
    func preservesMeaning(_ relative: String) throws {
        guard Formatter.format(path: relative, bytes: Self.bytes(relative)).formatted != nil else { return }
        let root = ExternalTool.packageRoot.path
        let path = root + "/" + relative
        let original = try Compiler.compile(path: path)
        // The same map with every file it reads formatted (a file that does not parse stays as it is).
        let formatted = try Compiler.compile(path: path, provider: FormattedSourceProvider())
        #expect(ModelSignature.of(formatted.model) == ModelSignature.of(original.model),
                "\(relative): the model changed:\n\(firstDifference(ModelSignature.of(original.model), ModelSignature.of(formatted.model)))")
        let codes = { (c: Compilation) in c.diagnostics.map { "\($0.code.rawValue) \($0.arguments)" }.sorted() }
        #expect(codes(formatted) == codes(original))
        #expect(formatted.ruleOutcomes.map { "\($0.status)" } == original.ruleOutcomes.map { "\($0.status)" })
    }

    /// The JSON model without source positions (which a new layout moves).
    static func jsonWithoutPositions(_ compilation: Compilation) throws -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                var out: [String: Any] = [:]
                for (key, member) in object where !["source", "line", "column", "endLine", "endColumn"].contains(key) {
                    out[key] = strip(member)
                }
                return out
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let parsed = try JSONSerialization.jsonObject(with: Data(JSONModel.render(compilation.anyMap).utf8))
        let data = try JSONSerialization.data(withJSONObject: strip(parsed), options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the JSON model of fmt(x) is that of x, positions aside", arguments: repositoryFiles())
    func preservesJSONModel(_ relative: String) throws {
        guard Formatter.format(path: relative, bytes: Self.bytes(relative)).formatted != nil else { return }
        let path = ExternalTool.packageRoot.path + "/" + relative
        let original = try Self.jsonWithoutPositions(try Compiler.compile(path: path))
        let formatted = try Self.jsonWithoutPositions(try Compiler.compile(path: path, provider: FormattedSourceProvider()))
        #expect(formatted == original, "\(relative): \(firstDifference(original, formatted))")
    }

    @Test("generated maps format idempotently and keep their meaning")
    func generatedMaps() throws {
        for (steps, seed) in [(40, 1), (120, 7), (300, 3)] as [(Int, UInt64)] {
            let text = MapGenerator.generate(steps: steps, seed: seed)
            let once = try #require(Formatter.format(source: text).formatted)
            #expect(Formatter.format(source: once).formatted == once)
            #expect(ModelSignature.of(Compiler.compile(source: once).model)
                    == ModelSignature.of(Compiler.compile(source: text).model))
        }
    }

    /// A deterministic pseudo-random sequence (SplitMix64).
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// The file's tokens written again with other white space and with comments
    /// in between. Line breaks stay where the grammar reads them (before a
    /// declaration keyword, or before a law citation's text).
    static func respaced(_ bytes: [UInt8], seed: UInt64) -> (text: String, comments: [String]) {
        var sources = SourceSet()
        let id = sources.add(path: "x.smap", bytes: bytes)
        let file = sources[id]
        let tokens = Lexer.lex(file).tokens.filter { $0.kind != .endOfFile }
        var random = SplitMix(state: seed)
        var out = ""
        var comments: [String] = []
        func comment() -> String {
            let text = "# k\(comments.count)" + ["", " å ä ö", " a -> b { }", " \"x\""][random.next(4)]
            comments.append(text)
            return text
        }
        for (i, token) in tokens.enumerated() {
            out += String(decoding: file.bytes[token.range.start..<token.range.end], as: UTF8.self)
            guard i + 1 < tokens.count else { break }
            let next = tokens[i + 1]
            let hadBreak = file.bytes[token.range.end..<next.range.start].contains(0x0A)
            var lineSensitive = next.kind == .string || next.kind == .multilineString
            if case .keyword(let k) = next.kind, k.startsDeclaration { lineSensitive = true }
            if hadBreak {
                switch random.next(5) {
                case 0: out += "\n\n\n"
                case 1: out += "  " + comment() + "\n"
                case 2: out += "\n" + comment() + "\n\n"
                case 3: out += "\n    "
                default: out += "\n"
                }
            } else if lineSensitive {
                out += [" ", "   ", "\t"][random.next(3)]
            } else {
                switch random.next(6) {
                case 0: out += "\n"
                case 1: out += " " + comment() + "\n"
                case 2: out += "\n\n  " + comment() + "\n"
                case 3: out += "   "
                default: out += " "
                }
            }
        }
        return (out + "\n", comments)
    }

    @Test("re-spaced and commented versions of every map format to the same map, keeping the comments",
          arguments: repositoryFiles())
    func respacedVariants(_ relative: String) throws {
        let bytes = Self.bytes(relative)
        guard let canonical = Formatter.format(path: relative, bytes: bytes).formatted else { return }
        let meaning = ModelSignature.of(Compiler.compile(source: canonical).model)
        for seed in 1...6 as ClosedRange<UInt64> {
            let variant = Self.respaced(bytes, seed: seed &* 7919 &+ UInt64(relative.utf8.count))
            let result = Formatter.format(source: variant.text)
            let formatted = try #require(result.formatted, "\(relative) seed \(seed) does not parse:\n\(variant.text)")
            let again = Formatter.format(source: formatted).formatted ?? ""
            #expect(again == formatted, "\(relative) seed \(seed): not idempotent: \(firstDifference(formatted, again))")
            #expect(Self.commentTexts(Array(formatted.utf8)) == variant.comments, "\(relative) seed \(seed)")
            #expect(ModelSignature.of(Compiler.compile(source: formatted).model) == meaning, "\(relative) seed \(seed)")
        }
    }

    // MARK: - Refusal

    @Test("a file with syntax errors is not formatted")
    func refusesBrokenFiles() {
        let result = Formatter.format(source: "map \"x\" {\nstep a \"A\" in soc {\n  start\n")
        #expect(result.formatted == nil)
        #expect(result.diagnostics.contains { $0.severity == .error })
        #expect(!result.isChanged)
        let garbage = Formatter.format(source: "map \"x\"\nstep a \"A\" in soc { start }\n§§§\n")
        #expect(garbage.formatted == nil)
    }

    @Test("a map with errors in meaning but not in syntax is formatted")
    func formatsSemanticErrors() {
        let result = Formatter.format(source: "step a \"A\" in nowhere {start}\na->missing\n")
        #expect(result.formatted == "step a \"A\" in nowhere {\n  start\n}\na -> missing\n")
    }

    // MARK: - Layout

    @Test("canonical layout of a messy map")
    func messyLayout() {
        let source = """
            map   "Karta"{version "1"
            owner "Förbundet" }
            law SoL   "2001:453"  "Socialtjänstlag"{url "https://example.org/sol"}
            lane soc "Socialtjänsten"{color "#b71c1c"}
            lane fk "Försäkringskassan"
            phase p1 "Utredning" { color "#fde0b2" }



            step a "Mottagning" in soc with fk {start number 1 tags vanlig,  viktig within 5d
              law SoL "4 kap. 1 §" link "Blankett" "https://example.org/b.pdf"
              actualise "Här" by soc,fk phase p1 info "Kort text" }
            decision b "Finns läkarintyg?" in soc { number 2
              "Ja" -> c { exception }
              "Nej, inte än" -> d
            }
            step c "C" in soc { number 3 end }
            step d "D" in soc { number 4 end }
            a->b
            a -> [ c ,d ] : "vid behov" { consent law SoL "4 kap. 1 §" }
            rule a before c
            rule "Titel" { c after a
            d parallel c }
            rule d within 2w after a
            view v "Vy" { include tag vanlig exclude lane fk }
            include "delar/x.smap"
            """
        let expected = """
            map "Karta" {
              version "1"
              owner "Förbundet"
            }
            law SoL "2001:453" "Socialtjänstlag" { url "https://example.org/sol" }
            lane soc "Socialtjänsten" { color "#b71c1c" }
            lane fk "Försäkringskassan"
            phase p1 "Utredning" { color "#fde0b2" }

            step a "Mottagning" in soc with fk {
              start
              number 1
              tags vanlig, viktig
              within 5d
              law SoL "4 kap. 1 §"
              link "Blankett" "https://example.org/b.pdf"
              actualise "Här" by soc, fk
              phase p1
              info "Kort text"
            }
            decision b "Finns läkarintyg?" in soc {
              number 2
              "Ja"           -> c { exception }
              "Nej, inte än" -> d
            }
            step c "C" in soc {
              number 3
              end
            }
            step d "D" in soc {
              number 4
              end
            }
            a -> b
            a -> [c, d] : "vid behov" {
              consent
              law SoL "4 kap. 1 §"
            }
            rule a before c
            rule "Titel" {
              c after a
              d parallel c
            }
            rule d within 2w after a
            view v "Vy" {
              include tag vanlig
              exclude lane fk
            }
            include "delar/x.smap"

            """
        #expect(Formatter.format(source: source).formatted == expected)
    }

    @Test("comments stay where they belong")
    func commentPlacement() {
        let source = """
            # Filens inledning

            map "K" { # om kartan
              # före version
              version "1"   # efter version
            }

            step a "A" in soc {
              start          # en start
              # sist i blocket
            }
            a -> [b,   # inne i flödet
                  c]
            lane soc "S" {
              # om färgen
              color "#b71c1c"
            }
            # allra sist
            """
        let expected = """
            # Filens inledning

            map "K" {  # om kartan
              # före version
              version "1"  # efter version
            }

            step a "A" in soc {
              start  # en start
              # sist i blocket
            }
            # inne i flödet
            a -> [b, c]
            lane soc "S" {
              # om färgen
              color "#b71c1c"
            }
            # allra sist

            """
        let formatted = Formatter.format(source: source).formatted
        #expect(formatted == expected)
        #expect(Formatter.format(source: expected).formatted == expected)
    }

    @Test("trailing comments on consecutive lines are aligned")
    func alignedTrailingComments() {
        let source = "step a \"A\" in soc {\n  number 1 # numret\n  start # början\n  info \"x\"\n}\n"
        let expected = "step a \"A\" in soc {\n  number 1  # numret\n  start     # början\n  info \"x\"\n}\n"
        #expect(Formatter.format(source: source).formatted == expected)
    }

    @Test("blank lines are kept, runs collapsed, none after { or before }")
    func blankLines() {
        let source = "\n\nlane a \"A\"\n\n\n\nlane b \"B\"\nstep s \"S\" in a {\n\n  start\n\n  end\n\n}\n\n\n"
        let expected = "lane a \"A\"\n\nlane b \"B\"\nstep s \"S\" in a {\n  start\n\n  end\n}\n"
        #expect(Formatter.format(source: source).formatted == expected)
    }

    @Test("multi-line text is re-indented as a \"\"\" block")
    func multilineText() {
        let source = """
            map "K" {
                summary \"\"\"
                      Första raden
                        indragen rad

                      sista raden
                      \"\"\"
            }
            step a "A" in soc { info "rad ett\\nrad två" }
            """
        let expected = """
            map "K" {
              summary \"\"\"
                Första raden
                  indragen rad

                sista raden
                \"\"\"
            }
            step a "A" in soc {
              info \"\"\"
                rad ett
                rad två
                \"\"\"
            }

            """
        #expect(Formatter.format(source: source).formatted == expected)
    }

    @Test("strings are re-escaped so they read back the same", arguments: [
        "enkel", "med \"citat\"", "snedstreck \\ här", "tab\there", "rad\nny rad", "\"\"\" i början",
        "  \n\"\"\"\n  \"\"\" indraget", "slut med radbrytning\n", "\nbörjar med radbrytning", "   ",
        "kontroll \u{1} tecken", "emoji 🙂 och å ä ö", "\u{7F}", "a\r\nb",
    ])
    func stringsRoundTrip(_ value: String) throws {
        let source = "step a \(Formatter.quoted(value)) in soc {\n  info \(Formatter.quoted(value))\n}\n"
        let parsed = Parser.parse(SourceSet().adding(source))
        #expect(parsed.diagnostics.isEmpty)
        let formatted = try #require(Formatter.format(source: source).formatted)
        let reparsed = Parser.parse(SourceSet().adding(formatted))
        #expect(reparsed.diagnostics.isEmpty, "\(formatted)")
        guard case .step(let step)? = reparsed.syntax.declarations.first else {
            Issue.record("no step in \(formatted)")
            return
        }
        #expect(step.title?.value == value)
        #expect(step.info?.value == value)
        #expect(Formatter.format(source: formatted).formatted == formatted)
    }

    @Test("a file written with CRLF line ends and a BOM is formatted with LF")
    func crlfAndBOM() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("lane a \"A\"\r\n\r\nlane b \"B\" # kommentar\r\n".utf8)
        let result = Formatter.format(path: "x.smap", bytes: bytes)
        #expect(result.formatted == "lane a \"A\"\n\nlane b \"B\"  # kommentar\n")
        #expect(result.isChanged)
    }

    @Test("the example in docs/authoring.md stays true")
    func documentedExample() throws {
        let blocks = DocumentationTests.smapBlocks(in: "docs/authoring.md")
        try #require(blocks.count >= 2)
        #expect(Formatter.format(source: blocks[0] + "\n").formatted == blocks[1] + "\n")
    }

    @Test("the Markdown diff shown in docs/authoring.md is the golden one")
    func documentedDiff() throws {
        let url = ExternalTool.packageRoot.appendingPathComponent("docs/authoring.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: "```markdown\n"))
        let end = try #require(text.range(of: "\n```\n", range: start.upperBound..<text.endIndex))
        let shown = String(text[start.upperBound..<end.lowerBound]) + "\n"
        let golden = ExternalTool.packageRoot.appendingPathComponent("Tests/Golden/diff/remiss-ordning.md")
        #expect(shown == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test("an empty file and a file of comments")
    func emptyFiles() {
        #expect(Formatter.format(source: "").formatted == "")
        #expect(Formatter.format(source: "# bara\n\n# kommentarer   \n").formatted == "# bara\n\n# kommentarer\n")
    }

    @Test("a large map is formatted")
    func largeMap() throws {
        // How fast is scripts/bench's to measure ("format (smap fmt)"), not a
        // wall-clock limit here.
        let text = MapGenerator.generate(steps: 5_000, seed: 11)
        let formatted = try #require(Formatter.format(source: text).formatted)
        // Every declaration is kept, at the start of its line.
        func declarations(_ text: String) -> Int {
            text.split(separator: "\n").filter { $0.hasPrefix("step ") || $0.hasPrefix("decision ") }.count
        }
        #expect(declarations(text) == 5_000)
        #expect(declarations(formatted) == 5_000)
    }
}

/// Reads files from disk, formatted where they parse.
struct FormattedSourceProvider: SourceProvider {
    let disk = DiskSourceProvider()
    func read(_ path: String) throws -> [UInt8] {
        let bytes = try disk.read(path)
        if let text = Formatter.format(path: path, bytes: bytes).formatted { return Array(text.utf8) }
        return bytes
    }
    func canonical(_ path: String) -> String { disk.canonical(path) }
}

extension SourceSet {
    /// A set holding one in-memory file; returns that file.
    func adding(_ text: String) -> SourceFile {
        var copy = self
        let id = copy.add(path: "x.smap", bytes: Array(text.utf8))
        return copy[id]
    }
}

/// The first line where two texts differ, for failure messages.
func firstDifference(_ a: String, _ b: String) -> String {
    let x = a.split(separator: "\n", omittingEmptySubsequences: false)
    let y = b.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(x.count, y.count) {
        let l = i < x.count ? String(x[i]) : "<end>"
        let r = i < y.count ? String(y[i]) : "<end>"
        if l != r { return "line \(i + 1):\n  - \(l)\n  + \(r)" }
    }
    return "(no difference)"
}

/// Everything a model says, without source positions: equal signatures mean
/// the same map.
enum ModelSignature {
    static func of(_ m: Model) -> String {
        var out: [String] = []
        out.append("map \(m.title.debugDescription) v=\(String(describing: m.version)) o=\(String(describing: m.owner)) "
                   + "s=\(String(describing: m.summary)) lang=\(m.language) checks=\(m.checks.map(\.rawValue).sorted())")
        for l in m.laws { out.append("law \(l.alias) \(l.sfs) \(l.title.debugDescription) \(String(describing: l.url))") }
        for l in m.lanes { out.append("lane \(l.id) \(l.title.debugDescription) \(String(describing: l.color))") }
        for p in m.phases { out.append("phase \(p.id) \(p.title.debugDescription) \(String(describing: p.color))") }
        func laws(_ refs: [LawReference]) -> String {
            refs.map { "\($0.law):\($0.text.debugDescription):\($0.url)" }.joined(separator: ",")
        }
        for s in m.steps {
            var line = "step \(s.id) \(s.kind) \(s.title.debugDescription) lane=\(s.lane) with=\(s.participants)"
            line += " n=\(String(describing: s.writtenNumber)) start=\(s.isStart) end=\(s.isEnd)"
            if let a = s.actualisation { line += " act=\(String(describing: a.note))@\(a.parties)" }
            line += " within=\(String(describing: s.within)) tags=\(s.tags) phase=\(String(describing: s.phase))"
            line += " laws=\(laws(s.laws)) links=\(s.links.map { "\($0.title)|\($0.url)" })"
            line += " info=\(String(describing: s.info?.debugDescription))"
            out.append(line)
        }
        for f in m.flows {
            out.append("flow \(f.from)->\(f.to) \(String(describing: f.label)) branch=\(f.isBranch) loop=\(f.isLoop) "
                       + "exception=\(f.isException) consent=\(f.consent) laws=\(laws(f.laws))")
        }
        for r in m.rules { out.append("rule \(String(describing: r.title)) \(r.clause) after=\(r.writtenAsAfter)") }
        for v in m.views {
            out.append("view \(v.id) \(v.title.debugDescription) " + v.items.map { "\($0.include) \($0.selector) \($0.names)" }.joined(separator: "; "))
        }
        return out.joined(separator: "\n")
    }
}
