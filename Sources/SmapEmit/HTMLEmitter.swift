import Foundation
import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// The published web map: one self-contained HTML page (inline CSS, script
/// and SVG, no request to any other host), readable and complete without
/// JavaScript, in Swedish.
///
/// The page holds the map as laid out by ``SwimlaneLayout`` — the whole map,
/// each view, and each party's own map, one `<figure>` each, all but one
/// hidden — then the legend, then the handläggarstöd (every step as text).
/// The script only adds: the step panel, search, the view and party
/// switchers, zoom and pan. A Content-Security-Policy allows exactly the
/// page's own script and stylesheet by their SHA-256 hashes.
public struct HTMLEmitter: Emitter {
    /// Serve mode only (`smap serve`, see HTMLLiveReload.swift); nil for `smap build`.
    public var liveReload: LiveReload?
    public init() {}
    public var fileName: String { "index.html" }
    public var command: String { "html" }
    public func plan(_ map: CheckedMap, view: Int?) -> EmitPlan {
        let page = HTMLEmitter.page(map, view: view, liveReload: liveReload)
        return EmitPlan(pieces: page.pieces, assemble: page.assemble)
    }

    /// The page for the whole map (`view == nil`), or for one view of it.
    public static func render(_ checked: CheckedMap, view: Int? = nil) -> String {
        output(checked, view: view).text
    }

    /// The page as UTF-8 bytes (what `smap build` writes).
    package static func output(_ checked: CheckedMap, view: Int? = nil) -> TextOutput {
        let page = page(checked, view: view)
        return page.assemble(inParallel(page.pieces))
    }

    /// A page in two stages: its large pieces, independent of each other and
    /// made on any core (`smap build` runs them with the JSON and the DOT),
    /// then joined in page order, so the bytes are the same however they ran.
    struct Page: Sendable {
        package var pieces: [@Sendable () -> TextOutput]
        var assemble: @Sendable ([TextOutput]) -> TextOutput
    }

    static func page(_ checked: CheckedMap, view: Int? = nil, liveReload: LiveReload? = nil) -> Page {
        let model = checked.model
        var maps: [PageMap] = []
        var scopeSteps: [Int]
        var scopeFlows: [ProjectedFlow]
        var scopeLinks: [ProcessLink] = []
        let projection = view.flatMap { checked.projection(view: $0) }
        let shownView = projection?.view.map { model.views[$0] }

        if let projection, let shownView {
            maps.append(PageMap(key: "vy-" + shownView.id, title: shownView.title, projection: projection))
            scopeSteps = projection.keptSteps
            scopeFlows = projection.flows
            scopeLinks = projection.processLinks
        } else {
            maps.append(PageMap(key: "hela", title: WebText.wholeMap, projection: nil))
            for p in checked.views where !p.keptSteps.isEmpty {
                let v = model.views[p.view!]
                maps.append(PageMap(key: "vy-" + v.id, title: v.title, projection: p))
            }
            for p in checked.partyMaps {
                guard case .party(let index) = p.scope else { continue }
                let lane = model.lanes[index]
                maps.append(PageMap(key: "part-" + lane.id, title: lane.title, projection: p))
            }
            scopeSteps = model.steps.indices.filter { model.steps[$0].lane >= 0 }
            scopeFlows = model.flows.enumerated().compactMap { i, f in
                ProjectedFlow(from: f.from, to: f.to, flow: i, label: f.label, isException: f.isException, isLoop: f.isLoop)
            }
        }

        // The pieces: the search data, the handläggarstöd, and each map (laid
        // out, then drawn); the large ones first, so that the pool ends even.
        let shown = scopeSteps, flows = scopeFlows, links = scopeLinks
        var pieces: [@Sendable () -> TextOutput] = [
            {
                var data = TextOutput()
                renderData(model, numbers: checked.numbers, steps: shown, into: &data)
                return data
            },
            {
                var guide = TextOutput()
                GuideWriter(model: model, numbers: checked.numbers, shown: shown, flows: flows, processLinks: links).render(into: &guide)
                return guide
            },
        ]
        pieces += maps.enumerated().map { i, m in
            {
                let layout = SwimlaneLayout.layout(checked, view: m.projection)
                var svg = TextOutput()
                SVGMapWriter(model: model, layout: layout, key: "k\(i)", caption: WebText.mapHeading + ": " + m.title)
                    .render(into: &svg)
                return svg
            }
        }
        let mapCount = maps.count, pageMaps = maps
        let assemble: @Sendable ([TextOutput]) -> TextOutput = { rendered in
            let maps = pageMaps
            let data = rendered[0], guide = rendered[1]
            let svgs = Array(rendered[2..<(2 + mapCount)])

            let css = WebAssets.css
            let js = WebAssets.js
            let csp = "default-src 'none'; script-src 'sha256-\(SHA256.base64(js))'\(liveReload?.scriptSource ?? ""); style-src 'sha256-\(SHA256.base64(css))'; img-src data:; base-uri 'none'; form-action 'none'\(liveReload?.connectSource ?? "")"

            var out = TextOutput()
            out.reserveCapacity(64_000 + model.steps.count * 4_000)
            out += "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
            out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(csp)\">\n"
            out += "<meta name=\"generator\" content=\"smap\">\n"
            let pageTitle = shownView.map { $0.title + " – " + model.title } ?? model.title
            out += "<title>\(HTMLText.escape(pageTitle.isEmpty ? WebText.mapHeading : pageTitle + " – " + WebText.mapHeading.lowercased()))</title>\n"
            out += "<link rel=\"icon\" href=\"data:,\">\n"
            out += "<style>\(css)</style>\n</head>\n<body>\n"
            out += "<a class=\"hoppa\" href=\"#karta\">\(WebText.skipToMap)</a>\n"
            out += "<a class=\"hoppa\" href=\"#handlaggarstod\">\(WebText.skipToGuide)</a>\n"
            renderHeader(model, view: shownView, into: &out)
            out += "<main>\n"
            renderMapSection(model, maps: maps, svgs: svgs, isViewPage: projection != nil, into: &out)
            LegendWriter.render(into: &out)
            out += "\n"
            out += guide
            out += "\n</main>\n"
            out += "<footer class=\"sidfot\"><p>\(HTMLText.escape(WebText.footer))</p><p>\(HTMLText.escape(WebText.accessibility))</p></footer>\n"
            out += "<aside id=\"panel\" class=\"panel\" hidden aria-label=\"\(WebText.panelLabel)\" tabindex=\"-1\">"
            out += "<div class=\"panel-huvud\"><p>\(WebText.panelLabel)</p><button type=\"button\" id=\"panel-stang\">\(WebText.close)</button></div>"
            out += "<div id=\"panel-innehall\"></div></aside>\n"
            out += "<script type=\"application/json\" id=\"smap-data\">"
            out += data
            out += "</script>\n"
            out += "<script>\(js)</script>\n"
            if let liveReload { out += liveReload.element }
            out += "</body>\n</html>\n"
            return out
        }
        return Page(pieces: pieces, assemble: assemble)
    }

    /// One map of the page and the projection it shows (nil: all of it).
    struct PageMap: Sendable {
        var key: String
        var title: String
        var projection: ViewProjection?
    }

    static func renderHeader(_ model: Model, view: View?, into out: inout TextOutput) {
        out += "<header class=\"sidhuvud\">"
        out += "<h1>\(HTMLText.escape(model.title.isEmpty ? WebText.mapHeading : model.title))</h1>"
        var meta: [String] = []
        if let view { meta.append("<span>\(HTMLText.escape(view.title))</span>") }
        if let version = model.version, !version.isEmpty { meta.append("<span>\(WebText.version) \(HTMLText.escape(version))</span>") }
        if let owner = model.owner, !owner.isEmpty { meta.append("<span>\(WebText.owner): \(HTMLText.escape(owner))</span>") }
        if !meta.isEmpty { out += "<p class=\"meta\">" + meta.joined() + "</p>" }
        if let summary = model.summary?.trimmingCharacters(in: .whitespacesAndNewlines), !summary.isEmpty {
            out += "<p class=\"sammanfattning\">\(HTMLText.escape(summary.split(whereSeparator: \.isWhitespace).joined(separator: " ")))</p>"
        }
        out += "</header>\n"
    }

    static func renderMapSection(_ model: Model, maps: [PageMap], svgs: [TextOutput], isViewPage: Bool,
                                 into out: inout TextOutput) {
        out += "<section id=\"karta\" class=\"kartdel\" aria-labelledby=\"karta-rubrik\">\n"
        out += "<h2 id=\"karta-rubrik\">\(WebText.mapHeading)</h2>\n"
        out += "<p class=\"hjalp bara-js\">\(HTMLText.escape(WebText.mapHint))</p>\n"
        out += "<noscript><p class=\"hjalp\">\(HTMLText.escape(WebText.mapNoScriptHint))</p></noscript>\n"
        out += "<div class=\"verktyg bara-js\" role=\"group\" aria-label=\"\(WebText.toolbarLabel)\">"
        out += "<div class=\"falt\"><label for=\"sok\">\(WebText.searchLabel)</label><input type=\"search\" id=\"sok\" placeholder=\"\(WebText.searchPlaceholder)\" autocomplete=\"off\"></div>"
        let views = maps.filter { $0.key.hasPrefix("vy-") }
        let parties = maps.filter { $0.key.hasPrefix("part-") }
        if !isViewPage && !views.isEmpty {
            out += "<div class=\"falt\"><label for=\"vy\">\(WebText.viewLabel)</label><select id=\"vy\"><option value=\"\">\(WebText.wholeMap)</option>"
            for m in views { out += "<option value=\"\(HTMLText.escape(String(m.key.dropFirst(3))))\">\(HTMLText.escape(m.title))</option>" }
            out += "</select></div>"
        }
        if !parties.isEmpty {
            out += "<div class=\"falt\"><label for=\"part\">\(WebText.partyLabel)</label><select id=\"part\"><option value=\"\">\(WebText.allParties)</option>"
            for m in parties { out += "<option value=\"\(HTMLText.escape(String(m.key.dropFirst(5))))\">\(HTMLText.escape(m.title))</option>" }
            out += "</select></div>"
        }
        out += "<div class=\"zoom\" role=\"group\" aria-label=\"Zoom\">"
        out += "<button type=\"button\" id=\"zoom-ut\" aria-label=\"\(WebText.zoomOut)\">−</button>"
        out += "<output id=\"zoom-niva\" aria-live=\"polite\">100 %</output>"
        out += "<button type=\"button\" id=\"zoom-in\" aria-label=\"\(WebText.zoomIn)\">+</button>"
        out += "<button type=\"button\" id=\"zoom-anpassa\">\(WebText.zoomFit)</button>"
        out += "<button type=\"button\" id=\"zoom-100\">\(WebText.zoomReset)</button></div>"
        out += "<div class=\"sokresultat\" id=\"sokresultat\"><p id=\"sok-status\" class=\"sokstatus\" role=\"status\" data-inga=\"\(WebText.searchNoHits)\"></p>"
        out += "<ul id=\"traffar\" class=\"traffar\"></ul></div>"
        out += "</div>\n"
        for (i, m) in maps.enumerated() {
            let caption = m.title
            out += "<figure class=\"karta\" id=\"karta-\(HTMLText.escape(m.key))\" data-karta=\"\(HTMLText.escape(m.key))\" aria-labelledby=\"karta-\(HTMLText.escape(m.key))-text\"\(i == 0 ? "" : " hidden")>"
            out += "<figcaption id=\"karta-\(HTMLText.escape(m.key))-text\">\(HTMLText.escape(caption))</figcaption>"
            out += "<div class=\"vy-ram\">"
            out += svgs[i]
            out += "</div></figure>\n"
        }
        out += "</section>\n"
    }

    /// The search index: id, number, title, party, and the searchable text in lower case.
    static func renderData(_ model: Model, numbers: [Int?], steps: [Int], into out: inout TextOutput) {
        out += "{\"steps\":["
        var first = true
        for s in steps {
            let step = model.steps[s]
            let lane = step.lane >= 0 && step.lane < model.lanes.count ? model.lanes[step.lane].title : ""
            let text = [step.title, lane, step.infoDocument?.plainText ?? ""]
                .joined(separator: " ").lowercasedQuickly().collapsingWhiteSpace()
            if !first { out += "," }
            first = false
            out += "{\"id\":\(HTMLText.jsonString(step.id)),\"n\":\(numbers[s].map(String.init) ?? "null"),\"t\":\(HTMLText.jsonString(step.title)),\"p\":\(HTMLText.jsonString(lane)),\"s\":\(HTMLText.jsonString(text))}"
        }
        out += "]}"
    }
}

