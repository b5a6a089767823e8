import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// The map as a Graphviz `digraph`, for people who render with Graphviz.
///
/// Conventions (see `docs/outputs.md`):
/// - left to right (`rankdir=LR`), ranked over the whole graph (`newrank=true`:
///   ranking cluster by cluster, Graphviz 2.43 fails on large maps with
///   "trouble in init_rank"); one `cluster_<lane>` per lane, in declared
///   order, framed in the lane's color (grey when it has none) on a light tint;
/// - shapes by kind: a step is a rounded box, a decision a diamond, a start has
///   a double border (`peripheries=2`), an end a thick border (`penwidth=3`);
/// - the label: the box number and title, `tillsammans med …` for a shared
///   step, `◆ aktualiseringspunkt` at an actualisation point, and the time
///   indication (`inom 5 dagar`);
/// - flows: branch and flow labels, dashed `exception` flows, `loop` flows
///   with `constraint=false` so they do not pull ranks, dotted links from a
///   view to another party's process;
/// - `tooltip` is the step's title and `URL` its anchor in the web map,
///   `index.html#steg-ID`.
///
/// Every ID is quoted, and every text escaped (``DOTEmitter/quoted(_:)``), so
/// any title, label or info text gives DOT that `dot` accepts and renders
/// with the text intact.
public struct DOTEmitter: Emitter {
    public init() {}
    public var fileName: String { "map.dot" }
    public var command: String { "dot" }
    public func plan(_ map: CheckedMap, view: Int?) -> EmitPlan {
        EmitPlan { var dot = TextOutput(); dot += DOTEmitter.render(map, view: view); return dot }
    }

    /// The DOT text of the whole map, or of view `view` (an index into
    /// `checked.model.views`). Ends with a newline.
    public static func render(_ checked: CheckedMap, view: Int? = nil) -> String {
        var writer = DOTWriter(checked: checked)
        return writer.render(view: view)
    }

    /// A DOT double-quoted string showing `text` as written. Backslashes are
    /// doubled (labels read `\n`, `\l`, `\N`… as escapes), quotes escaped, line
    /// breaks become `\n` (centered lines), other control characters a space,
    /// U+FFFE and U+FFFF (not characters in XML, so not in SVG) U+FFFD, and
    /// `&` becomes `&amp;` because Graphviz reads `&name;` as an entity.
    public static func quoted(_ text: String) -> String { quoted(text, backslash: "\\\\") }

    /// Like ``quoted(_:)``, for `tooltip` (and `URL`) values: Graphviz reads
    /// their escapes twice (`\\` once, then `\N`, `\G`… and `\\` again),
    /// so a backslash is written as four.
    public static func quotedTooltip(_ text: String) -> String { quoted(text, backslash: "\\\\\\\\") }

    private static func quoted(_ text: String, backslash: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += backslash
            case "\"": out += "\\\""
            case "&": out += "&amp;"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\u{2028}", "\u{2029}", "\u{85}": out += "\\n"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{FEFF}" {
                    out += " "
                } else if scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
                    // Not characters in XML: the SVG that dot writes would not parse.
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A quoted DOT ID. IDs carry no escapes, so only `"` and `\` need care.
    static func quotedID(_ id: String) -> String {
        var out = "\""
        for scalar in id.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Breaks `text` into lines of at most about `width` characters, each break
    /// taking the place of one space (a longer word keeps its own line). Line
    /// breaks in the text are kept, and so is every other space: joining the
    /// lines with spaces gives the text back.
    package static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = ""
            var started = false
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                if !started {
                    line = String(word)
                    started = true
                } else if word.isEmpty || line.count + 1 + word.count <= width || line.allSatisfy({ $0 == " " }) {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
        }
        return lines
    }
}

/// Words the drawing shows, in the map's language (public maps are Swedish).
private struct DOTWords {
    let language: Language
    private func word(_ key: TextKey) -> String { Text(key).render(language) }
    var with: String { word(.dotWith) }
    var actualisation: String { word(.dotActualisation) }
    var within: String { word(.dotWithin) }
    var consent: String { word(.dotConsent) }
    var joined: String { word(.dotJoined) }
    var processOf: String { word(.dotContinues) }
}

private struct DOTWriter {
    let checked: CheckedMap
    let model: Model
    let words: DOTWords
    var out = ""

    init(checked: CheckedMap) {
        self.checked = checked
        self.model = checked.model
        self.words = DOTWords(language: checked.model.language)
    }

    static let defaultLaneColor = "#555555"
    static let titleWidth = 28
    static let decisionWidth = 20

    mutating func render(view viewIndex: Int?) -> String {
        let projection = viewIndex.flatMap { index in checked.views.first { $0.view == index } }
        let steps: [Int]
        var title = model.title
        if let projection, let viewIndex, model.views.indices.contains(viewIndex) {
            steps = projection.keptSteps
            title += " – " + model.views[viewIndex].title
        } else {
            steps = Array(model.steps.indices)
        }

        line("digraph \"smap\" {")
        line("  graph [rankdir=LR, newrank=true, charset=\"UTF-8\", nodesep=0.35, ranksep=0.5,"
             + " fontname=\"Helvetica,Arial,sans-serif\", fontsize=18, labelloc=t,"
             + " label=\(DOTEmitter.quoted(title)), tooltip=\(DOTEmitter.quotedTooltip(title))];")
        line("  node [fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, shape=box,"
             + " style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#333333\", margin=\"0.12,0.06\"];")
        line("  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=10, color=\"#333333\"];")

        var stepsOfLane = [[Int]](repeating: [], count: model.lanes.count)
        var laneless: [Int] = []
        for s in steps where model.steps.indices.contains(s) {
            let lane = model.steps[s].lane
            if model.lanes.indices.contains(lane) { stepsOfLane[lane].append(s) } else { laneless.append(s) }
        }
        for (laneIndex, lane) in model.lanes.enumerated() where !stepsOfLane[laneIndex].isEmpty {
            let color = lane.color ?? DOTWriter.defaultLaneColor
            line("")
            line("  subgraph \(DOTEmitter.quotedID("cluster_" + lane.id)) {")
            line("    graph [label=\(DOTEmitter.quoted(lane.title)), tooltip=\(DOTEmitter.quotedTooltip(lane.title)),"
                 + " style=\"rounded,filled\", color=\(DOTEmitter.quotedID(color)),"
                 + " fillcolor=\(DOTEmitter.quotedID(Colors.tint(color, 0.1))), penwidth=2, fontsize=14];")
            for s in stepsOfLane[laneIndex] { node(s, indent: "    ") }
            line("  }")
        }
        if !laneless.isEmpty {
            line("")
            for s in laneless { node(s, indent: "  ") }
        }

        line("")
        if let projection {
            for flow in projection.flows {
                if let index = flow.flow, model.flows.indices.contains(index) {
                    edge(model.flows[index])
                } else {
                    joinedEdge(flow)
                }
            }
            for link in projection.processLinks { processLink(link) }
        } else {
            for flow in model.flows { edge(flow) }
        }
        line("}")
        return out
    }

    mutating func line(_ text: String) {
        out += text
        out += "\n"
    }

    func laneTitle(_ i: Int) -> String { model.lanes.indices.contains(i) ? model.lanes[i].title : "" }
    func stepID(_ i: Int) -> String { model.steps.indices.contains(i) ? model.steps[i].id : "" }

    /// The lines of a step's label.
    func labelLines(_ s: Int) -> [String] {
        let step = model.steps[s]
        let width = step.kind == .decision ? DOTWriter.decisionWidth : DOTWriter.titleWidth
        var title = step.title
        if let number = checked.number(s) { title = "\(number). " + title }
        var lines = DOTEmitter.wrap(title, width: width)
        if !step.participants.isEmpty {
            let names = step.participants.map(laneTitle).joined(separator: ", ")
            lines += DOTEmitter.wrap(words.with + " " + names, width: width)
        }
        if step.actualisation != nil { lines.append(words.actualisation) }
        if let within = step.within {
            lines.append(words.within + " " + within.words(model.language))
        }
        return lines
    }

    mutating func node(_ s: Int, indent: String) {
        let step = model.steps[s]
        var attributes: [String] = []
        attributes.append("label=" + DOTEmitter.quoted(labelLines(s).joined(separator: "\n")))
        if step.kind == .decision {
            attributes.append("shape=diamond")
            attributes.append("style=filled")
        }
        if step.isStart { attributes.append("peripheries=2") }
        if step.isEnd { attributes.append("penwidth=3") }
        attributes.append("tooltip=" + DOTEmitter.quotedTooltip(step.title))
        attributes.append("URL=" + DOTEmitter.quotedTooltip(HTMLText.stepURL(step.id)))
        line(indent + DOTEmitter.quotedID(step.id) + " [" + attributes.joined(separator: ", ") + "];")
    }

    /// The basis of a handover in words: `samtycke; OSL 10 kap. 1 §`.
    func basis(_ flow: Flow) -> String {
        var parts: [String] = []
        if flow.consent { parts.append(words.consent) }
        for reference in flow.laws where model.laws.indices.contains(reference.law) {
            let alias = model.laws[reference.law].alias
            parts.append(reference.text.isEmpty ? alias : alias + " " + reference.text)
        }
        return parts.joined(separator: "; ")
    }

    mutating func edge(_ flow: Flow) {
        var attributes: [String] = []
        if let label = flow.label { attributes.append("label=" + DOTEmitter.quoted(label)) }
        if flow.isException { attributes.append("style=dashed") }
        if flow.isLoop { attributes.append("constraint=false") }
        let basis = basis(flow)
        if !basis.isEmpty { attributes.append("tooltip=" + DOTEmitter.quotedTooltip(basis)) }
        edgeLine(flow.from, flow.to, attributes)
    }

    mutating func joinedEdge(_ flow: ProjectedFlow) {
        var attributes: [String] = []
        if let label = flow.label { attributes.append("label=" + DOTEmitter.quoted(label)) }
        if flow.isException { attributes.append("style=dashed") }
        if flow.isLoop { attributes.append("constraint=false") }
        attributes.append("tooltip=" + DOTEmitter.quotedTooltip(words.joined))
        edgeLine(flow.from, flow.to, attributes)
    }

    mutating func edgeLine(_ from: Int, _ to: Int, _ attributes: [String]) {
        var text = "  " + DOTEmitter.quotedID(stepID(from)) + " -> " + DOTEmitter.quotedID(stepID(to))
        if !attributes.isEmpty { text += " [" + attributes.joined(separator: ", ") + "]" }
        line(text + ";")
    }

    /// A view's flow into a party it does not show: a note node outside every
    /// lane, linking to the step where that party's process goes on.
    mutating func processLink(_ link: ProcessLink) {
        // Spaces never occur in step or lane IDs, so this ID cannot collide with a step.
        let id = DOTEmitter.quotedID("process link \(stepID(link.from)) \(laneID(link.lane))")
        let target = model.steps.indices.contains(link.to) ? model.steps[link.to].title : ""
        let label = DOTEmitter.wrap(words.processOf + " " + laneTitle(link.lane), width: DOTWriter.titleWidth)
            + DOTEmitter.wrap(target, width: DOTWriter.titleWidth)
        line("  \(id) [shape=note, style=filled, fillcolor=\"#eeeeee\", label=\(DOTEmitter.quoted(label.joined(separator: "\n"))),"
             + " tooltip=\(DOTEmitter.quotedTooltip(target)), URL=\(DOTEmitter.quotedTooltip(HTMLText.stepURL(stepID(link.to))))];")
        line("  \(DOTEmitter.quotedID(stepID(link.from))) -> \(id) [style=dotted];")
    }

    func laneID(_ i: Int) -> String { model.lanes.indices.contains(i) ? model.lanes[i].id : "" }
}
