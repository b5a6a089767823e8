import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// The checked model as JSON: what other tools read. The shape is described,
/// field by field, by `schema/smap-model.schema.json` (``ModelSchema``) and
/// in `docs/json-model.md`.
///
/// Keys are written in a fixed order (the order of this file), Unicode as
/// UTF-8, no timestamps and no absolute paths: the same map always gives the
/// same bytes. Source locations name files relative to the folder of the main
/// file, so the output does not depend on where smap runs.
///
/// Only a checked without errors is a *validated* model; the command line
/// never emits JSON for a map with errors. Given one anyway, the emitter does
/// not crash: names it cannot resolve are written as empty strings.
public struct JSONModel: Emitter {
    public init() {}
    public var fileName: String { "map.json" }
    public var command: String { "json" }
    public func plan(_ map: CheckedMap, view: Int?) -> EmitPlan {
        EmitPlan { JSONModel.output(map, view: view) }
    }

    /// Bumped when a field changes meaning or is removed; adding a field to an
    /// open part of the model does not bump it.
    public static let formatVersion = 1

    /// The model as pretty-printed JSON text, ending with a newline.
    /// `view` is an index into `checked.model.views`: then `steps` and
    /// `flows` are that view's kept steps and projected flows.
    public static func render(_ checked: CheckedMap, view: Int? = nil) -> String {
        output(checked, view: view).text
    }

    /// The same as UTF-8 bytes (what `smap build` writes).
    static func output(_ checked: CheckedMap, view: Int? = nil) -> TextOutput {
        var out = TextOutput()
        out.reserveCapacity(4_096 + checked.model.steps.count * 1_500)
        value(checked, view: view).write(to: &out, pretty: true)
        out += "\n"
        return out
    }

    /// The model as a ``JSONValue`` (for tools that embed it).
    public static func value(_ checked: CheckedMap, view: Int? = nil) -> JSONValue {
        Writer(checked).document(view: view)
    }
}

private struct Writer {
    let checked: CheckedMap
    let model: Model
    /// Display path of every source file, relative to the main file's folder.
    let filePaths: [String]
    /// Outcome of each rule, by rule index.
    let outcomes: [Int: RuleOutcome]

    init(_ checked: CheckedMap) {
        self.checked = checked
        self.model = checked.model
        let files = checked.sources.files
        let mainFolder = files.first.map { PathText.directory(of: $0.path) } ?? "."
        self.filePaths = files.map { Writer.relative($0.path, to: mainFolder) }
        var outcomes: [Int: RuleOutcome] = [:]
        for outcome in checked.ruleOutcomes { outcomes[outcome.rule] = outcome }
        self.outcomes = outcomes
    }

    /// `path` relative to `folder` when it lies inside it (includes always do).
    static func relative(_ path: String, to folder: String) -> String {
        let normalized = PathText.normalize(path)
        let base = PathText.normalize(folder)
        if base == "." { return normalized }
        if base == "/" { return String(normalized.dropFirst()) }
        if normalized.hasPrefix(base + "/") { return String(normalized.dropFirst(base.count + 1)) }
        if let slash = normalized.lastIndex(of: "/") { return String(normalized[normalized.index(after: slash)...]) }
        return normalized
    }

    func document(view viewIndex: Int?) -> JSONValue {
        let projection = viewIndex.flatMap { index in checked.views.first { $0.view == index } }
        let selectedView: JSONValue
        let steps: [JSONValue]
        let flows: [JSONValue]
        if let viewIndex, let projection, model.views.indices.contains(viewIndex) {
            let view = model.views[viewIndex]
            selectedView = .object([
                ("id", .string(view.id)),
                ("title", .string(view.title)),
                ("processLinks", .array(projection.processLinks.map(processLink))),
            ])
            steps = projection.keptSteps.map(step)
            flows = projection.flows.map(projectedFlow)
        } else {
            selectedView = .null
            steps = model.steps.indices.map(step)
            flows = model.flows.map(flow)
        }
        return .object([
            ("formatVersion", .int(JSONModel.formatVersion)),
            ("map", map()),
            ("view", selectedView),
            ("laws", .array(model.laws.map(law))),
            ("lanes", .array(model.lanes.map(lane))),
            ("phases", .array(model.phases.map(phase))),
            ("steps", .array(steps)),
            ("flows", .array(flows)),
            ("rules", .array(model.rules.indices.map(rule))),
            ("views", .array(model.views.indices.map(view))),
            ("warnings", .array(checked.warnings.map(diagnostic))),
        ])
    }

    // MARK: - Declarations

    func map() -> JSONValue {
        .object([
            ("title", .string(model.title)),
            ("version", .optional(model.version)),
            ("owner", .optional(model.owner)),
            ("summary", .optional(model.summary)),
            ("language", .string(model.language.rawValue)),
            ("checks", .array(MapCheck.allCases.filter { model.checks.contains($0) }.map { .string($0.rawValue) })),
            ("file", .string(filePaths.first ?? "")),
        ])
    }

    func law(_ law: Law) -> JSONValue {
        .object([
            ("alias", .string(law.alias)),
            ("sfs", .string(law.sfs)),
            ("title", .string(law.title)),
            ("url", .string(law.pageURL)),
            ("urlDeclared", .bool(law.url != nil)),
            ("knownTitle", .optional(law.known?.title)),
            ("repealed", .optional(law.known?.repealed)),
            ("replacedBy", .optional(law.known?.replacedBy)),
            ("source", source(law.range)),
        ])
    }

    func lane(_ lane: Lane) -> JSONValue {
        .object([
            ("id", .string(lane.id)),
            ("title", .string(lane.title)),
            ("color", .optional(lane.color)),
            ("source", source(lane.range)),
        ])
    }

    func phase(_ phase: Phase) -> JSONValue {
        .object([
            ("id", .string(phase.id)),
            ("title", .string(phase.title)),
            ("color", .optional(phase.color)),
            ("source", source(phase.range)),
        ])
    }

    func step(_ index: Int) -> JSONValue {
        let step = model.steps[index]
        let number: JSONValue = checked.number(index).map { .int($0) } ?? .null
        let actualisation: JSONValue = step.actualisation.map { a in
            .object([
                ("note", .optional(a.note)),
                ("parties", .array(a.parties.map { .string(laneID($0)) })),
            ])
        } ?? .null
        return .object([
            ("id", .string(step.id)),
            ("kind", .string(step.kind.rawValue)),
            ("title", .string(step.title)),
            ("lane", .string(laneID(step.lane))),
            ("participants", .array(step.participants.map { .string(laneID($0)) })),
            ("number", number),
            ("numberWritten", .bool(step.writtenNumber != nil)),
            ("start", .bool(step.isStart)),
            ("end", .bool(step.isEnd)),
            ("actualisation", actualisation),
            ("within", step.within.map(duration) ?? .null),
            ("tags", .array(step.tags.map { .string($0) })),
            ("phase", step.phase.map { .string(phaseID($0)) } ?? .null),
            ("info", .optional(step.info)),
            ("laws", .array(step.laws.map(lawReference))),
            ("links", .array(step.links.map { link in
                .object([("title", .string(link.title)), ("url", .string(link.url))])
            })),
            ("source", source(step.range)),
        ])
    }

    func flow(_ flow: Flow) -> JSONValue {
        .object([
            ("from", .string(stepID(flow.from))),
            ("to", .string(stepID(flow.to))),
            ("label", .optional(flow.label)),
            ("branch", .bool(flow.isBranch)),
            ("exception", .bool(flow.isException)),
            ("loop", .bool(flow.isLoop)),
            ("handover", .bool(isHandover(flow.from, flow.to))),
            ("consent", .bool(flow.consent)),
            ("laws", .array(flow.laws.map(lawReference))),
            ("joined", .bool(false)),
            ("source", source(flow.range)),
        ])
    }

    /// A view's flow: a model flow when direct, else one joined through steps the view leaves out.
    func projectedFlow(_ projected: ProjectedFlow) -> JSONValue {
        if let index = projected.flow, model.flows.indices.contains(index) { return flow(model.flows[index]) }
        return .object([
            ("from", .string(stepID(projected.from))),
            ("to", .string(stepID(projected.to))),
            ("label", .optional(projected.label)),
            ("branch", .bool(false)),
            ("exception", .bool(projected.isException)),
            ("loop", .bool(projected.isLoop)),
            ("handover", .bool(isHandover(projected.from, projected.to))),
            ("consent", .bool(false)),
            ("laws", .array([])),
            ("joined", .bool(true)),
            ("source", .null),
        ])
    }

    func processLink(_ link: ProcessLink) -> JSONValue {
        .object([
            ("from", .string(stepID(link.from))),
            ("to", .string(stepID(link.to))),
            ("lane", .string(laneID(link.lane))),
        ])
    }

    func rule(_ index: Int) -> JSONValue {
        let rule = model.rules[index]
        let kind: String, first: Int, second: Int
        var limit: JSONValue = .null
        switch rule.clause {
        case .before(let a, let b):
            kind = "before"; first = a; second = b
        case .parallel(let a, let b):
            kind = "parallel"; first = a; second = b
        case .within(let target, let duration, let origin):
            kind = "within"; first = origin; second = target
            limit = self.duration(duration)
        }
        let outcome = outcomes[index]
        var status = "notChecked"
        var counterexample: JSONValue = .null
        var unprovableAt: JSONValue = .null
        switch outcome?.status {
        case .holds?: status = "holds"
        case .violated(let path)?:
            status = "violated"
            counterexample = .array(path.map { .string(stepID($0)) })
        case .unprovable(let step)?:
            status = "unprovable"
            unprovableAt = .string(stepID(step))
        case .vacuous?: status = "vacuous"
        case .notChecked?, nil: status = "notChecked"
        }
        return .object([
            ("title", .optional(rule.title)),
            ("kind", .string(kind)),
            ("first", .string(stepID(first))),
            ("second", .string(stepID(second))),
            ("limit", limit),
            ("writtenAsAfter", .bool(rule.writtenAsAfter)),
            ("status", .string(status)),
            ("counterexample", counterexample),
            ("unprovableAt", unprovableAt),
            ("longestHours", outcome?.longestHours.map { .int($0) } ?? .null),
            ("source", source(rule.range)),
        ])
    }

    func view(_ index: Int) -> JSONValue {
        let view = model.views[index]
        let projection = checked.views.first { $0.view == index }
        return .object([
            ("id", .string(view.id)),
            ("title", .string(view.title)),
            ("items", .array(view.items.map { item in
                .object([
                    ("include", .bool(item.include)),
                    ("selector", .string(item.selector.rawValue)),
                    ("names", .array(item.names.map { .string($0) })),
                ])
            })),
            ("keptSteps", .array((projection?.keptSteps ?? []).map { .string(stepID($0)) })),
            ("flows", .array((projection?.flows ?? []).map(projectedFlow))),
            ("processLinks", .array((projection?.processLinks ?? []).map(processLink))),
            ("source", source(view.range)),
        ])
    }

    func diagnostic(_ d: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(d.code.rawValue)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message.render(.en))),
            ("fix", .optional(d.fix?.render(.en))),
        ]
        members += location(d.range)
        members.append(("notes", .array(d.notes.map { note in
            .object([("message", .string(note.message.render(.en)))] + location(note.range))
        })))
        return .object(members)
    }

    // MARK: - Parts

    func lawReference(_ reference: LawReference) -> JSONValue {
        let law = model.laws.indices.contains(reference.law) ? model.laws[reference.law] : nil
        let citation = reference.citation
        return .object([
            ("law", .string(law?.alias ?? "")),
            ("sfs", .string(law?.sfs ?? "")),
            ("citation", .string(reference.text)),
            ("chapter", .optional(citation?.chapter)),
            ("paragraph", .optional(citation?.paragraph)),
            ("paragraphEnd", .optional(citation?.paragraphEnd)),
            ("stycke", citation?.stycke.map { .int($0) } ?? .null),
            ("punkt", citation?.punkt.map { .int($0) } ?? .null),
            ("url", .string(reference.url)),
        ])
    }

    func duration(_ d: Duration) -> JSONValue {
        .object([("written", .string(d.description)), ("hours", .int(d.hours))])
    }

    func source(_ range: SourceRange) -> JSONValue {
        .object(location(range))
    }

    func location(_ range: SourceRange?) -> [(String, JSONValue)] {
        guard let range, range.file.index < checked.sources.files.count else {
            return [("file", .null), ("line", .null), ("column", .null)]
        }
        let position = checked.sources[range.file].lineColumn(of: range.start)
        return [("file", .string(filePaths[range.file.index])), ("line", .int(position.line)),
                ("column", .int(position.column))]
    }

    func stepID(_ i: Int) -> String { model.steps.indices.contains(i) ? model.steps[i].id : "" }
    func laneID(_ i: Int) -> String { model.lanes.indices.contains(i) ? model.lanes[i].id : "" }
    func phaseID(_ i: Int) -> String { model.phases.indices.contains(i) ? model.phases[i].id : "" }

    func isHandover(_ from: Int, _ to: Int) -> Bool {
        guard model.steps.indices.contains(from), model.steps.indices.contains(to) else { return false }
        return model.steps[from].lane != model.steps[to].lane
    }
}
