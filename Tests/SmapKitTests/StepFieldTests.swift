import Foundation
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapEmit
@testable import SmapAuthoring

/// Every field of a step reaches every place that must know it. A new field
/// of `Step` fails `everyFieldIsListed` until it has a row here, and the row
/// makes the other tests name each file the field still has to reach: the
/// parser (it reads the snippet), the formatter (fmt keeps it), the JSON
/// model and its schema (the key), the semantic diff (a change is seen) and
/// docs/language.md (the keyword). See docs/contributing.md.
@Suite("Step fields")
struct StepFieldTests {
    struct Row: Sendable, CustomStringConvertible {
        /// The `Step` property.
        var field: String
        /// The keyword written in the step's block (nil: written in the step's header).
        var keyword: String?
        /// The key of the step in the JSON model (and its schema).
        var jsonKey: String
        /// The step as written with the field, and with another value of it.
        var written: String
        var changed: String
        var description: String { field }
    }

    static let header = """
        map "Fält" { version "1" }
        law SoL "2025:400" "Socialtjänstlag"
        law FL "2017:900" "Förvaltningslag"
        lane a "A"
        lane b "B"
        phase p1 "Fas 1"
        phase p2 "Fas 2"
        step slut "Slut" in b { end info "Slut." }
        step mitt "Mitt" in b { actualise info "Mitt." }
        s -> mitt -> slut

        """

    static func step(_ body: String, header stepHeader: String = "step s \"Steg\" in a") -> String {
        header + stepHeader + " {\n  start\n  actualise\n  info \"Text.\"\n" + body + "}\n"
    }

    static let rows: [Row] = [
        Row(field: "id", keyword: nil, jsonKey: "id", written: step(""), changed: step("").replacingOccurrences(of: "s ->", with: "s2 ->")
                .replacingOccurrences(of: "step s ", with: "step s2 ")),
        Row(field: "kind", keyword: "decision", jsonKey: "kind", written: step(""),
            changed: step("  \"Ja\" -> mitt\n  \"Nej\" -> slut\n", header: "decision s \"Steg?\" in a")
                .replacingOccurrences(of: "s -> mitt -> slut", with: "mitt -> slut")),
        Row(field: "title", keyword: nil, jsonKey: "title", written: step(""), changed: step("", header: "step s \"Annat\" in a")),
        Row(field: "lane", keyword: "in", jsonKey: "lane", written: step(""), changed: step("", header: "step s \"Steg\" in b")),
        Row(field: "participants", keyword: "with", jsonKey: "participants", written: step("", header: "step s \"Steg\" in a with b"),
            changed: step("")),
        Row(field: "writtenNumber", keyword: "number", jsonKey: "numberWritten", written: step("  number 3\n"), changed: step("  number 4\n")),
        Row(field: "isStart", keyword: "start", jsonKey: "start", written: step(""),
            changed: step("").replacingOccurrences(of: "  start\n", with: "").replacingOccurrences(of: "lane b \"B\"\n", with: "lane b \"B\"\nstep f \"Före\" in a { start actualise info \"F.\" }\nf -> s\n")),
        Row(field: "isEnd", keyword: "end", jsonKey: "end", written: step(""), changed: step("").replacingOccurrences(of: "{ end info", with: "{ info")
                .replacingOccurrences(of: "mitt -> slut", with: "mitt -> slut\nstep sist \"Sist\" in a { end info \"S.\" }\nslut -> sist")),
        Row(field: "actualisation", keyword: "actualise", jsonKey: "actualisation", written: step(""),
            changed: step("").replacingOccurrences(of: "  actualise\n", with: "  actualise \"När det behövs.\"\n")),
        Row(field: "within", keyword: "within", jsonKey: "within", written: step("  within 5d\n"), changed: step("  within 2w\n")),
        Row(field: "tags", keyword: "tags", jsonKey: "tags", written: step("  tags vanlig\n"), changed: step("  tags ovanlig\n")),
        Row(field: "phase", keyword: "phase", jsonKey: "phase", written: step("  phase p1\n"), changed: step("  phase p2\n")),
        Row(field: "laws", keyword: "law", jsonKey: "laws", written: step("  law SoL \"4 kap. 1 §\"\n"), changed: step("  law FL \"9 §\"\n")),
        Row(field: "links", keyword: "link", jsonKey: "links", written: step("  link \"Läs\" \"https://example.se/a\"\n"),
            changed: step("  link \"Läs\" \"https://example.se/b\"\n")),
        Row(field: "info", keyword: "info", jsonKey: "info", written: step(""),
            changed: step("").replacingOccurrences(of: "info \"Text.\"", with: "info \"Annan text.\"")),
    ]

    /// Fields that are not written but follow from others or from positions.
    static let derived: Set<String> = ["infoDocument", "range", "idRange", "titleRange"]

    @Test("every field of Step has a row (or is derived)")
    func everyFieldIsListed() {
        let step = Compiler.compile(source: Self.rows[0].written).model.steps[0]
        let fields = Mirror(reflecting: step).children.compactMap(\.label)
        let listed = Set(Self.rows.map(\.field)).union(Self.derived)
        for field in fields {
            #expect(listed.contains(field), """
                Step.\(field) has no row in StepFieldTests.rows: add one, then make the parser, the formatter \
                (SmapAuthoring/Formatter.swift), the JSON model (SmapEmit/JSONModel.swift, schema/smap-model.schema.json), \
                the semantic diff (SmapAuthoring/SemanticDiff.swift) and docs/language.md know it
                """)
        }
        #expect(Set(fields).isSuperset(of: listed), "a row names a field Step no longer has")
    }

    @Test("the parser reads the field without a problem", arguments: rows)
    func parserReadsIt(_ row: Row) {
        for text in [row.written, row.changed] {
            let c = Compiler.compile(source: text)
            if c.hasErrors {
                Issue.record("\(row.field): \(c.diagnostics.map { "\($0.code.rawValue) \($0.message.render(.en))" })")
            }
        }
    }

    @Test("smap fmt keeps the field (Formatter.swift)", arguments: rows)
    func formatterKeepsIt(_ row: Row) throws {
        for text in [row.written, row.changed] {
            let formatted = try #require(Formatter.format(source: text).formatted, "\(row.field): fmt refused")
            let before = Compiler.compile(source: text).model, after = Compiler.compile(source: formatted).model
            let i = try #require(before.steps.firstIndex { $0.range.start > 0 && ($0.id == "s" || $0.id == "s2") })
            let j = try #require(after.steps.firstIndex { $0.id == before.steps[i].id })
            let value = { (m: Model, k: Int) in
                Mirror(reflecting: m.steps[k]).children.first { $0.label == row.field }.map { String(describing: $0.value) }
            }
            let stripped = { (s: String?) in
                s?.replacingOccurrences(of: #"storedStart: \d+, storedEnd: \d+"#, with: "", options: .regularExpression)
            }
            #expect(stripped(value(before, i)) == stripped(value(after, j)), "fmt changed Step.\(row.field)")
        }
    }

    @Test("the JSON model and its schema carry the field (JSONModel.swift, schema)", arguments: rows)
    func jsonCarriesIt(_ row: Row) throws {
        let c = Compiler.compile(source: row.written)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONModel.render(c.anyMap).utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.allSatisfy { $0.keys.contains(row.jsonKey) }, "the JSON model has no \"\(row.jsonKey)\" for Step.\(row.field)")
        #expect(ModelSchema.text.contains("\"\(row.jsonKey)\""), "the schema has no \"\(row.jsonKey)\"")
    }

    @Test("the semantic diff sees a change of the field (SemanticDiff.swift)", arguments: rows)
    func diffSeesIt(_ row: Row) {
        let old = Compiler.compile(source: row.written), new = Compiler.compile(source: row.changed)
        #expect(!SemanticDiff.compare(old, new, oldPath: "a", newPath: "b").isEmpty, "smap diff misses a change of Step.\(row.field)")
    }

    @Test("docs/language.md documents the keyword", arguments: rows.filter { $0.keyword != nil })
    func documented(_ row: Row) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        #expect(docs.contains("`\(row.keyword!)"), "docs/language.md does not mention `\(row.keyword!)`")
    }
}
