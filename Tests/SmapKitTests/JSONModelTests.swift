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

/// The maps shipped in `maps/` and `examples/` (files with a `map` block; the
/// parts they include are not maps by themselves), and the hostile fixture.
enum ShippedMaps {
    static var root: URL { ExternalTool.packageRoot }

    /// Paths relative to the package root, sorted.
    static func all() -> [String] {
        var found: [String] = []
        for folder in ["examples", "maps"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let item = walker.nextObject() as? String {
                guard item.hasSuffix(".smap") else { continue }
                let text = (try? String(contentsOf: base.appendingPathComponent(item), encoding: .utf8)) ?? ""
                let hasMap = text.split(separator: "\n").contains { $0.hasPrefix("map ") }
                if hasMap { found.append(folder + "/" + item) }
            }
        }
        return found.sorted()
    }

    static let hostile = "Tests/Fixtures/hostile-text.smap"
    /// Unusual but valid: English, upper-case schemes, control characters, empty titles, every rule outcome.
    static let edgeCases = "Tests/Fixtures/edge-cases.smap"
    static var fixtures: [String] { [hostile, edgeCases] }

    /// `examples/include/main.smap` → `examples-include-main`.
    static func goldenName(_ path: String) -> String {
        String(path.dropLast(".smap".count)).replacingOccurrences(of: "/", with: "-")
    }

    static func compile(_ path: String) throws -> Compilation {
        try Compiler.compile(path: root.appendingPathComponent(path).path)
    }

    /// Every (map, view) pair: the whole map (nil) and each of its views.
    static func allWithViews() throws -> [(path: String, view: Int?, compilation: Compilation)] {
        var out: [(String, Int?, Compilation)] = []
        for path in all() + fixtures {
            let compilation = try compile(path)
            out.append((path, nil, compilation))
            for index in compilation.model.views.indices { out.append((path, index, compilation)) }
        }
        return out
    }
}

@Suite("JSON model")
struct JSONModelTests {
    @Test("every shipped map and the hostile fixture check without errors")
    func shippedMapsAreValid() throws {
        #expect(ShippedMaps.all().count >= 9)
        for path in ShippedMaps.all() + ShippedMaps.fixtures {
            let compilation = try ShippedMaps.compile(path)
            #expect(!compilation.hasErrors, "\(path) has errors")
        }
        #expect(try ShippedMaps.compile(ShippedMaps.hostile).diagnostics.isEmpty)
    }

    @Test("golden JSON", arguments: ShippedMaps.all() + ShippedMaps.fixtures)
    func golden(_ path: String) throws {
        let compilation = try ShippedMaps.compile(path)
        Golden.assertMatches(JSONModel.render(compilation), "json/\(ShippedMaps.goldenName(path)).json")
    }

    @Test("the same map gives the same bytes")
    func deterministic() throws {
        for path in ShippedMaps.all() + ShippedMaps.fixtures {
            let first = JSONModel.render(try ShippedMaps.compile(path))
            let second = JSONModel.render(try ShippedMaps.compile(path))
            #expect(first == second, "\(path)")
        }
    }

    @Test("top-level keys in the documented order; formatVersion 1")
    func keyOrder() throws {
        let value = JSONModel.value(try ShippedMaps.compile("examples/minimal.smap"))
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["formatVersion", "map", "view", "laws", "lanes", "phases", "steps",
                                     "flows", "rules", "views", "warnings"])
        #expect(members.first?.1 == .int(1))
    }

    @Test("hostile text survives: UTF-8 not escaped, parses back to the model's strings")
    func hostileRoundTrip() throws {
        let compilation = try ShippedMaps.compile(ShippedMaps.hostile)
        let text = JSONModel.render(compilation)
        #expect(text.contains("👩‍👩‍👧‍👦"))
        #expect(text.contains("</script>"))
        #expect(!text.contains("\\u00"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let map = try #require(object["map"] as? [String: Any])
        #expect(map["title"] as? String == compilation.model.title)
        #expect(map["summary"] as? String == compilation.model.summary)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == compilation.model.steps.count)
        for (json, step) in zip(steps, compilation.model.steps) {
            #expect(json["title"] as? String == step.title)
            #expect(json["info"] as? String == step.info)
        }
        let lanes = try #require(object["lanes"] as? [[String: Any]])
        #expect(lanes.map { $0["title"] as? String } == compilation.model.lanes.map(\.title))
        let flows = try #require(object["flows"] as? [[String: Any]])
        #expect(flows.map { $0["label"] as? String } == compilation.model.flows.map(\.label))
    }

    @Test("steps carry number, actualisation, within, phase, laws, links and source")
    func stepFields() throws {
        let compilation = try ShippedMaps.compile(ShippedMaps.hostile)
        let object = try parsed(compilation)
        let steps = try #require(object["steps"] as? [[String: Any]])
        let first = try #require(steps.first)
        #expect(first["id"] as? String == "mottagning")
        #expect(first["number"] as? Int == 1)
        #expect(first["numberWritten"] as? Bool == false)
        #expect(first["start"] as? Bool == true)
        let actualisation = try #require(first["actualisation"] as? [String: Any])
        #expect(actualisation["parties"] as? [String] == ["soc", "fk"])
        let within = try #require(first["within"] as? [String: Any])
        #expect(within["written"] as? String == "36h")
        #expect(within["hours"] as? Int == 36)
        #expect(first["phase"] as? String == "fas")
        let law = try #require((first["laws"] as? [[String: Any]])?.first)
        #expect(law["law"] as? String == "OSL")
        #expect(law["chapter"] as? String == "10")
        #expect(law["paragraph"] as? String == "1")
        #expect(law["url"] as? String == "https://lagen.nu/2009:400#K10P1")
        let source = try #require(first["source"] as? [String: Any])
        #expect(source["file"] as? String == "hostile-text.smap")
        #expect(source["line"] as? Int == 24)
        #expect(source["column"] as? Int == 1)
        let shared = try #require(steps.first { $0["id"] as? String == "samverkan" })
        #expect(shared["participants"] as? [String] == ["soc", "vård"])
        let flows = try #require(object["flows"] as? [[String: Any]])
        let handover = try #require(flows.first { $0["from"] as? String == "samverkan" })
        #expect(handover["handover"] as? Bool == true)
        #expect(handover["consent"] as? Bool == true)
        #expect((handover["laws"] as? [[String: Any]])?.count == 1)
        let loop = try #require(flows.first { $0["from"] as? String == "aterkoppling" })
        #expect(loop["loop"] as? Bool == true)
        let exception = try #require(flows.first { ($0["to"] as? String) == "aterkoppling" })
        #expect(exception["exception"] as? Bool == true)
        #expect(exception["branch"] as? Bool == true)
    }

    @Test("laws: lagen.nu deep links, repealed and replacedBy from the register")
    func laws() throws {
        let object = try parsed(try ShippedMaps.compile("maps/stockholmsmodellen.smap"))
        let laws = try #require(object["laws"] as? [[String: Any]])
        let sol = try #require(laws.first { $0["sfs"] as? String == "2001:453" })
        #expect(sol["repealed"] as? String == "2025-07-01")
        #expect(sol["replacedBy"] as? String == "2025:400")
        #expect(sol["url"] as? String == "https://lagen.nu/2001:453")
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "W003" })
        #expect(warnings.allSatisfy { $0["severity"] as? String == "warning" })
        let lawsExample = try parsed(try ShippedMaps.compile("examples/laws.smap"))
        let declared = try #require((lawsExample["laws"] as? [[String: Any]])?.first { $0["alias"] as? String == "Finsam" })
        #expect(declared["urlDeclared"] as? Bool == true)
        #expect(declared["url"] as? String == "https://rkrattsbaser.gov.se/sfst?bet=2003:1210")
    }

    @Test("included files are named relative to the main file's folder")
    func includeSources() throws {
        let object = try parsed(try ShippedMaps.compile("examples/include/main.smap"))
        let map = try #require(object["map"] as? [String: Any])
        #expect(map["file"] as? String == "main.smap")
        let steps = try #require(object["steps"] as? [[String: Any]])
        let files = Set(steps.compactMap { ($0["source"] as? [String: Any])?["file"] as? String })
        #expect(files == ["main.smap", "delar/jobbtorg.smap"])
    }

    @Test("--view: the view's steps and flows, joined flows marked, the view named")
    func view() throws {
        let compilation = try ShippedMaps.compile("examples/views.smap")
        let latt = try #require(compilation.model.views.firstIndex { $0.id == "latt" })
        let object = try parsed(compilation, view: latt)
        let view = try #require(object["view"] as? [String: Any])
        #expect(view["id"] as? String == "latt")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(!steps.contains { $0["id"] as? String == "komplettering" })
        #expect(steps.count == compilation.views[latt].keptSteps.count)
        let flows = try #require(object["flows"] as? [[String: Any]])
        let joined = try #require(flows.first { $0["from"] as? String == "kartlaggning" })
        #expect(joined["to"] as? String == "forandringsplan")
        #expect(joined["joined"] as? Bool == true)
        #expect(joined["source"] is NSNull)

        let soc = try #require(compilation.model.views.firstIndex { $0.id == "soc_karta" })
        let socView = try #require(try parsed(compilation, view: soc)["view"] as? [String: Any])
        let links = try #require(socView["processLinks"] as? [[String: Any]])
        #expect(links.contains { $0["to"] as? String == "jobbplan" && $0["lane"] as? String == "jobbtorg" })

        // The whole map lists every view with its kept steps.
        let whole = try parsed(compilation)
        #expect(whole["view"] is NSNull)
        let views = try #require(whole["views"] as? [[String: Any]])
        #expect(views.map { $0["id"] as? String } == ["latt", "soc_karta", "utan_jobbtorg"])
    }

    @Test("rules carry their proof: holds, unprovable with the step, vacuous")
    func ruleStatuses() throws {
        let compilation = Compiler.compile(source: """
            map "Regler" {}
            lane a "A" { color "#333333" }
            step s1 "Ett" in a { start actualise info "i" }
            step s2 "Två" in a { within 2d info "i" }
            step s3 "Tre" in a { info "i" }
            step s4 "Fyra" in a { end info "i" }
            s1 -> s2 -> s3 -> s4
            rule s1 before s4
            rule "Snabbt" { s2 within 3d after s1 }
            rule s4 within 1w after s1
            """)
        #expect(!compilation.hasErrors, "\(compilation.diagnostics)")
        let rules = try #require(try parsed(compilation)["rules"] as? [[String: Any]])
        #expect(rules.count == 3)
        #expect(rules[0]["kind"] as? String == "before")
        #expect(rules[0]["status"] as? String == "holds")
        #expect(rules[0]["first"] as? String == "s1")
        #expect(rules[0]["second"] as? String == "s4")
        #expect(rules[1]["title"] as? String == "Snabbt")
        #expect(rules[1]["status"] as? String == "holds")
        #expect((rules[1]["limit"] as? [String: Any])?["hours"] as? Int == 72)
        #expect(rules[1]["longestHours"] as? Int == 48)
        #expect(rules[2]["status"] as? String == "unprovable")
        #expect(rules[2]["unprovableAt"] as? String == "s3")
    }

    @Test("a violated rule shows its counterexample path")
    func violatedRule() throws {
        let compilation = Compiler.compile(source: """
            map "Fel" {}
            lane a "A" { color "#333333" }
            step s1 "Ett" in a { start actualise info "i" }
            step s2 "Två" in a { info "i" }
            step s3 "Tre" in a { end info "i" }
            s1 -> s2 -> s3
            rule s3 before s2
            """)
        // The rule is an error, so there is no model to write; the proof
        // still carries the counterexample, which the diagnostic shows.
        #expect(compilation.checked == nil)
        let ids = compilation.model.steps.map(\.id)
        #expect(compilation.ruleOutcomes.first?.status == .violated(path: [0, 1]), "\(ids)")
    }

    @Test("edge cases: vacuous and unprovable rules, a view that keeps nothing, upper-case schemes")
    func edgeCases() throws {
        let compilation = try ShippedMaps.compile(ShippedMaps.edgeCases)
        #expect(!compilation.hasErrors)
        let object = try parsed(compilation)
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.map { $0["status"] as? String } == ["holds", "holds", "unprovable", "vacuous"])
        #expect(rules[1]["writtenAsAfter"] as? Bool == true)
        #expect(rules[1]["first"] as? String == "first")
        let laws = try #require(object["laws"] as? [[String: Any]])
        #expect(laws[0]["url"] as? String == "HTTPS://EXAMPLE.ORG/FINSAM")
        let first = try #require((object["steps"] as? [[String: Any]])?.first)
        let references = try #require(first["laws"] as? [[String: Any]])
        #expect(references[0]["paragraph"] as? String == "9")
        #expect(references[0]["paragraphEnd"] as? String == "11")
        #expect(references[1]["paragraph"] as? String == "10 a")
        #expect(references[1]["stycke"] as? Int == 2)
        #expect(references[1]["punkt"] as? Int == 3)
        #expect(references[1]["url"] as? String == "https://lagen.nu/2010:110#K30P10aS2N3")
        #expect(references[2]["chapter"] is NSNull)
        #expect(references[2]["url"] as? String == "https://lagen.nu/2003:1210#P5")
        let nothing = try #require(compilation.model.viewIndex["nothing"])
        let empty = try parsed(compilation, view: nothing)
        #expect((empty["steps"] as? [Any])?.isEmpty == true)
        #expect((empty["flows"] as? [Any])?.isEmpty == true)
        let warnings = try #require(empty["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "W009" })
    }

    // MARK: - Schema

    @Test("the embedded schema is the schema file")
    func embeddedSchema() throws {
        let fileURL = ShippedMaps.root.appendingPathComponent("schema/smap-model.schema.json")
        let file = try String(contentsOf: fileURL, encoding: .utf8)
        if ProcessInfo.processInfo.environment["SMAP_RECORD"] == "1", file != ModelSchema.text {
            let swift = Self.schemaSwiftSource(file)
            try Data(swift.utf8).write(to: ShippedMaps.root.appendingPathComponent("Sources/SmapEmit/Schema.swift"))
            Issue.record("regenerated Sources/SmapEmit/Schema.swift; build and run again")
            return
        }
        #expect(file == ModelSchema.text, "Schema.swift differs from schema/smap-model.schema.json; SMAP_RECORD=1 swift test regenerates it")
        let swiftSource = try String(contentsOf: ShippedMaps.root.appendingPathComponent("Sources/SmapEmit/Schema.swift"), encoding: .utf8)
        #expect(swiftSource == Self.schemaSwiftSource(file))
    }

    static func schemaSwiftSource(_ schema: String) -> String {
        """
        // Generated from schema/smap-model.schema.json; do not edit by hand.
        // SchemaTests fails when the two differ; `SMAP_RECORD=1 swift test` regenerates this file.

        /// The JSON Schema (draft 2020-12) of the model ``JSONModel`` writes, as
        /// `smap schema` prints it. The file `schema/smap-model.schema.json` is the
        /// source of truth.
        public enum ModelSchema {
            public static let text = #\"\"\"
        \(schema)
        \"\"\"#
        }

        """
    }

    @Test("the schema is strict and documented: closed objects, a description on every field")
    func schemaIsStrictAndDocumented() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(ModelSchema.text.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        var stack: [(path: String, node: Any)] = [("#", schema)]
        var objects = 0, fields = 0
        while let (path, node) = stack.popLast() {
            if let array = node as? [Any] {
                for (i, item) in array.enumerated() { stack.append(("\(path)/\(i)", item)) }
                continue
            }
            guard let dictionary = node as? [String: Any] else { continue }
            if let properties = dictionary["properties"] as? [String: Any], dictionary["if"] == nil,
               !path.hasSuffix("/if"), !path.contains("/then"), !path.contains("/else") {
                objects += 1
                #expect(dictionary["additionalProperties"] as? Bool == false, "\(path) is open")
                let required = Set((dictionary["required"] as? [String]) ?? [])
                #expect(required == Set(properties.keys), "\(path): every field is always written")
                for (name, field) in properties {
                    fields += 1
                    let description = (field as? [String: Any])?["description"] as? String
                    #expect(!(description ?? "").isEmpty, "\(path)/properties/\(name) has no description")
                }
            }
            for (key, value) in dictionary { stack.append(("\(path)/\(key)", value)) }
        }
        #expect(objects >= 15)
        #expect(fields >= 100)
    }

    /// Every emitted JSON (every map, every view, the hostile map) validates
    /// against the schema with the real `jsonschema`; and documents that break
    /// the schema are rejected, so the validation cannot pass by accident.
    @Test("python jsonschema validates every emitted model and rejects broken ones",
          .enabled(if: ExternalTool.required || ExternalTool.pythonWithJSONSchema != nil,
                   "python3 with jsonschema is not installed (.ci/run installs it)"))
    func validatesWithJSONSchema() throws {
        let python = try #require(ExternalTool.pythonWithJSONSchema, "python3 with jsonschema is missing")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smap-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var valid: [String] = []
        for (n, item) in try ShippedMaps.allWithViews().enumerated() {
            let url = folder.appendingPathComponent("valid-\(n).json")
            try Data(JSONModel.render(item.compilation, view: item.view).utf8).write(to: url)
            valid.append(url.path)
        }
        #expect(valid.count >= 20)

        // Broken variants of a real document: each must be rejected.
        let base = JSONModel.render(try ShippedMaps.compile(ShippedMaps.hostile))
        let breakages: [(String, String)] = [
            ("\"formatVersion\": 1,", "\"formatVersion\": 1, \"extra\": true,"),
            ("\"formatVersion\": 1", "\"formatVersion\": 2"),
            ("\"kind\": \"step\"", "\"kind\": \"task\""),
            ("\"numberWritten\": false", "\"numberWritten\": \"no\""),
            ("\"id\": \"mottagning\",", "\"id\": \"mottagning\", \"colour\": \"red\","),
            ("\"color\": \"#b71c1c\"", "\"color\": \"red\""),
            ("\"status\": \"holds\"", "\"status\": \"fine\""),
            ("\"hours\": 36", "\"hours\": \"36\""),
            ("\"title\": \"Regel", "\"heading\": \"Regel"),
            ("\"loop\": true", "\"loop\": 1"),
        ]
        var invalid: [String] = []
        for (n, (from, to)) in breakages.enumerated() {
            #expect(base.contains(from), "breakage \(n) does not apply")
            let url = folder.appendingPathComponent("invalid-\(n).json")
            try Data(base.replacingOccurrences(of: from, with: to).utf8).write(to: url)
            invalid.append(url.path)
        }

        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            V = jsonschema.validators.validator_for(schema)
            V.check_schema(schema)
            validator = V(schema, format_checker=V.FORMAT_CHECKER)
            failed = 0
            for arg in sys.argv[2:]:
                expect, path = arg.split(":", 1)
                errors = list(validator.iter_errors(json.load(open(path, encoding="utf-8"))))
                if expect == "valid" and errors:
                    failed += 1
                    for e in errors[:5]: print(path, e.json_path, e.message)
                if expect == "invalid" and not errors:
                    failed += 1
                    print(path, "was accepted but breaks the schema")
            print("checked", len(sys.argv) - 2)
            sys.exit(1 if failed else 0)
            """
        let schemaPath = ShippedMaps.root.appendingPathComponent("schema/smap-model.schema.json").path
        let arguments = ["-c", script, schemaPath] + valid.map { "valid:" + $0 } + invalid.map { "invalid:" + $0 }
        let result = try ExternalTool.run(python, arguments)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("checked \(valid.count + invalid.count)"))
    }

    // MARK: - Helpers

    func parsed(_ compilation: Compilation, view: Int? = nil) throws -> [String: Any] {
        let text = JSONModel.render(compilation, view: view)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
