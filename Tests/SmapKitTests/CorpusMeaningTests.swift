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

/// The clean corpus files teach the language; "clean" alone would not catch a
/// feature that is read wrongly. These tests check what the files mean.
@Suite("Corpus meaning")
struct CorpusMeaningTests {
    static func compile(_ name: String) throws -> Compilation {
        let compilation = try Compiler.compile(path: CorpusTests.corpusFolder.appendingPathComponent(name).path)
        #expect(compilation.diagnostics.isEmpty, "\(name) is not clean")
        return compilation
    }

    static func step(_ model: Model, _ id: String) throws -> Step {
        try #require(model.stepIndex[id].map { model.steps[$0] }, "no step \(id)")
    }

    /// The flows as "from->to" pairs, in model order.
    static func flows(_ model: Model) -> [String] {
        model.flows.map { "\(model.steps[$0.from].id)->\(model.steps[$0.to].id)" }
    }

    @Test func chainsFanOutAndFanIn() throws {
        #expect(Self.flows(try Self.compile("chain.smap").model)
                == ["ansokan->utredning", "utredning->plan", "plan->beslut"])
        #expect(Self.flows(try Self.compile("chain-over-lines.smap").model)
                == ["ansokan->utredning", "utredning->plan", "plan->beslut"])
        #expect(Self.flows(try Self.compile("fan-out-fan-in.smap").model)
                == ["ansokan->intyg", "ansokan->kartlaggning", "intyg->plan", "kartlaggning->plan",
                    "ansokan->samtal", "samtal->plan"])
    }

    @Test func labelsLoopsAndExceptions() throws {
        let labelled = try Self.compile("flow-label.smap").model
        #expect(labelled.flows.map(\.label) == [nil, "vid behov"])

        let loop = try Self.compile("loop.smap").model
        let back = try #require(loop.flows.first { loop.steps[$0.to].id == "plan" && loop.steps[$0.from].id == "klar" })
        #expect(back.isLoop && back.isBranch && back.label == "Nej")
        #expect(try Self.compile("loop.smap").ruleOutcomes.map(\.status) == [.holds, .holds])

        let exception = try Self.compile("exception.smap").model
        #expect(exception.flows.filter(\.isException).map { exception.steps[$0.to].id } == ["nodbistand", "overklagan"])
        #expect(exception.flows.first { $0.isException && exception.steps[$0.to].id == "overklagan" }?.label == "sällan")
    }

    @Test func handoverBasis() throws {
        let model = try Self.compile("handover-consent-law.smap").model
        #expect(model.checks == [.handoverBasis])
        let handover = try #require(model.flows.first { model.steps[$0.to].id == "insats" })
        #expect(handover.consent && handover.laws.map(\.url)
                == ["https://lagen.nu/2010:110#K30P10", "https://lagen.nu/2009:400#K10P1"])
        #expect(model.flows.first { model.steps[$0.to].id == "samordning" }?.consent == true)
    }

    @Test func sharedStepsAndActualisation() throws {
        let shared = try Self.compile("shared-step.smap").model
        let mote = try Self.step(shared, "mote")
        #expect(mote.participants.map { shared.lanes[$0].id } == ["soc", "af", "vard"])
        #expect(mote.actualisation?.parties.map { shared.lanes[$0].id } == ["fk", "af", "vard"])

        let model = try Self.compile("actualise-by.smap").model
        let ansokan = try Self.step(model, "ansokan")
        #expect(ansokan.actualisation?.note == "Behov av samverkan kan aktualiseras redan här")
        #expect(ansokan.actualisation?.parties.map { model.lanes[$0].id } == ["soc"])
        let mote2 = try Self.step(model, "mote")
        #expect(mote2.actualisation?.parties.map { model.lanes[$0].id } == ["af", "vard"])
    }

    @Test func numbering() throws {
        let c = try Self.compile("auto-numbering.smap")
        let numbers = c.model.steps.indices.map { "\(c.model.steps[$0].id)=\(c.numbers[$0].map(String.init) ?? "-")" }
        #expect(numbers == ["ansokan=1", "beslut=4", "inskrivning=1", "plan=2"])
    }

    @Test func textsAndEscapes() throws {
        let model = try Self.compile("multiline-string.smap").model
        #expect(model.summary == """
            Processkarta för myndighetsgemensam samverkan kring sjukskrivna
            individer som saknar sjukpenninggrundande inkomst (SGI 0).
            """)
        #expect(try Self.step(model, "ansokan").info == """
            Individen ansöker om ekonomiskt bistånd.

              - en indragen rad behåller sin extra indragning
            Citattecken ("…") och \"\"\" inne i texten, och \u{2013} ett tankstreck.
            """)
        #expect(try Self.step(model, "beslut").info == "Beslut fattas.")

        let escapes = try Self.compile("escapes.smap").model
        #expect(escapes.lanes[0].title == "Socialtjänsten – ekonomiskt bistånd")
        #expect(try Self.step(escapes, "ansokan").title == "Ansökan \"A1\"")
        #expect(try Self.step(escapes, "ansokan").info == "Rad ett\nRad två\tmed tab och \\ ett snedstreck.")
        #expect(try Self.step(escapes, "beslut").title == "Beslut 📝")
        #expect(try Self.step(escapes, "beslut").info == "Beslut fattas åäö.")

        let crlf = try Self.compile("crlf.smap").model
        #expect(try Self.step(crlf, "ansokan").info == "Ansökan tas emot.")
        let bom = try Self.compile("bom.smap").model
        #expect(bom.title == "Test" && bom.steps.count == 2)
        let comments = try Self.compile("comments.smap").model
        #expect(comments.lanes[0].title == "Socialtjänsten # not a comment inside text")
    }

    @Test func citationsLinkToLagenNu() throws {
        let model = try Self.compile("citation-forms.smap").model
        let refs = try Self.step(model, "ansokan").laws
        #expect(refs.map(\.url) == [
            "https://lagen.nu/2025:400#K4P1",
            "https://lagen.nu/2025:400#K4P1a",
            "https://lagen.nu/2025:400#K7P1",
            "https://lagen.nu/2025:400#K7P1",
            "https://lagen.nu/2010:110#K28a",
            "https://lagen.nu/2025:400#K4",
            "https://lagen.nu/2003:1210#P5",
            "https://lagen.nu/2025:400#K4P1S2",
            "https://lagen.nu/2025:400#K4P1S2N3",
            "https://lagen.nu/2003:1210#P1",
            "https://lagen.nu/2010:110",
        ])
        #expect(refs[2].citation?.canonicalText == "7 kap. 1–6 §§")
        #expect(refs[3].citation?.canonicalText == "7 kap. 1–6 §§")

        let laws = try Self.compile("law-url.smap").model
        #expect(laws.laws.map(\.pageURL) == ["https://rkrattsbaser.gov.se/sfst?bet=2003:1210", "https://lagen.nu/1997:238"])
    }

    @Test func viewsKeepAndJoin() throws {
        let compilation = try Self.compile("views.smap")
        let model = compilation.model
        func kept(_ id: String) -> [String] {
            let index = model.viewIndex[id]!
            return compilation.views[index].keptSteps.map { model.steps[$0].id }
        }
        #expect(kept("latt") == ["ansokan", "plan"])
        #expect(kept("utan_vard") == ["ansokan", "plan", "insats"])
        #expect(kept("soc_karta") == ["ansokan", "plan"])
        #expect(kept("enstaka") == ["ansokan", "insats"])
        // The flow through the left-out 'intyg' is joined: ansokan -> plan.
        let latt = compilation.views[model.viewIndex["latt"]!]
        #expect(latt.flows.map { "\(model.steps[$0.from].id)->\(model.steps[$0.to].id)" } == ["ansokan->plan"])
        // Socialtjänstens own map links on to Arbetsförmedlingen's process.
        let own = compilation.views[model.viewIndex["soc_karta"]!]
        #expect(own.processLinks.map { model.lanes[$0.lane].id }.contains("af"))
    }

    @Test func includesAndDeclarationOrder() throws {
        let included = try Self.compile("include-clean.smap")
        #expect(included.sources.files.count == 3)
        #expect(Self.flows(included.model) == ["mottagning->beslut"])
        let order = try Self.compile("declaration-order.smap")
        #expect(order.ruleOutcomes.map(\.status) == [.holds])
        #expect(order.model.views.count == 1)
    }

    @Test func rulesAndTimes() throws {
        #expect(try Self.compile("rule-before-fan-in-holds.smap").ruleOutcomes.map(\.status) == [.holds, .holds, .holds])
        #expect(try Self.compile("rule-before-after-join-holds.smap").ruleOutcomes.map(\.status) == [.holds, .holds, .holds])
        let within = try Self.compile("rule-within-holds.smap").ruleOutcomes
        #expect(within.map(\.status) == [.holds] && within.first?.longestHours == 84)
        let durations = try Self.compile("durations.smap").model
        #expect(durations.steps.compactMap(\.within?.hours) == [36, 120, 336])
        let block = try Self.compile("rule-block.smap")
        #expect(block.model.rules.count == 4 && block.model.rules.allSatisfy { $0.title == "Ordningen i utredningen" })
        #expect(block.model.rules[1].writtenAsAfter)
    }

    @Test func namesAreUnicodeAndCaseSensitive() throws {
        let model = try Self.compile("unicode-identifiers.smap").model
        #expect(model.steps.map(\.id) == ["kartläggning", "Beslut", "beslut", "steg_4"])
        #expect(model.lanes.map(\.id) == ["socialtjänst"])
    }

    @Test func stepFields() throws {
        let model = try Self.compile("step-fields.smap").model
        let s = try Self.step(model, "mottagning")
        #expect(s.writtenNumber == 1 && s.isStart && !s.isEnd)
        #expect(s.within?.hours == 120)
        #expect(s.tags == ["vanlig", "ekonomi", "ansokan"])
        #expect(s.phase.map { model.phases[$0].id } == "utredning")
        #expect(s.laws.count == 2 && s.links.map(\.url) == ["https://example.org/blankett.pdf", "mailto:kontakt@example.org"])
        #expect(model.lanes[0].color == "#b71c1c")
        let info = try #require(try Self.step(Self.compile("info-markdown.smap").model, "ansokan").infoDocument)
        #expect(info.linkURLs == ["https://example.org/blankett.pdf"])
        #expect(info.plainText.contains("<script>alert(1)</script> visas som text."))
    }
}
