import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// The handläggarstöd: every shown step as text, grouped by party in number
/// order, with its facts, info text, lagrum, links and the steps before and
/// after it. It is the map's text alternative, the target of `#steg-ID`
/// without JavaScript, and the content the step panel shows.
struct GuideWriter {
    package let model: Model
    /// The number shown on each step (by model index).
    package let numbers: [Int?]
    /// The steps the page shows.
    package let shown: [Int]
    /// The flows between shown steps (the model's, or a view's joined ones).
    package let flows: [ProjectedFlow]
    package let processLinks: [ProcessLink]

    package func render(into out: inout TextOutput) {
        out += "<section id=\"handlaggarstod\" class=\"stod\" aria-labelledby=\"stod-rubrik\">"
        out += "<h2 id=\"stod-rubrik\">\(WebText.guideHeading)</h2>"
        out += "<p class=\"ingress\">\(HTMLText.escape(WebText.guideIntro))</p>"
        var isShown = [Bool](repeating: false, count: model.steps.count)
        for s in shown { isShown[s] = true }
        var before = [[ProjectedFlow]](repeating: [], count: model.steps.count)
        var after = [[ProjectedFlow]](repeating: [], count: model.steps.count)
        for f in flows {
            after[f.from].append(f)
            before[f.to].append(f)
        }
        var linksOf = [[ProcessLink]](repeating: [], count: model.steps.count)
        for link in processLinks { linksOf[link.from].append(link) }

        for (laneIndex, lane) in model.lanes.enumerated() {
            let own = shown.filter { model.steps[$0].lane == laneIndex }.sorted { numberOrder($0, $1) }
            let shared = shown.filter { model.steps[$0].participants.contains(laneIndex) }.sorted { numberOrder($0, $1) }
            if own.isEmpty && shared.isEmpty { continue }
            let color = WebColors.lane(laneIndex, model)
            out += "<section class=\"stod-part\" aria-labelledby=\"part-\(HTMLText.escape(lane.id))\">"
            out += "<h3 id=\"part-\(HTMLText.escape(lane.id))\"><svg class=\"partfarg\" aria-hidden=\"true\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\"><rect width=\"14\" height=\"14\" rx=\"3\" fill=\"\(color)\"/></svg>\(HTMLText.escape(lane.title))</h3>"
            for s in own {
                renderStep(s, before: before[s], after: after[s], links: linksOf[s], into: &out)
            }
            if !shared.isEmpty {
                out += "<h4 class=\"delade\">\(WebText.sharedStepsHeading)</h4><ul class=\"delade-lista\">"
                for s in shared {
                    out += "<li>\(stepLink(s, withLane: true))</li>"
                }
                out += "</ul>"
            }
            out += "</section>"
        }
        if shown.isEmpty { out += "<p>\(WebText.noSteps)</p>" }
        out += "</section>"
    }

    func numberOrder(_ a: Int, _ b: Int) -> Bool {
        (numbers[a] ?? Int.max, a) < (numbers[b] ?? Int.max, b)
    }

    /// `3. Begär läkarintyg` as a link to the step.
    func stepLink(_ s: Int, withLane: Bool) -> String {
        let step = model.steps[s]
        var text = HTMLText.escape(numbers[s].map { "\($0). " } ?? "") + HTMLText.escape(step.title)
        if withLane, step.lane >= 0, step.lane < model.lanes.count {
            text += "<span class=\"part-namn\"> · \(HTMLText.escape(model.lanes[step.lane].title))</span>"
        }
        return "<a href=\"#\(HTMLText.escape(HTMLText.stepAnchor(step.id)))\">\(text)</a>"
    }

    func renderStep(_ s: Int, before: [ProjectedFlow], after: [ProjectedFlow], links: [ProcessLink], into out: inout TextOutput) {
        let step = model.steps[s]
        let anchor = HTMLText.escape(HTMLText.stepAnchor(step.id))
        out += "<article class=\"stod-steg\" id=\"\(anchor)\" data-step=\"\(HTMLText.escape(step.id))\" aria-labelledby=\"\(anchor)-rubrik\">"
        out += "<h4 id=\"\(anchor)-rubrik\" class=\"steg-rubrik\">"
        if let number = numbers[s] { out += "<span class=\"nummer\">\(number).</span> " }
        out += HTMLText.escape(step.title) + "</h4>"

        out += "<dl class=\"fakta\">"
        out += "<div><dt>\(WebText.part)</dt><dd>\(HTMLText.escape(laneTitle(step.lane)))</dd></div>"
        let participants = step.participants.filter { $0 >= 0 && $0 < model.lanes.count }
        if !participants.isEmpty {
            out += "<div><dt>\(WebText.together)</dt><dd>\(HTMLText.escape(participants.map(laneTitle).joined(separator: ", ")))</dd></div>"
        }
        if step.kind == .decision {
            out += "<div><dt>\(WebText.kind)</dt><dd>\(HTMLText.escape(WebText.kindDecision))</dd></div>"
        } else if step.isStart {
            out += "<div><dt>\(WebText.kind)</dt><dd>\(HTMLText.escape(WebText.kindStart))</dd></div>"
        } else if step.isEnd {
            out += "<div><dt>\(WebText.kind)</dt><dd>\(HTMLText.escape(WebText.kindEnd))</dd></div>"
        }
        if let p = step.phase, p >= 0, p < model.phases.count {
            out += "<div><dt>\(WebText.phase)</dt><dd>\(HTMLText.escape(model.phases[p].title))</dd></div>"
        }
        if let within = step.within {
            out += "<div><dt>\(WebText.time)</dt><dd>\(HTMLText.escape(LayoutText.swedish.time(within)))</dd></div>"
        }
        if let a = step.actualisation {
            out += "<div class=\"akt-fakta\"><dt><svg class=\"ikon\" aria-hidden=\"true\" width=\"20\" height=\"22\" viewBox=\"0 0 22 22\">\(SVGMapWriter.actualisationIcon(x: 0, y: 0, color: "#000"))</svg>\(WebText.actualisation)</dt><dd>"
            if let note = a.note, !note.isEmpty { out += HTMLText.escape(note) + " " }
            let parties = a.parties.filter { $0 >= 0 && $0 < model.lanes.count }
            if !parties.isEmpty {
                out += "<span class=\"akt-parter\">\(WebText.actualisedBy): \(HTMLText.escape(parties.map(laneTitle).joined(separator: ", ")))</span>"
            }
            out += "</dd></div>"
        }
        out += "</dl>"

        if let doc = step.infoDocument, !doc.blocks.isEmpty {
            out += "<div class=\"info\">"
            InfoHTML.render(doc, into: &out)
            out += "</div>"
        }
        if !step.laws.isEmpty {
            out += "<h5>\(WebText.lawsHeading)</h5><ul class=\"lagrum\">"
            for ref in step.laws { out += "<li>\(lawReference(ref))</li>" }
            out += "</ul>"
        }
        if !step.links.isEmpty {
            out += "<h5>\(WebText.linksHeading)</h5><ul class=\"lankar\">"
            for link in step.links { out += "<li>\(InfoHTML.link(text: HTMLText.escape(link.title), url: link.url))</li>" }
            out += "</ul>"
        }
        if !before.isEmpty || !after.isEmpty || !links.isEmpty {
            out += "<nav class=\"grannar\" aria-label=\"\(HTMLText.escape("Flödet kring " + step.title))\">"
            if !before.isEmpty {
                out += "<h5>\(WebText.beforeHeading)</h5><ul>"
                for f in before { out += "<li>\(stepLink(f.from, withLane: model.steps[f.from].lane != step.lane))\(flowNotes(f, incoming: true))</li>" }
                out += "</ul>"
            }
            if !after.isEmpty || !links.isEmpty {
                out += "<h5>\(WebText.afterHeading)</h5><ul>"
                for f in after { out += "<li>\(stepLink(f.to, withLane: model.steps[f.to].lane != step.lane))\(flowNotes(f, incoming: false))</li>" }
                for link in links {
                    out += "<li>\(HTMLText.escape(laneTitle(link.lane))): \(HTMLText.escape(model.steps[link.to].title)) <span class=\"not\">(\(WebText.processLinkNote))</span></li>"
                }
                out += "</ul>"
            }
            out += "</nav>"
        }
        out += "</article>"
    }

    /// The answer of a branch, and what the flow says about itself.
    func flowNotes(_ f: ProjectedFlow, incoming: Bool) -> String {
        var notes: [String] = []
        if !incoming, let label = f.label ?? f.flow.flatMap({ model.flows[$0].label }), !label.isEmpty {
            notes.append("”" + HTMLText.escape(label) + "”")
        }
        if f.isException { notes.append(WebText.exceptionNote) }
        if f.isLoop { notes.append(WebText.loopNote) }
        if f.flow == nil { notes.append(WebText.viaLeftOut) }
        if let index = f.flow {
            let flow = model.flows[index]
            if flow.consent { notes.append(WebText.consentNote) }
            for ref in flow.laws { notes.append(lawReference(ref)) }
        }
        return notes.isEmpty ? "" : " <span class=\"not\">– " + notes.joined(separator: "; ") + "</span>"
    }

    package func laneTitle(_ lane: Int) -> String {
        lane >= 0 && lane < model.lanes.count ? model.lanes[lane].title : ""
    }

    /// `SoL 4 kap. 1 §` linked to lagen.nu, with the law's title and number.
    package func lawReference(_ ref: LawReference) -> String {
        guard ref.law >= 0, ref.law < model.laws.count else { return HTMLText.escape(ref.text) }
        let law = model.laws[ref.law]
        let cited = ref.text.isEmpty ? law.alias : "\(law.alias) \(ref.text)"
        let text = HTMLText.escape(cited)
        var detail = " <span class=\"lag-titel\">– \(HTMLText.escape(law.title)) (\(HTMLText.escape(law.sfs)))</span>"
        if let repealed = law.known?.repealed {
            // Readers must see that a provision is no longer in force.
            var note = WebText.repealed(repealed)
            if let successor = law.known?.replacedBy { note += ", " + WebText.replacedBy(successor) }
            detail += " <strong class=\"upphavd\">\(HTMLText.escape(note))</strong>"
        }
        return InfoHTML.link(text: text, url: ref.url) + detail
    }
}

/// Renders the safe Markdown subset of info texts.
enum InfoHTML {
    package static func render(_ doc: InfoDocument, into out: inout TextOutput) {
        for block in doc.blocks {
            switch block {
            case .paragraph(let inlines):
                out += "<p>" + inline(inlines) + "</p>"
            case .bulletList(let items):
                out += "<ul>" + items.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>"
            case .orderedList(let start, let items):
                out += (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") + items.map { "<li>" + inline($0) + "</li>" }.joined() + "</ol>"
            }
        }
    }

    package static func inline(_ inlines: [InfoDocument.Inline]) -> String {
        var out = ""
        for item in inlines {
            switch item {
            case .text(let s): out += HTMLText.escape(s)
            case .strong(let x): out += "<strong>" + inline(x) + "</strong>"
            case .emphasis(let x): out += "<em>" + inline(x) + "</em>"
            case .link(let text, let url): out += link(text: inline(text), url: url)
            }
        }
        return out
    }

    /// A link when the URL is safe (`https:`, `http:`, `mailto:`); else the text and the address as text.
    package static func link(text: String, url: String) -> String {
        guard SafeURL.isSafe(url) else { return text + " (" + HTMLText.escape(url) + ")" }
        return "<a href=\"\(HTMLText.escape(url))\" rel=\"noopener noreferrer\">\(text)</a>"
    }
}

/// The legend: every symbol the map uses, drawn as in the map, with words.
enum LegendWriter {
    package static func render(into out: inout TextOutput) {
        out += "<section id=\"teckenforklaring\" class=\"teckenforklaring\" aria-labelledby=\"legend-rubrik\">"
        out += "<h2 id=\"legend-rubrik\">\(WebText.legendHeading)</h2><ul class=\"legend\">"
        let box = Rect(x: 3, y: 3, width: 54, height: 28)
        func item(_ svg: String, _ text: String) {
            out += "<li><svg aria-hidden=\"true\" width=\"60\" height=\"34\" viewBox=\"0 0 60 34\">\(svg)</svg><span>\(HTMLText.escape(text))</span></li>"
        }
        let stroke = "fill=\"#fff\" stroke=\"#37474f\" stroke-width=\"2\""
        item("<path d=\"\(SVGMapWriter.outline(.step, box, grow: 0))\" \(stroke)/><circle cx=\"16\" cy=\"17\" r=\"8\" fill=\"#37474f\"/><text x=\"16\" y=\"21\" text-anchor=\"middle\" class=\"nr\" fill=\"#fff\">3</text>",
             WebText.legendStep)
        item("<path d=\"M14 3 H46 L57 17 L46 31 H14 L3 17 Z\" \(stroke)/>", WebText.legendDecision)
        item("<path d=\"\(SVGMapWriter.outline(.start, box, grow: 0))\" \(stroke)/>", WebText.legendStart)
        item("<path d=\"\(SVGMapWriter.outline(.end, box, grow: 0))\" \(stroke)/><path d=\"\(SVGMapWriter.outline(.end, box, grow: -4))\" fill=\"none\" stroke=\"#37474f\" stroke-width=\"1.5\"/>",
             WebText.legendEnd)
        item(SVGMapWriter.actualisationIcon(x: 19, y: 6, color: "#000"), WebText.legendActualisation)
        item(SVGMapWriter.clockIcon(cx: 30, cy: 17), WebText.legendTime)
        item("<path d=\"\(SVGMapWriter.outline(.step, box, grow: 0))\" \(stroke)/><text x=\"30\" y=\"21\" text-anchor=\"middle\" class=\"fot\" fill=\"#263238\">Med: …</text>",
             WebText.legendShared)
        item("<path d=\"M4 17 H50\" stroke=\"#333\" stroke-width=\"1.6\"/><path d=\"M48 12 L57 17 L48 22 Z\" fill=\"#333\"/>", WebText.legendFlow)
        item("<path d=\"M4 17 H50\" stroke=\"#333\" stroke-width=\"1.6\" stroke-dasharray=\"7 5\"/><path d=\"M48 12 L57 17 L48 22 Z\" fill=\"#333\"/>",
             WebText.legendException)
        item("<path d=\"M40 8 H54 V28 H8 V14 H14\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\"/><path d=\"M12 9 L21 14 L12 19 Z\" fill=\"#333\"/>",
             WebText.legendLoop)
        item("<path d=\"\(SVGMapWriter.outline(.processLink, box, grow: 0))\" fill=\"#eceff1\" stroke=\"#37474f\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>",
             WebText.legendProcessLink)
        item("<rect x=\"3\" y=\"4\" width=\"54\" height=\"26\" rx=\"4\" fill=\"#e3f2fd\" stroke=\"#90a4ae\"/><text x=\"30\" y=\"21\" text-anchor=\"middle\" class=\"fot\" fill=\"#1a1a1a\">Fas</text>",
             WebText.legendPhase)
        item("<rect x=\"3\" y=\"4\" width=\"54\" height=\"26\" fill=\"#f7f7f7\" stroke=\"#b0bec5\"/><rect x=\"3\" y=\"4\" width=\"18\" height=\"26\" fill=\"#37474f\"/>",
             WebText.legendLane)
        out += "</ul></section>"
    }
}
