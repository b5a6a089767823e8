import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// Draws one ``MapLayout`` as inline SVG. Steps are `<a href="#steg-ID">`
/// links (focusable, operable without JavaScript, named by `aria-label`);
/// everything else is decoration hidden from assistive technology, since the
/// step links and the handläggarstöd carry the same information as text.
/// No `style` attributes (the page's CSP forbids them): classes and
/// presentation attributes only.
struct SVGMapWriter {
    package let model: Model
    package let layout: MapLayout
    /// Unique per page: prefixes the ids of this SVG's markers.
    package let key: String
    let caption: String
    package let options = LayoutOptions()

    package func render(into out: inout TextOutput) {
        let w = HTMLText.number(layout.width), h = HTMLText.number(layout.height)
        out += "<svg class=\"kartbild\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\""
        out += " role=\"group\" aria-label=\"\(HTMLText.escape(caption))\" data-width=\"\(w)\" data-height=\"\(h)\">"
        out += "<defs>"
        out += "<marker id=\"\(key)-pil\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#333\"/></marker>"
        out += "</defs>"
        out += "<rect class=\"bakgrund\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"
        out += "<g aria-hidden=\"true\">"
        renderPhases(into: &out)
        renderLanes(into: &out)
        renderFlows(into: &out)
        out += "</g>"
        out += "<g class=\"steg-lager\">"
        for i in stepOrder() { renderBox(layout.boxes[i], into: &out) }
        out += "</g>"
        renderLaneHeaders(into: &out)
        out += "</svg>"
    }

    /// Boxes in reading order: lane by lane, by number, then by column.
    func stepOrder() -> [Int] {
        var laneRank: [Int: Int] = [:]
        for (i, band) in layout.lanes.enumerated() { laneRank[band.lane] = i }
        return layout.boxes.indices.sorted { a, b in
            let x = layout.boxes[a], y = layout.boxes[b]
            let ka = (laneRank[x.lane] ?? 0, x.shape == .processLink ? 1 : 0, x.number ?? Int.max, x.column, x.row, a)
            let kb = (laneRank[y.lane] ?? 0, y.shape == .processLink ? 1 : 0, y.number ?? Int.max, y.column, y.row, b)
            return ka < kb
        }
    }

    // MARK: Phases and lanes

    func renderPhases(into out: inout TextOutput) {
        guard !layout.phases.isEmpty else { return }
        let top = options.margin
        let headerHeight = options.phaseHeaderHeight - 8
        let bottom = (layout.lanes.last.map { $0.y + $0.height }) ?? layout.bandsTop
        for group in layout.phases {
            let color = group.phase.map { WebColors.phase($0, model) } ?? "#eceff1"
            let textColor = WebColors.textOn(color)
            let x = HTMLText.number(group.x + 2), width = HTMLText.number(max(group.width - 4, 1))
            out += "<rect class=\"fas\" x=\"\(x)\" y=\"\(HTMLText.number(top))\" width=\"\(width)\" height=\"\(HTMLText.number(headerHeight))\" rx=\"4\" fill=\"\(color)\" stroke=\"#90a4ae\"/>"
            let lines = group.titleLines
            let lh = options.phaseTitleLineHeight
            var y = top + headerHeight / 2 - Double(lines.count) * lh / 2 + lh - 4
            let cx = HTMLText.number(group.x + group.width / 2)
            out += "<text class=\"fas-namn\" text-anchor=\"middle\" fill=\"\(textColor)\">"
            for line in lines {
                out += "<tspan x=\"\(cx)\" y=\"\(HTMLText.number(y))\">\(HTMLText.escape(line))</tspan>"
                y += lh
            }
            out += "</text>"
        }
        // Separators between phases across every lane.
        for group in layout.phases.dropFirst() {
            let x = HTMLText.number(group.x)
            out += "<line class=\"fas-grans\" x1=\"\(x)\" y1=\"\(HTMLText.number(layout.bandsTop))\" x2=\"\(x)\" y2=\"\(HTMLText.number(bottom))\" stroke=\"#78909c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
        }
    }

    func renderLanes(into out: inout TextOutput) {
        let right = layout.width - options.margin
        for band in layout.lanes {
            let color = WebColors.lane(band.lane, model)
            let y = HTMLText.number(band.y), h = HTMLText.number(band.height)
            out += "<rect class=\"bana\" x=\"\(HTMLText.number(layout.headerLeft))\" y=\"\(y)\" width=\"\(HTMLText.number(right - layout.headerLeft))\" height=\"\(h)\" fill=\"\(Colors.tint(color, 0.07))\" stroke=\"#b0bec5\"/>"
        }
    }

    /// The lanes' names, drawn last: the script keeps them in view while the map scrolls sideways.
    func renderLaneHeaders(into out: inout TextOutput) {
        out += "<g class=\"banhuvuden\" aria-hidden=\"true\">"
        // Covers what scrolls past on the left of the pinned names.
        out += "<rect x=\"-2\" y=\"0\" width=\"\(HTMLText.number(layout.headerLeft + 2))\" height=\"\(HTMLText.number(layout.height))\" fill=\"#ffffff\"/>"
        for band in layout.lanes {
            let color = WebColors.lane(band.lane, model)
            let y = HTMLText.number(band.y), h = HTMLText.number(band.height)
            out += "<rect class=\"bana-huvud\" x=\"\(HTMLText.number(layout.headerLeft))\" y=\"\(y)\" width=\"\(HTMLText.number(layout.headerRight - layout.headerLeft))\" height=\"\(h)\" fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
            let lh = options.laneTitleLineHeight
            var ty = band.y + band.height / 2 - Double(band.titleLines.count) * lh / 2 + lh - 4
            out += "<text class=\"bana-namn\" fill=\"\(WebColors.textOn(color))\">"
            for line in band.titleLines {
                out += "<tspan x=\"\(HTMLText.number(layout.headerLeft + 12))\" y=\"\(HTMLText.number(ty))\">\(HTMLText.escape(line))</tspan>"
                ty += lh
            }
            out += "</text>"
        }
        out += "</g>"
    }

    // MARK: Flows

    func renderFlows(into out: inout TextOutput) {
        var labels = ""
        for flow in layout.flows {
            var classes = "flode"
            if flow.isException { classes += " undantag" }
            if flow.isLoop { classes += " loop" }
            if flow.isBackward { classes += " bakat" }
            out += "<path class=\"\(classes)\" d=\"\(Self.roundedPath(flow.points))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.6\""
            if flow.isException { out += " stroke-dasharray=\"7 5\"" }
            out += " marker-end=\"url(#\(key)-pil)\"/>"
            if let origin = flow.labelOrigin, !flow.labelLines.isEmpty {
                let lh = options.labelLineHeight
                // A light ground under the words keeps them readable over crossing lines.
                for (k, line) in flow.labelLines.enumerated() {
                    let width = TextMetrics.width(line, fontSize: options.labelFontSize) + 4
                    labels += "<rect x=\"\(HTMLText.number(origin.x - 2))\" y=\"\(HTMLText.number(origin.y + Double(k) * lh))\" width=\"\(HTMLText.number(width))\" height=\"\(HTMLText.number(lh))\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>"
                }
                labels += "<text class=\"etikett\" fill=\"#1a1a1a\">"
                var y = origin.y + lh - 3
                for line in flow.labelLines {
                    labels += "<tspan x=\"\(HTMLText.number(origin.x))\" y=\"\(HTMLText.number(y))\">\(HTMLText.escape(line))</tspan>"
                    y += lh
                }
                labels += "</text>"
            }
        }
        out += labels
    }

    /// An orthogonal polyline with softly rounded corners.
    static func roundedPath(_ points: [Point]) -> String {
        guard let first = points.first else { return "" }
        var d = "M\(HTMLText.number(first.x)) \(HTMLText.number(first.y))"
        if points.count == 2 {
            return d + " L\(HTMLText.number(points[1].x)) \(HTMLText.number(points[1].y))"
        }
        for i in 1..<points.count {
            let p = points[i]
            if i == points.count - 1 {
                d += " L\(HTMLText.number(p.x)) \(HTMLText.number(p.y))"
                break
            }
            let prev = points[i - 1], next = points[i + 1]
            let lenIn = abs(p.x - prev.x) + abs(p.y - prev.y)
            let lenOut = abs(next.x - p.x) + abs(next.y - p.y)
            let r = min(6, lenIn / 2, lenOut / 2)
            let a = Point(p.x - sign(p.x - prev.x) * r, p.y - sign(p.y - prev.y) * r)
            let b = Point(p.x + sign(next.x - p.x) * r, p.y + sign(next.y - p.y) * r)
            d += " L\(HTMLText.number(a.x)) \(HTMLText.number(a.y)) Q\(HTMLText.number(p.x)) \(HTMLText.number(p.y)) \(HTMLText.number(b.x)) \(HTMLText.number(b.y))"
        }
        return d
    }

    private static func sign(_ v: Double) -> Double { v > 0.001 ? 1 : v < -0.001 ? -1 : 0 }

    // MARK: Boxes

    func renderBox(_ box: StepBox, into out: inout TextOutput) {
        let step = model.steps[box.step]
        let f = box.frame
        let color = WebColors.lane(box.lane, model)
        var classes = "steg form-\(box.shape.rawValue)"
        if box.isActualisation { classes += " akt" }
        out += "<a class=\"\(classes)\" href=\"#\(HTMLText.escape(HTMLText.stepAnchor(step.id)))\" data-step=\"\(HTMLText.escape(step.id))\" aria-label=\"\(HTMLText.escape(accessibleName(box)))\">"
        out += "<path class=\"ring\" d=\""
        Self.outline(box.shape, f, grow: 5, into: &out)
        out += "\" fill=\"none\"/>"
        let fill = box.shape == .processLink ? Colors.tint(color, 0.12) : "#ffffff"
        out += "<path class=\"form\" d=\""
        Self.outline(box.shape, f, grow: 0, into: &out)
        out += "\" fill=\"\(fill)\" stroke=\"\(color)\" stroke-width=\"2.5\""
        if box.shape == .processLink { out += " stroke-dasharray=\"6 3\"" }
        out += "/>"
        if box.shape == .end {
            out += "<path d=\""
            Self.outline(.end, f, grow: -4, into: &out)
            out += "\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
        }
        // Header strip: number, kind, actualisation.
        let inset: Double
        switch box.shape {
        case .decision: inset = StepBox.pointDepth + 4
        case .start, .end: inset = 12
        default: inset = 6
        }
        var tagX = f.x + inset
        if let number = box.number {
            let cx = f.x + inset + 11, cy = f.y + 15
            out += "<circle cx=\"\(HTMLText.number(cx))\" cy=\"\(HTMLText.number(cy))\" r=\"11\" fill=\"\(color)\"/>"
            out += "<text class=\"nr\" x=\"\(HTMLText.number(cx))\" y=\"\(HTMLText.number(cy + 4))\" text-anchor=\"middle\" fill=\"\(WebColors.textOn(color))\">\(number)</text>"
            tagX = cx + 16
        }
        let kindTag: String?
        switch box.shape {
        case .decision: kindTag = "BESLUT"
        case .start: kindTag = "START"
        case .end: kindTag = "SLUT"
        case .processLink: kindTag = "PROCESSKOPPLING"
        case .step: kindTag = nil
        }
        if let kindTag {
            out += "<text class=\"typ\" x=\"\(HTMLText.number(tagX))\" y=\"\(HTMLText.number(f.y + 19))\" fill=\"#37474f\">\(kindTag)</text>"
        }
        if box.isActualisation {
            let ax = f.maxX - inset - 22, ay = f.y + 4
            out += Self.actualisationIcon(x: ax, y: ay, color: color)
        }
        // Title.
        let cx = f.x + f.width / 2
        var y = f.y + box.titleTop + options.titleFontSize - 2
        out += "<text class=\"rubrik\" text-anchor=\"middle\" fill=\"#1a1a1a\">"
        for line in box.titleLines {
            out += "<tspan x=\"\(HTMLText.number(cx))\" y=\"\(HTMLText.number(y))\">\(HTMLText.escape(line))</tspan>"
            y += options.titleLineHeight
        }
        out += "</text>"
        y += 4 - options.titleLineHeight + options.footerLineHeight
        if let time = box.timeLine {
            let width = TextMetrics.width(time, fontSize: options.footerFontSize)
            let iconX = cx - (width + 16) / 2
            out += Self.clockIcon(cx: iconX + 6, cy: y - 4)
            out += "<text class=\"fot\" x=\"\(HTMLText.number(iconX + 16))\" y=\"\(HTMLText.number(y))\" fill=\"#263238\">\(HTMLText.escape(time))</text>"
            y += options.footerLineHeight
        }
        if !box.participantLines.isEmpty {
            out += "<text class=\"fot med\" text-anchor=\"middle\" fill=\"#263238\">"
            for line in box.participantLines {
                out += "<tspan x=\"\(HTMLText.number(cx))\" y=\"\(HTMLText.number(y))\">\(HTMLText.escape(line))</tspan>"
                y += options.footerLineHeight
            }
            out += "</text>"
        }
        if let tag = box.phaseTag, let phase = box.phase {
            let footerCount = Double(box.participantLines.count + (box.timeLine == nil ? 0 : 1))
            let top = f.y + box.titleTop + Double(box.titleLines.count) * options.titleLineHeight
                + (footerCount > 0 ? 4 + footerCount * options.footerLineHeight : 0) + 5
            let color = WebColors.phase(phase, model)
            let width = TextMetrics.width(tag, fontSize: options.phaseTagFontSize) + 14
            out += "<rect class=\"fas-tagg\" x=\"\(HTMLText.number(cx - width / 2))\" y=\"\(HTMLText.number(top))\" width=\"\(HTMLText.number(width))\" height=\"\(HTMLText.number(options.phaseTagHeight))\" rx=\"8\" fill=\"\(color)\" stroke=\"#78909c\"/>"
            out += "<text class=\"fas-text\" x=\"\(HTMLText.number(cx))\" y=\"\(HTMLText.number(top + options.phaseTagHeight - 4.5))\" text-anchor=\"middle\" fill=\"\(WebColors.textOn(color))\">\(HTMLText.escape(tag))</text>"
        }
        out += "</a>"
    }

    /// What a screen reader says for a box: everything the box shows, in words.
    func accessibleName(_ box: StepBox) -> String {
        let step = model.steps[box.step]
        if box.shape == .processLink {
            let lane = box.targetLane.map { model.lanes[$0].title } ?? ""
            return "\(LayoutText.swedish.processLink(lane)): \(step.title)"
        }
        var parts: [String] = []
        parts.append("\(WebText.stepLabel(number: box.number)), \(model.lanes[box.lane].title): \(step.title)")
        switch box.shape {
        case .decision: parts.append(WebText.kindDecisionShort)
        case .start: parts.append(WebText.kindStartShort)
        case .end: parts.append(WebText.kindEndShort)
        default: break
        }
        if box.isActualisation { parts.append(WebText.actualisation.lowercased()) }
        if let p = step.phase, p >= 0, p < model.phases.count { parts.append("fas: " + model.phases[p].title) }
        if let within = step.within { parts.append(LayoutText.swedish.time(within).lowercased()) }
        let names = step.participants.filter { $0 >= 0 && $0 < model.lanes.count }.map { model.lanes[$0].title }
        if !names.isEmpty { parts.append(LayoutText.swedish.participants(names).lowercased()) }
        return parts.joined(separator: ". ")
    }

    // MARK: Shapes and icons

    package static func outline(_ shape: BoxShape, _ frame: Rect, grow: Double) -> String {
        var out = TextOutput()
        outline(shape, frame, grow: grow, into: &out)
        return out.text
    }

    /// The path written straight into `out` (a box has two or three outlines).
    package static func outline(_ shape: BoxShape, _ frame: Rect, grow: Double, into out: inout TextOutput) {
        let x = frame.x - grow, y = frame.y - grow, w = frame.width + 2 * grow, h = frame.height + 2 * grow
        let p = StepBox.pointDepth + grow * 0.5
        // Each command, then its numbers separated by spaces.
        func command(_ letter: String, _ numbers: Double...) {
            out += letter
            for (k, v) in numbers.enumerated() {
                if k > 0 { out += " " }
                out.appendNumber(v)
            }
            out += " "
        }
        switch shape {
        case .step:
            let r = max(2, 8 + grow)
            command("M", x + r, y); command("H", x + w - r); command("Q", x + w, y, x + w, y + r)
            command("V", y + h - r); command("Q", x + w, y + h, x + w - r, y + h); command("H", x + r)
            command("Q", x, y + h, x, y + h - r); command("V", y + r); command("Q", x, y, x + r, y)
        case .decision:
            command("M", x + p, y); command("H", x + w - p); command("L", x + w, y + h / 2)
            command("L", x + w - p, y + h); command("H", x + p); command("L", x, y + h / 2)
        case .processLink:
            command("M", x, y); command("H", x + w - p); command("L", x + w, y + h / 2)
            command("L", x + w - p, y + h); command("H", x)
        case .start, .end:
            let r = max(1, min(h / 2, StepBox.pillRadius + grow))
            command("M", x + r, y); command("H", x + w - r); command("A", r, r, 0, 0, 1, x + w, y + r)
            command("V", y + h - r); command("A", r, r, 0, 0, 1, x + w - r, y + h); command("H", x + r)
            command("A", r, r, 0, 0, 1, x, y + h - r); command("V", y + r); command("A", r, r, 0, 0, 1, x + r, y)
        }
        out += "Z"
    }

    /// A flag on a pole in a circle: the actualisation point.
    static func actualisationIcon(x: Double, y: Double, color: String) -> String {
        let n = HTMLText.number
        return "<g class=\"akt-ikon\"><circle cx=\"\(n(x + 10))\" cy=\"\(n(y + 11))\" r=\"10.5\" fill=\"#fff8e1\" stroke=\"#1a1a1a\" stroke-width=\"1.2\"/>"
            + "<path d=\"M\(n(x + 6)) \(n(y + 18)) V\(n(y + 4))\" stroke=\"#1a1a1a\" stroke-width=\"1.8\" fill=\"none\"/>"
            + "<path d=\"M\(n(x + 6.5)) \(n(y + 4.5)) L\(n(x + 16)) \(n(y + 8)) L\(n(x + 6.5)) \(n(y + 11.5)) Z\" fill=\"#1a1a1a\"/></g>"
    }

    /// A clock face: the time indication.
    static func clockIcon(cx: Double, cy: Double) -> String {
        let n = HTMLText.number
        return "<g class=\"tid-ikon\"><circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"5.5\" fill=\"#fff\" stroke=\"#263238\" stroke-width=\"1.3\"/>"
            + "<path d=\"M\(n(cx)) \(n(cy - 3.5)) V\(n(cy)) H\(n(cx + 2.8))\" stroke=\"#263238\" stroke-width=\"1.2\" fill=\"none\"/></g>"
    }
}

/// Colors of lanes and phases, and text colors that keep 4.5:1 on them.
enum WebColors {
    /// Dark defaults for lanes without a color: white text on each has at least 4.5:1.
    static let lanePalette = ["#37474f", "#4e342e", "#1a237e", "#004d40", "#880e4f", "#33691e", "#bf360c", "#01579b"]
    static let phasePalette = ["#e3f2fd", "#fff3e0", "#f1f8e9", "#ede7f6", "#e0f2f1", "#eceff1", "#fce4ec", "#fffde7"]

    package static func lane(_ index: Int, _ model: Model) -> String {
        guard index >= 0, index < model.lanes.count else { return lanePalette[0] }
        if let c = model.lanes[index].color, Contrast.luminance(c) != nil { return c }
        return lanePalette[index % lanePalette.count]
    }

    package static func phase(_ index: Int, _ model: Model) -> String {
        guard index >= 0, index < model.phases.count else { return phasePalette[0] }
        if let c = model.phases[index].color, Contrast.luminance(c) != nil { return c }
        return phasePalette[index % phasePalette.count]
    }

    /// White or near-black, whichever contrasts more with `background`.
    static func textOn(_ background: String) -> String {
        let white = Contrast.ratio(background, "#ffffff") ?? 21
        let black = Contrast.ratio(background, "#1a1a1a") ?? 0
        return white >= black ? "#ffffff" : "#1a1a1a"
    }
}
