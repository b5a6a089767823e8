import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

@Suite("DOT")
struct DOTTests {
    @Test("golden DOT", arguments: ShippedMaps.all() + ShippedMaps.fixtures)
    func golden(_ path: String) throws {
        let compilation = try ShippedMaps.compile(path)
        Golden.assertMatches(DOTEmitter.render(compilation), "dot/\(ShippedMaps.goldenName(path)).dot")
    }

    @Test("the same map gives the same bytes")
    func deterministic() throws {
        for item in try ShippedMaps.allWithViews() {
            let again = try ShippedMaps.compile(item.path)
            #expect(DOTEmitter.render(item.compilation, view: item.view) == DOTEmitter.render(again, view: item.view))
        }
    }

    // MARK: - Escaping

    @Test("strings are quoted so DOT reads them back as written")
    func quoting() {
        #expect(DOTEmitter.quoted("plain") == #""plain""#)
        #expect(DOTEmitter.quoted(#"a"b"#) == #""a\"b""#)
        #expect(DOTEmitter.quoted(#"a\b"#) == #""a\\b""#)
        #expect(DOTEmitter.quoted(#"ends\"#) == #""ends\\""#)
        #expect(DOTEmitter.quoted(#"\N \G \l"#) == #""\\N \\G \\l""#)
        #expect(DOTEmitter.quoted("a\nb") == #""a\nb""#)
        #expect(DOTEmitter.quoted("a\r\nb") == #""a\nb""#)
        #expect(DOTEmitter.quoted("a\tb\u{1}c\u{7F}") == #""a b c ""#)
        #expect(DOTEmitter.quoted("\u{FFFE}\u{FFFF}\u{FEFF}\u{10FFFF}") == "\"\u{FFFD}\u{FFFD} \u{10FFFF}\"")
        #expect(DOTEmitter.quoted("&amp; &") == #""&amp;amp; &amp;""#)
        #expect(DOTEmitter.quoted("<>{}|[] 🧭") == #""<>{}|[] 🧭""#)
        #expect(DOTEmitter.quotedID("kartläggning") == #""kartläggning""#)
        // Tooltips are unescaped twice by Graphviz: a backslash is written as four.
        #expect(DOTEmitter.quotedTooltip(#"a\b "q""#) == #""a\\\\b \"q\"""#)
    }

    @Test("wrapping breaks at spaces only, keeps every other space, and keeps line breaks")
    func wrapping() {
        let samples = ["Utreda förutsättningarna för återgång till arbete med annan aktör",
                       "kort", "", "  två  mellanslag  ", "ettmycketlångtordutanmellanslagsomintekanbrytas och mer",
                       "a b c d e f g h i j k l m n o p q r s t u v w x y z"]
        for text in samples {
            let lines = DOTEmitter.wrap(text, width: 20)
            #expect(lines.joined(separator: " ") == text)
            for line in lines where line.contains(" ") { #expect(line.count <= 20 || line.allSatisfy { $0 == " " } || line.hasPrefix(" ")) }
        }
        #expect(DOTEmitter.wrap("rad ett\nrad två", width: 40) == ["rad ett", "rad två"])
    }

    @Test("durations in words, lane tints")
    func words() {
        #expect(Duration(value: 1, unit: .days).words(.sv) == "1 dag")
        #expect(Duration(value: 36, unit: .hours).words(.sv) == "36 timmar")
        #expect(Duration(value: 2, unit: .weeks).words(.sv) == "2 veckor")
        #expect(Duration(value: 1, unit: .weeks).words(.en) == "1 week")
        #expect(Colors.tint("#000000", 0.1) == "#e6e6e6")
        #expect(Colors.tint("#ffffff", 0.1) == "#ffffff")
        #expect(Colors.tint("nonsense", 0.1) == "#ffffff")
    }

    // MARK: - Conventions

    @Test("clusters per lane in declared order, shapes by kind, markers, flows, links")
    func conventions() throws {
        let compilation = try ShippedMaps.compile("examples/loops.smap")
        let dot = DOTEmitter.render(compilation)
        #expect(dot.hasPrefix("digraph \"smap\" {\n"))
        #expect(dot.contains("rankdir=LR"))
        let jobbtorg = try #require(dot.range(of: "subgraph \"cluster_jobbtorg\""))
        let soc = try #require(dot.range(of: "subgraph \"cluster_soc\""))
        #expect(jobbtorg.lowerBound < soc.lowerBound, "lanes in declared order")
        #expect(dot.contains("label=\"Jobbtorg Stockholm\""))
        #expect(dot.contains("color=\"#1b5e20\""))
        // Start: double border, actualisation marker, anchor and tooltip.
        #expect(dot.contains(#""inskrivning" [label="1. Inskrivning\n◆ aktualiseringspunkt", peripheries=2, tooltip="Inskrivning", URL="index.html#steg-inskrivning"];"#))
        // Time indication.
        #expect(dot.contains(#"2. Jobbplan\ninom 5 dagar"#))
        // Decision: a diamond.
        #expect(dot.contains(#""uppfoljning" [label="4. Uppföljning", shape=diamond"#))
        // End: thick border.
        #expect(dot.contains(#""arbete" [label="5. Arbete eller studier", penwidth=3"#))
        // Branch labels, a dashed exception, loops that do not pull ranks.
        #expect(dot.contains(#""uppfoljning" -> "arbete" [label="Arbete eller studier"];"#))
        #expect(dot.contains(#""uppfoljning" -> "jobbplan" [label="Revidera planen", constraint=false];"#))
        #expect(dot.contains(#""uppfoljning" -> "aterremiss" [label="Ohälsan hindrar", style=dashed];"#))
        #expect(dot.contains(#""aterremiss" -> "jobbplan" [constraint=false];"#))

        let shared = DOTEmitter.render(try ShippedMaps.compile("examples/laws.smap"))
        #expect(shared.contains(#"tillsammans med\nFörsäkringskassan"#))
        let handover = DOTEmitter.render(try ShippedMaps.compile("examples/handover.smap"))
        #expect(handover.contains(#"tooltip="samtycke; SFB 30 kap. 10 §""#))
    }

    @Test("a view draws its kept steps, joined flows and links to other parties' processes")
    func views() throws {
        let compilation = try ShippedMaps.compile("examples/views.smap")
        let soc = try #require(compilation.model.views.firstIndex { $0.id == "soc_karta" })
        let dot = DOTEmitter.render(compilation, view: soc)
        #expect(dot.contains("Socialtjänstens process"))
        #expect(!dot.contains("cluster_jobbtorg"))
        #expect(dot.contains(#""process link forandringsplan jobbtorg" [shape=note"#))
        #expect(dot.contains(#"URL="index.html#steg-jobbplan""#))
        let latt = try #require(compilation.model.views.firstIndex { $0.id == "latt" })
        let light = DOTEmitter.render(compilation, view: latt)
        #expect(!light.contains("\"komplettering\""))
        #expect(light.contains(#""kartlaggning" -> "forandringsplan" [tooltip="genom steg som vyn inte visar"];"#))
    }

    @Test("a map in English gets English words")
    func englishWords() throws {
        let dot = DOTEmitter.render(try ShippedMaps.compile(ShippedMaps.edgeCases))
        #expect(dot.contains(#"◆ actualisation point\nwithin 0 hours""#))
        #expect(dot.contains("together with"))
        #expect(!dot.contains("aktualiseringspunkt"))
    }

    // MARK: - Graphviz

    /// `dot -Tsvg` accepts every emitted graph (every map, every view, the
    /// hostile map) with exit 0 and nothing on standard error.
    @Test("dot -Tsvg renders every map and view without a word on stderr",
          .enabled(if: ExternalTool.shouldRun("dot"), "Graphviz dot is not installed"))
    func graphvizAcceptsEverything() throws {
        let dot = try #require(ExternalTool.find("dot"), "Graphviz dot is missing")
        var rendered = 0
        for item in try ShippedMaps.allWithViews() {
            let text = DOTEmitter.render(item.compilation, view: item.view)
            let result = try ExternalTool.run(dot, ["-Tsvg"], stdin: text)
            #expect(result.status == 0, "\(item.path) view \(item.view.map(String.init) ?? "-"): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(item.path) view \(item.view.map(String.init) ?? "-"): \(result.stderr)")
            #expect(result.stdout.contains("</svg>"))
            rendered += 1
        }
        #expect(rendered >= 20)
    }

    /// A large map lays out too. Ranked lane by lane (without `newrank=true`),
    /// Graphviz 2.43 stopped on this map with "trouble in init_rank".
    @Test("dot -Tsvg lays out a 3,000-step generated map",
          .enabled(if: ExternalTool.shouldRun("dot"), "Graphviz dot is not installed"))
    func graphvizLaysOutALargeMap() throws {
        let dot = try #require(ExternalTool.find("dot"), "Graphviz dot is missing")
        let compilation = Compiler.compile(source: MapGenerator.generate(steps: 3_000))
        #expect(!compilation.hasErrors)
        let result = try ExternalTool.run(dot, ["-Tsvg"], stdin: DOTEmitter.render(compilation))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("</svg>"))
    }

    /// The text in the SVG that `dot` draws is the text of the map: titles,
    /// lane names, flow labels and tooltips, for the hostile fixture and for
    /// a map made of the nastiest strings at hand.
    @Test("dot renders hostile text intact",
          .enabled(if: ExternalTool.shouldRun("dot"), "Graphviz dot is not installed"))
    func hostileTextIntact() throws {
        let dot = try #require(ExternalTool.find("dot"), "Graphviz dot is missing")
        let compilations = [try ShippedMaps.compile(ShippedMaps.hostile), try ShippedMaps.compile(ShippedMaps.edgeCases),
                            Self.nastyMap()]
        for compilation in compilations {
            #expect(!compilation.hasErrors, "\(compilation.diagnostics)")
            let result = try ExternalTool.run(dot, ["-Tsvg"], stdin: DOTEmitter.render(compilation))
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            let svg = try SVGGroups.parse(result.stdout)
            let model = compilation.model
            for (index, step) in model.steps.enumerated() {
                let group = try #require(svg.nodes[step.id], "no node \(step.id)")
                let drawn = group.texts.map(Self.nbspAsSpace).joined(separator: " ")
                let expected = ((compilation.numbers[index].map { ["\($0)."] } ?? []) + Self.shownLines(step.title)).joined(separator: " ")
                #expect(drawn.hasPrefix(expected), "node \(step.id): drawn «\(drawn)», expected «\(expected)…»")
                #expect(group.tooltip == Self.shownTooltip(step.title), "tooltip of \(step.id)")
                #expect(group.href == "index.html#steg-" + step.id)
            }
            for lane in model.lanes where model.steps.contains(where: { $0.lane == model.laneIndex[lane.id] }) {
                let group = try #require(svg.clusters["cluster_" + lane.id], "no cluster \(lane.id)")
                #expect(group.texts.map(Self.nbspAsSpace) == Self.shownLines(lane.title))
                #expect((group.tooltip ?? "") == Self.shownTooltip(lane.title))
            }
            let labels = svg.edges.flatMap(\.texts).map(Self.nbspAsSpace).sorted()
            let expectedLabels = model.flows.compactMap(\.label).flatMap(Self.shownLines).sorted()
            #expect(labels == expectedLabels)
            #expect(svg.title.map(Self.nbspAsSpace) == Self.shownLines(model.title))
        }
    }

    /// The lines of text the drawing shows (Graphviz draws no empty line):
    /// control characters as spaces, U+FFFE and U+FFFF (not allowed in XML) as U+FFFD.
    static func shownLines(_ text: String) -> [String] {
        shownTooltip(text).split(separator: "\n", omittingEmptySubsequences: true).map { nbspAsSpace(String($0)) }
    }

    /// Graphviz keeps runs of spaces in SVG text by writing them as no-break spaces.
    static func nbspAsSpace(_ text: String) -> String { text.replacingOccurrences(of: "\u{A0}", with: " ") }

    /// The text as a tooltip carries it: the same, with line breaks as `\n`.
    static func shownTooltip(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A: if !previousWasCR { out.append("\n") }
            case 0x0D, 0x85, 0x2028, 0x2029: out.append("\n")
            case 0..<0x20, 0x7F...0x9F, 0xFEFF: out.append(" ")
            case 0xFFFE, 0xFFFF: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A map whose every step title is one of the strings most likely to break
    /// DOT, SVG or a browser.
    static func nastyMap() -> Compilation {
        let titles = [
            #"\"#, #"\\"#, #"""#, #"\""#, "\\n", #"\N \G \E \T \H \L \l \r"#, "<", ">", "&", "&amp;", "&#60;", "&lt;",
            "{}", "|", "[]", "<<>>", "]]>", "<!--", "-->", "</svg>", "</script><script>alert(1)</script>",
            #""><img src=x onerror=alert(1)>"#, "'single' \"double\" `back`", "%s %n %x", "${x} $(y) #{z}",
            "😀🧭👩‍👩‍👧‍👦🏳️‍🌈", "‮höger-till-vänster‬", "e\u{301} å ä ö Å Ä Ö", "zero\u{200B}width", "a\tb",
            "rad ett\nrad två", "graph", "node", "edge", "subgraph", "strict", "digraph", "-> --", "label=x",
        ]
        func smapString(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var source = "map \(smapString(titles.joined(separator: " "))) {}\n"
        source += "lane a \(smapString(titles.prefix(12).joined(separator: " "))) { color \"#333333\" }\n"
        for (i, title) in titles.enumerated() {
            var fields = "info \(smapString(title))"
            if i == 0 { fields += " start actualise" }
            if i == titles.count - 1 { fields += " end" }
            source += "step s\(i) \(smapString(title)) in a { \(fields) }\n"
        }
        for i in 0..<(titles.count - 1) {
            source += "s\(i) -> s\(i + 1) : \(smapString(titles[(i + 7) % titles.count]))\n"
        }
        return Compiler.compile(source: source)
    }
}

/// The groups of an SVG drawn by Graphviz: nodes and clusters by their
/// `<title>`, edges in order, each with its texts and link attributes.
struct SVGGroups {
    struct Group {
        var kind: String
        var title = ""
        var texts: [String] = []
        var href: String?
        var tooltip: String?
    }

    var nodes: [String: Group] = [:]
    var clusters: [String: Group] = [:]
    var edges: [Group] = []
    /// The graph's own label lines.
    var title: [String] = []

    static func parse(_ svg: String) throws -> SVGGroups {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw SVGError(message: "the SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        return delegate.result
    }

    struct SVGError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var result = SVGGroups()
        var stack: [Group] = []
        var text: String?
        var inTitle = false
        var depthOfGroup: [Int] = []
        var depth = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            depth += 1
            switch name {
            case "g":
                if let kind = attributes["class"], ["node", "cluster", "edge", "graph"].contains(kind) {
                    stack.append(Group(kind: kind))
                    depthOfGroup.append(depth)
                }
            case "title": inTitle = true; text = ""
            case "text": text = ""
            case "a":
                if !stack.isEmpty {
                    if let href = attributes["xlink:href"] { stack[stack.count - 1].href = href }
                    if let title = attributes["xlink:title"] { stack[stack.count - 1].tooltip = title }
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if text != nil { text! += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            defer { depth -= 1 }
            switch name {
            case "title":
                if !stack.isEmpty, stack[stack.count - 1].title.isEmpty { stack[stack.count - 1].title = text ?? "" }
                inTitle = false; text = nil
            case "text":
                if !stack.isEmpty {
                    if stack[stack.count - 1].kind == "graph" { result.title.append(text ?? "") } else {
                        stack[stack.count - 1].texts.append(text ?? "")
                    }
                }
                text = nil
            case "g":
                if let last = depthOfGroup.last, last == depth {
                    depthOfGroup.removeLast()
                    let group = stack.removeLast()
                    switch group.kind {
                    case "node": result.nodes[group.title] = group
                    case "cluster": result.clusters[group.title] = group
                    case "edge": result.edges.append(group)
                    default: break
                    }
                }
            default: break
            }
        }
    }
}
