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

/// The defects an adversarial run found (issue 16), each held by a test that
/// failed before its fix.
@Suite("Adversarial inputs")
struct AdversarialTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smap-adv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let header = """
        map "T" { version "1" }
        lane soc "Soc"
        step a "A" in soc { start actualise info "x" }
        step b "B" in soc { end info "x" }
        a -> b

        """

    // MARK: - Special files

    @Test("an included FIFO is E119 at the include, at once, instead of waiting for a writer",
          .timeLimit(.minutes(1)))
    func includedFIFO() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let main = folder.appendingPathComponent("main.smap")
        try Data((Self.header + "include \"pipe.smap\"\n").utf8).write(to: main)
        #expect(mkfifo(folder.appendingPathComponent("pipe.smap").path, 0o600) == 0)
        let compilation = try Compiler.compile(path: main.path)
        let codes = compilation.diagnostics.map(\.code)
        #expect(codes == [.includeNotFound])
        let d = try #require(compilation.diagnostics.first)
        #expect(d.fix?.render(.en).contains("ordinary") == true)
        #expect(compilation.sources.location(d.range!).position == LineColumn(line: 6, column: 9))
    }

    @Test("/dev/stdin stays refused as an include")
    func includedStandardInput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let main = folder.appendingPathComponent("main.smap")
        try Data((Self.header + "include \"/dev/stdin\"\n").utf8).write(to: main)
        let compilation = try Compiler.compile(path: main.path)
        #expect(compilation.diagnostics.map(\.code) == [.includeOutsideRoot])
    }

    @Test("the main file may still come from a pipe (process substitution)")
    func mainFileFromPipe() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("main.smap").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = Self.header
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            _ = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
            close(fd)
        }
        writer.start()
        let bytes = try DiskSourceProvider().read(fifo)
        #expect(bytes == Array(text.utf8))
    }

    // MARK: - Line breaks

    static let actualiseThenBranches = """
        map "T" { version "1" }
        lane soc "Soc"
        step a "A" in soc { start info "x" }
        decision d "D?" in soc {
          info "x"
          actualise
          "Ja" -> b
          "Nej" -> c
        }
        step b "B" in soc { end info "x" }
        step c "C" in soc { end info "x" }
        a -> d

        """

    @Test("'actualise' alone on a line takes no note from the next line, before and after fmt")
    func actualiseAloneOnALine() throws {
        let compilation = Compiler.compile(source: Self.actualiseThenBranches)
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.map(\.code))")
        let d = try #require(compilation.model.stepIndex["d"])
        #expect(compilation.model.outgoing[d].count == 2)
        #expect(compilation.model.steps[d].actualisation != nil)
        #expect(compilation.model.steps[d].actualisation?.note == nil)
        let formatted = try #require(Formatter.format(source: Self.actualiseThenBranches).formatted)
        let again = Compiler.compile(source: formatted)
        #expect(again.diagnostics.isEmpty)
        let d2 = try #require(again.model.stepIndex["d"])
        #expect(again.model.outgoing[d2].count == 2)
        #expect(again.model.steps[d2].actualisation?.note == nil)
        #expect(compilation.model.outgoing[d].map { compilation.model.flows[$0].label }
                == again.model.outgoing[d2].map { again.model.flows[$0].label }, "fmt changed the meaning")
    }

    @Test("a note and a citation on their keyword's line stay there through fmt")
    func optionalTextsKeepTheirLine() throws {
        let source = """
            map "T" { version "1" }
            law FL "2017:900" "Förvaltningslag"
            lane soc "Soc"
            step a "A" in soc { start actualise "Med en anteckning" info "x" }
            step b "B" in soc {
              end
              law FL "9 §"
              info "x"
            }
            a -> b

            """
        let formatted = try #require(Formatter.format(source: source).formatted)
        let before = Compiler.compile(source: source), after = Compiler.compile(source: formatted)
        #expect(before.diagnostics.isEmpty && after.diagnostics.isEmpty)
        #expect(after.model.steps[0].actualisation?.note == "Med en anteckning")
        #expect(after.model.steps[1].laws.first?.text == "9 §")
        #expect(formatted.contains("actualise \"Med en anteckning\"") && formatted.contains("law FL \"9 §\""))
    }

    // MARK: - Info texts

    @Test("a Markdown link target may hold balanced parentheses, in a short and in a long text",
          arguments: [0, 400])
    func linkWithParentheses(padding: Int) {
        let url = "https://sv.wikipedia.org/wiki/Fil_(musik)"
        let filler = String(repeating: "a", count: padding)
        for text in [filler + "Se [låten](\(url)) här.", filler + "Se [låten](\(url)) och [den](https://example.org/(a)(b))."] {
            let links = InfoDocument.inlines(text).compactMap { inline -> String? in
                if case .link(_, let u) = inline { return u }
                return nil
            }
            #expect(links.first == url, "\(text.suffix(90))")
            #expect(InfoDocument.inlines(text).contains(.text(" här.")) || links.count == 2)
            if links.count == 2 { #expect(links[1] == "https://example.org/(a)(b)") }
        }
        // An unclosed parenthesis is no link end: the text stays text.
        let unclosed = filler + "Se [x](https://example.org/(a) här"
        #expect(!InfoDocument.inlines(unclosed).contains { if case .link = $0 { return true } else { return false } })
    }

    @Test("***x*** is bold and italic at once; ***x** is a star and bold", arguments: [0, 400])
    func strongEmphasis(padding: Int) {
        let filler = String(repeating: "a", count: padding)
        #expect(InfoDocument.inlines(filler + "***x***").last == .strong([.emphasis([.text("x")])]))
        #expect(InfoHTML.inline(InfoDocument.inlines("***x***")) == "<strong><em>x</em></strong>")
        #expect(InfoHTML.inline(InfoDocument.inlines("***x** y")) == "*<strong>x</strong> y")
        #expect(InfoHTML.inline(InfoDocument.inlines("**x** and *y*")) == "<strong>x</strong> and <em>y</em>")
    }
}
