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

/// The web map page: self-contained, safe, accessible by construction, deterministic.
/// Browser behaviour (clicks, keyboard, axe, the Nu checker) is tested by
/// Tests/Browser/test_webmap.py.
@Suite struct HTMLTests {
    static let root = ExternalTool.packageRoot

    static func page(_ relative: String, view: String? = nil) throws -> (Compilation, String) {
        let c = try Compiler.compile(path: root.appendingPathComponent(relative).path)
        #expect(!c.hasErrors, "\(relative) has errors")
        let index = view.flatMap { c.model.viewIndex[$0] }
        return (c, HTMLEmitter.render(c, view: index))
    }

    /// The text between the first `open` and the next `close` after it.
    static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let a = text.range(of: open), let b = text.range(of: close, range: a.upperBound..<text.endIndex) else { return nil }
        return String(text[a.upperBound..<b.lowerBound])
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    // MARK: - SHA-256

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Lengths around the padding boundary (55, 56, 64 bytes) and non-ASCII text.
        #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(SHA256.base64("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        #expect(SHA256.hex("åäö") == "5d0d31f63d1712b2ea533b0c4946c2f1014faf152f0c0e5ee5b81c85e8799953")
    }

    @Test func base64MatchesRFC4648() {
        let cases: [(String, String)] = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
                                         ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in cases { #expect(Base64.encode(Array(plain.utf8)) == encoded) }
    }

    // MARK: - The page

    @Test func cspAllowsExactlyTheInlineScriptAndStyle() throws {
        let (_, html) = try Self.page("examples/minimal.smap")
        let csp = try #require(Self.between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\""))
        let script = try #require(Self.between(html, "<script>", "</script>"))
        let style = try #require(Self.between(html, "<style>", "</style>"))
        #expect(csp.contains("default-src 'none'"))
        #expect(csp.contains("script-src 'sha256-\(SHA256.base64(script))'"))
        #expect(csp.contains("style-src 'sha256-\(SHA256.base64(style))'"))
        #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
        #expect(Self.count("<script>", in: html) == 1)
        #expect(Self.count("<style>", in: html) == 1)
        #expect(!html.contains(" style=\""), "style attributes need 'unsafe-inline'")
        #expect(html.range(of: #" on[a-z]+="#, options: .regularExpression) == nil, "no inline event handlers")
    }

    @Test func pageIsSelfContained() throws {
        let (_, html) = try Self.page("maps/stockholmsmodellen.smap")
        #expect(!html.contains(" src="), "nothing is loaded from anywhere")
        #expect(!html.contains("@import") && !html.contains("@font-face"))
        // Every url( is a marker reference inside the page.
        for part in html.components(separatedBy: "url(").dropFirst() { #expect(part.hasPrefix("#")) }
        // Links go to anchors in the page, to the favicon placeholder, or out through safe URLs only.
        for part in html.components(separatedBy: "href=\"").dropFirst() {
            let href = String(part.prefix { $0 != "\"" })
            #expect(href.hasPrefix("#") || href == "data:," || href.hasPrefix("https://") || href.hasPrefix("http://")
                    || href.hasPrefix("mailto:"), "href \(href)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"sv\">"))
    }

    @Test func everyStepHasItsTextAndItsBoxInEveryMap() throws {
        let (c, html) = try Self.page("maps/stockholmsmodellen.smap")
        for step in c.model.steps {
            #expect(Self.count("<article class=\"stod-steg\" id=\"steg-\(step.id)\"", in: html) == 1, "\(step.id)")
            #expect(html.contains("href=\"#steg-\(step.id)\" data-step=\"\(step.id)\""), "\(step.id) has no box")
        }
        // One figure per map: the whole map, each view, each party.
        let figures = Self.count("<figure class=\"karta\"", in: html)
        #expect(figures == 1 + c.views.filter { !$0.keptSteps.isEmpty }.count + c.model.lanes.count)
        #expect(Self.count("<svg class=\"kartbild\"", in: html) == figures)
        // Ids are unique.
        var ids: [String: Int] = [:]
        for part in html.components(separatedBy: " id=\"").dropFirst() { ids[String(part.prefix { $0 != "\"" }), default: 0] += 1 }
        #expect(ids.filter { $0.value > 1 }.isEmpty, "duplicate ids \(ids.filter { $0.value > 1 }.keys.sorted())")
    }

    @Test func lagrumLinkToLagenNuAtChapterAndParagraph() throws {
        let (_, html) = try Self.page("maps/stockholmsmodellen.smap")
        let article = try #require(Self.between(html, "id=\"steg-mottagning\"", "</article>"))
        #expect(article.contains("<a href=\"https://lagen.nu/2001:453#K4P1\" rel=\"noopener noreferrer\">SoL 4 kap. 1 §</a>"))
        #expect(article.contains("https://lagen.nu/2009:400#K10P1"))
        #expect(article.contains("Socialtjänstlag (2001:453)</span> <strong class=\"upphavd\">upphävd 2025-07-01, ersatt av SFS 2025:400</strong>"))
        #expect(!article.contains("Offentlighets- och sekretesslag (2009:400)</span> <strong"))
        // The steps before and after, as links to follow the process.
        #expect(article.contains("href=\"#steg-intyg\"") && article.contains("href=\"#steg-kartlaggning\""))
        #expect(article.contains("href=\"#steg-fk_sgi0\""))
    }

    @Test func infoMarkdownIsRenderedSafely() throws {
        let c = Compiler.compile(source: """
            map "M" { version "1" }
            lane a "A"
            step s "S" in a {
              start end
              actualise "Här"
              info \"\"\"
                Text med **fetstil**, *kursiv* och [en länk](https://example.org/x?a=1&b=2).

                - punkt <b>ett</b>
                - punkt två

                3. tre
                4. fyra
                \"\"\"
            }
            """)
        #expect(!c.hasErrors)
        let html = HTMLEmitter.render(c, view: nil)
        #expect(html.contains("<strong>fetstil</strong>"))
        #expect(html.contains("<em>kursiv</em>"))
        #expect(html.contains("<a href=\"https://example.org/x?a=1&amp;b=2\" rel=\"noopener noreferrer\">en länk</a>"))
        #expect(html.contains("<li>punkt &lt;b&gt;ett&lt;/b&gt;</li>"))
        #expect(html.contains("<ol start=\"3\"><li>tre</li><li>fyra</li></ol>"))
    }

    @Test func unsafeURLsNeverBecomeLinks() throws {
        // Unsafe links are errors (E132), so there is no CheckedMap to render…
        let c = Compiler.compile(source: """
            map "M" { version "1" }
            lane a "A"
            step s "S" in a {
              start end
              link "Skript" "javascript:alert(1)"
              info "[klick](javascript:alert(2)) och [data](data:text/html,x)"
            }
            """)
        #expect(c.checked == nil)
        #expect(c.diagnostics.filter { $0.code.rawValue == "E132" }.count >= 2)
        // …and the info renderer itself keeps an unsafe link as text.
        let step = try #require(c.model.steps.first)
        let doc = try #require(step.infoDocument)
        var out = TextOutput()
        InfoHTML.render(doc, into: &out)
        #expect(!out.text.contains("href=\"javascript"))
        #expect(!out.text.contains("href=\"data:text"))
        #expect(out.text.contains("klick (javascript:alert(2)"), "an unsafe Markdown link stays text")
        #expect(!InfoHTML.link(text: "Skript", url: "javascript:alert(1)").contains("href"))
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let c = try Compiler.compile(path: Self.root.appendingPathComponent("Tests/Fixtures/injection.smap").path)
        #expect(!c.hasErrors, "the injection map must be publishable")
        let html = HTMLEmitter.render(c, view: nil)
        for view in c.model.views.indices {
            let page = HTMLEmitter.render(c, view: view)
            #expect(Self.count("<script", in: page) == 2)
        }
        #expect(Self.count("<script", in: html) == 2, "only the data block and the page's own script")
        #expect(Self.count("</script>", in: html) == 2)
        #expect(!html.contains("<img") && !html.contains("<iframe") && !html.contains("<svg onload")
                && !html.contains("<svg/onload"))
        #expect(!html.contains("window.__pwned=1</script>"))
        #expect(html.contains("&lt;script&gt;window.__pwned=11&lt;/script&gt;"))
        #expect(Self.count("<svg", in: html) == Self.count("</svg>", in: html))
        #expect(Self.count("<text", in: html) == Self.count("</text>", in: html))
        // The embedded JSON cannot close its element, and parses back to the same text.
        let json = try #require(Self.between(html, "<script type=\"application/json\" id=\"smap-data\">", "</script>"))
        #expect(!json.contains("<") && !json.contains(">"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let steps = try #require(parsed?["steps"] as? [[String: Any]])
        let titles = Set(steps.compactMap { $0["t"] as? String })
        #expect(titles.contains("<script>window.__pwned=11</script>"))
        #expect(titles.contains("</script><script>window.__pwned=20</script>"))
        // Attributes cannot be broken out of.
        for part in html.components(separatedBy: "aria-label=\"").dropFirst() {
            let value = String(part.prefix { $0 != "\"" })
            #expect(!value.contains("<") && !value.contains(">"))
        }
    }

    @Test func controlCharactersAreReplaced() {
        #expect(HTMLText.escape("a\u{0}b\u{7}c\u{FFFE}d\te\nf") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\nf")
        #expect(HTMLText.escape("<&>\"'") == "&lt;&amp;&gt;&quot;&#39;")
        #expect(HTMLText.jsonString("</script>\u{2028}&") == "\"\\u003c/script\\u003e\\u2028\\u0026\"")
        #expect(HTMLText.number(12) == "12" && HTMLText.number(12.25) == "12.3" && HTMLText.number(-0.5) == "-0.5")
    }

    @Test func aViewPageShowsOnlyTheViewsSteps() throws {
        let (c, html) = try Self.page("examples/views.smap", view: "latt")
        let projection = try #require(c.views.first { $0.view.map { c.model.views[$0].id } == "latt" })
        for (i, step) in c.model.steps.enumerated() {
            let kept = projection.keptSteps.contains(i)
            #expect(html.contains("id=\"steg-\(step.id)\"") == kept, "\(step.id)")
        }
        #expect(Self.count("<figure class=\"karta\"", in: html) == 1)
        #expect(html.contains("Lättvariant – de vanligaste stegen"))
        // The flow joined through the left-out step is described as such.
        let article = try #require(Self.between(html, "id=\"steg-kartlaggning\"", "</article>"))
        #expect(article.contains("href=\"#steg-forandringsplan\"") && article.contains(WebText.viaLeftOut))
    }

    @Test func partyMapsHaveProcessLinks() throws {
        let (_, html) = try Self.page("examples/views.smap")
        let figure = try #require(Self.between(html, "data-karta=\"part-soc\"", "</figure>"))
        #expect(figure.contains("form-processLink"))
        #expect(figure.contains("Fortsätter hos Jobbtorg Stockholm"))
        #expect(html.contains("<option value=\"soc\">Socialtjänsten – ekonomiskt bistånd</option>"))
    }

    @Test func everySymbolIsExplainedInTheLegend() throws {
        let (_, html) = try Self.page("examples/minimal.smap")
        let legend = try #require(Self.between(html, "<section id=\"teckenforklaring\"", "</section>"))
        for text in [WebText.legendStep, WebText.legendDecision, WebText.legendStart, WebText.legendEnd,
                     WebText.legendActualisation, WebText.legendTime, WebText.legendException, WebText.legendLoop,
                     WebText.legendProcessLink, WebText.legendShared, WebText.legendFlow] {
            #expect(legend.contains(HTMLText.escape(text)))
        }
    }

    @Test func laneTextKeepsItsContrast() {
        // White on the dark lane colors, near-black where a map chose a light one.
        #expect(WebColors.textOn("#b71c1c") == "#ffffff")
        #expect(WebColors.textOn("#fff3e0") == "#1a1a1a")
        #expect(WebColors.textOn("#ffeb3b") == "#1a1a1a")
        for color in WebColors.lanePalette { #expect((Contrast.ratio(color, "#ffffff") ?? 0) >= 4.5) }
        for color in WebColors.phasePalette {
            #expect((Contrast.ratio(color, WebColors.textOn(color)) ?? 0) >= 4.5)
        }
        #expect(Colors.tint("#b71c1c", 0) == "#ffffff" && Colors.tint("#b71c1c", 1) == "#b71c1c")
    }

    @Test func edgeCasesKeepContrastAndPhaseGroups() throws {
        let (c, html) = try Self.page("Tests/Fixtures/webmap-edges.smap")
        #expect(c.diagnostics.contains { $0.code == .laneColorContrast }, "check warns about the light lane")
        // The light lane's name and numbers are drawn dark; the dark phase's name light.
        #expect(html.contains("fill=\"#ffeb3b\" stroke=\"#ffffff\" stroke-width=\"1\"/><text class=\"bana-namn\" fill=\"#1a1a1a\">"))
        #expect(html.contains("fill=\"#0d47a1\" stroke=\"#90a4ae\"/><text class=\"fas-namn\" text-anchor=\"middle\" fill=\"#ffffff\">"))
        #expect(SwimlaneLayout.layout(c).phases.count == 3)
        #expect(html.contains("Inom 36 timmar"))
    }

    @Test func renderingIsDeterministic() throws {
        let (c, html) = try Self.page("maps/stockholmsmodellen.smap")
        #expect(HTMLEmitter.render(c, view: nil) == html)
        let (_, again) = try Self.page("maps/stockholmsmodellen.smap")
        #expect(again == html)
    }

    @Test func aMapWithErrorsHasNothingToRender() {
        // Layout and every emitter take a CheckedMap, which only the checker
        // makes, and only without errors: there is no page of a broken map.
        let c = Compiler.compile(source: """
            map "M" { version "1" }
            lane a "A"
            step s "S" in nowhere
            step t "T" in a { start }
            t -> missing
            t -> t
            """)
        #expect(c.hasErrors)
        #expect(c.checked == nil)
        // A warning alone does not stop it.
        let warned = Compiler.compile(source: """
            map "M" { version "1" }
            lane a "A"
            step t "T" in a { start end }
            """)
        #expect(!warned.hasErrors && warned.warningCount > 0)
        #expect(warned.checked?.warnings.count == warned.warningCount)
    }

    @Test(arguments: ["minimal", "views", "loops", "handover", "laws", "remiss-ordning", "rules"])
    func goldenHTMLOfExamples(_ name: String) throws {
        let (_, html) = try Self.page("examples/\(name).smap")
        Golden.assertMatches(html, "html/\(name).html")
    }
}
