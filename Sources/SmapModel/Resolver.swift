import Foundation
import SmapCore
import SmapSyntax

/// Turns the declarations of all files into a ``Model``: names are resolved,
/// values validated, flows expanded. Reports every problem it finds.
public struct Resolver {
    private let loaded: LoadedSources
    private var model = Model()
    private var diagnostics = DiagnosticBag()
    /// Suggestions are costly on huge broken maps; after this many, stop suggesting.
    private var suggestionBudget = 500

    public static func resolve(_ loaded: LoadedSources) -> (Model, [Diagnostic]) {
        var resolver = Resolver(loaded: loaded)
        resolver.run()
        return (resolver.model, resolver.diagnostics.items)
    }

    private init(loaded: LoadedSources) { self.loaded = loaded }

    private mutating func run() {
        // Info texts need no names: they are parsed on the other cores while
        // the names are declared, one document per step declaration in order.
        var infoTexts: [String?] = []
        for (declaration, _) in loaded.declarations {
            if case .step(let s) = declaration { infoTexts.append(s.info?.value) }
        }
        let texts = infoTexts
        let documents = Pending { texts.concurrentMap { $0.map { InfoDocument(parsing: $0) } } }
        declareNames()
        resolveSteps(documents: documents.value)
        let cleanRules = pendingCleanRules()
        resolveFlows()
        if let rules = cleanRules.value { model.rules = rules } else { resolveRules() }
        resolveViews()
        reportUnusedLaws()
        buildAdjacency()
    }

    // MARK: - Names

    private mutating func declareNames() {
        var firstMap: SourceRange?
        var stepOrdinal = -1
        var stepDecls: [Declaration] = []
        var declaredAt: [String: [String: SourceRange]] = [:] // kind → name → where
        // Room for every step name at once, rather than growing past 100,000 in steps.
        let stepCount = loaded.declarations.reduce(0) { count, d in
            if case .step = d.declaration { return count + 1 }
            return count
        }
        model.stepIndex.reserveCapacity(stepCount)
        stepDecls.reserveCapacity(stepCount)
        func declare(_ kind: String, _ id: Identifier) -> Bool {
            if let first = declaredAt[kind]?[id.name] {
                diagnostics.add(.duplicateIdentifier, [id.name], at: id.range,
                                notes: [Note(Text(.noteFirstDeclared), at: first)], fix: Text(.fixRename))
                return false
            }
            declaredAt[kind, default: [:]][id.name] = id.range
            return true
        }
        for (declaration, file) in loaded.declarations {
            switch declaration {
            case .map(let m):
                if file != loaded.mainFile {
                    diagnostics.add(.mapInIncludedFile, at: m.range, fix: Text(.fixMoveMap))
                } else if let first = firstMap {
                    diagnostics.add(.duplicateMap, at: m.range, notes: [Note(Text(.noteFirstDeclared), at: first)],
                                    fix: Text(.fixRemoveMap))
                } else {
                    firstMap = m.range
                    applyMap(m)
                }
            case .law(let l):
                guard declare("law", l.alias) else { continue }
                model.lawIndex[l.alias.name] = model.laws.count
                model.laws.append(resolveLaw(l))
            case .lane(let l):
                guard declare("lane", l.id) else { continue }
                model.laneIndex[l.id.name] = model.lanes.count
                let color = l.color.flatMap { validColor($0) }
                model.lanes.append(Lane(id: l.id.name, title: l.title?.value ?? l.id.name, color: color, range: l.range))
            case .phase(let p):
                guard declare("phase", p.id) else { continue }
                model.phaseIndex[p.id.name] = model.phases.count
                let color = p.color.flatMap { validColor($0) }
                model.phases.append(Phase(id: p.id.name, title: p.title?.value ?? p.id.name, color: color, range: p.range))
            case .step(let s):
                stepOrdinal += 1
                // The step index is where names are declared (one look-up each, not two).
                if let first = Resolver.firstFill(&model.stepIndex[s.id.name], stepDecls.count) {
                    guard case .step(let firstDeclared) = stepDecls[first] else { continue }
                    diagnostics.add(.duplicateIdentifier, [s.id.name], at: s.id.range,
                                    notes: [Note(Text(.noteFirstDeclared), at: firstDeclared.id.range)], fix: Text(.fixRename))
                    continue
                }
                stepOrdinals.append(stepOrdinal)
                stepDecls.append(declaration)
            case .view(let v):
                guard declare("view", v.id) else { continue }
                model.viewIndex[v.id.name] = model.views.count
                model.views.append(View(id: v.id.name, title: v.title?.value ?? v.id.name, items: [], range: v.range))
            case .flow, .rule, .include:
                break
            }
        }
        if firstMap == nil {
            let at = SourceRange(file: loaded.mainFile, start: 0, end: 0)
            diagnostics.add(.missingMap, at: at, fix: Text(.fixAddMap))
        }
        self.stepDeclarations = stepDecls
    }

    /// The steps' declarations (each a `.step`), kept boxed: copying one out
    /// of its box retains every field, and there are as many as steps.
    private var stepDeclarations: [Declaration] = []

    /// Fills an empty slot with `value` and returns nil; else returns what it holds.
    private static func firstFill<T>(_ slot: inout T?, _ value: T) -> T? {
        if let held = slot { return held }
        slot = value
        return nil
    }
    /// For each of `stepDeclarations`, its place among all step declarations (duplicates included).
    private var stepOrdinals: [Int] = []

    private mutating func applyMap(_ m: MapDeclaration) {
        model.mapRange = m.range
        model.title = m.title?.value ?? ""
        model.version = m.version?.value
        model.owner = m.owner?.value
        model.summary = m.summary?.value
        if let language = m.language {
            if let l = Language(rawValue: language.value) {
                model.language = l
            } else {
                diagnostics.add(.invalidLanguage, [language.value], at: language.range, fix: Text(.fixLanguage))
            }
        }
        for check in m.checks {
            if let c = MapCheck(rawValue: check.name) {
                model.checks.insert(c)
            } else {
                diagnostics.add(.unknownCheck, [check.name], at: check.range, fix: Text(.fixKnownChecks))
            }
        }
    }

    private mutating func validColor(_ literal: StringLiteral) -> String? {
        let v = literal.value
        let hex = v.dropFirst()
        if v.hasPrefix("#"), hex.count == 6, hex.allSatisfy({ $0.isHexDigit && $0.isASCII }) {
            return v.lowercased()
        }
        diagnostics.add(.invalidColor, [v], at: literal.range, fix: Text(.fixColor))
        return nil
    }

    private mutating func resolveLaw(_ l: LawDeclaration) -> Law {
        let sfs = l.sfs?.value ?? ""
        var known: KnownLaw?
        if let literal = l.sfs {
            if SFSNumber.isValid(sfs) {
                known = LawRegister.law(sfs: sfs)
            } else {
                diagnostics.add(.invalidSFS, [sfs], at: literal.range, fix: Text(.fixSFS))
            }
        }
        if let known, let title = l.title, !LawRegister.titleMatches(title.value, known) {
            diagnostics.add(.lawTitleMismatch, [sfs, known.title, title.value], at: title.range,
                            fix: Text(.fixLawTitle, known.title))
        }
        if let url = l.url, !SafeURL.isSafe(url.value) {
            diagnostics.add(.unsafeURL, [url.value], at: url.range, fix: Text(.fixURL))
        }
        return Law(alias: l.alias.name, sfs: sfs, title: l.title?.value ?? "",
                   url: l.url.flatMap { SafeURL.isSafe($0.value) ? $0.value : nil }, known: known, range: l.range)
    }

    // MARK: - Lookups with "did you mean"

    private mutating func suggestion(_ name: String, _ candidates: Dictionary<String, Int>.Keys,
                                     kind: String) -> String? {
        guard suggestionBudget > 0 else { return nil }
        suggestionBudget -= 1
        return closestName(name, kind: kind, candidates)
    }

    /// An index of the names of each kind, made on its first look-up (every
    /// name is declared by then), and a budget of name comparisons: a map of
    /// 100,000 steps with hundreds of misspelt names took over a minute to
    /// suggest for; past the budget, the fixes say what to declare instead.
    private var suggestionIndexes: [String: SuggestionIndex] = [:]
    private var suggestionWork = 500_000

    private mutating func closestName<S: Sequence>(_ name: String, kind: String, _ candidates: S) -> String?
        where S.Element == String {
        if suggestionIndexes[kind] == nil { suggestionIndexes[kind] = SuggestionIndex(candidates) }
        let index = suggestionIndexes[kind]!
        guard index.work(for: name) <= suggestionWork else { return nil }
        var spent = 0
        let closest = index.closest(to: name, work: &spent)
        suggestionWork -= spent
        return closest
    }

    private mutating func lookupStep(_ id: Identifier) -> Int? {
        if let i = model.stepIndex[id.name] { return i }
        let close = suggestion(id.name, model.stepIndex.keys, kind: "step")
        diagnostics.add(.unknownStep, [id.name], at: id.range, fix: close.map { Text(.fixDidYouMean, $0) } ?? Text(.fixDeclareStep, id.name),
                        edits: close.map { [TextEdit(id.range, $0)] } ?? [])
        return nil
    }

    private mutating func lookupLane(_ id: Identifier) -> Int? {
        if let i = model.laneIndex[id.name] { return i }
        let close = suggestion(id.name, model.laneIndex.keys, kind: "lane")
        diagnostics.add(.unknownLane, [id.name], at: id.range, fix: close.map { Text(.fixDidYouMean, $0) } ?? Text(.fixDeclareLane, id.name),
                        edits: close.map { [TextEdit(id.range, $0)] } ?? [])
        return nil
    }

    private mutating func lookupPhase(_ id: Identifier) -> Int? {
        if let i = model.phaseIndex[id.name] { return i }
        let close = suggestion(id.name, model.phaseIndex.keys, kind: "phase")
        diagnostics.add(.unknownPhase, [id.name], at: id.range, fix: close.map { Text(.fixDidYouMean, $0) } ?? Text(.fixDeclarePhase, id.name),
                        edits: close.map { [TextEdit(id.range, $0)] } ?? [])
        return nil
    }

    private var lawUses: [Int: SourceRange] = [:]

    var cache = ReferenceCache()

    private mutating func lookupLaw(_ alias: Identifier) -> Int? {
        if let i = model.lawIndex[alias.name] { return i }
        let close = suggestion(alias.name, model.lawIndex.keys, kind: "law")
        diagnostics.add(.unknownLaw, [alias.name], at: alias.range,
                        fix: close.map { Text(.fixDidYouMean, $0) } ?? Text(.fixDeclareLaw, alias.name),
                        edits: close.map { [TextEdit(alias.range, $0)] } ?? [])
        return nil
    }

    // MARK: - Steps

    /// `documents`: the info text of every step declaration, parsed.
    ///
    /// Steps refer to lanes, phases and laws, not to each other, so they are
    /// resolved on every core at once with a ``CleanStepScope``; a step it
    /// found a problem in is resolved again here, reporting, in step order.
    private mutating func resolveSteps(documents: [InfoDocument?]) {
        let declarations = stepDeclarations, ordinals = stepOrdinals
        let (steps, scopes) = concurrentIndexMap(count: declarations.count, state: { [model] in CleanStepScope(model: model) }) {
            index, scope in
            scope.hasProblem = false
            let step = scope.resolveStep(declarations[index], document: documents[ordinals[index]])
            if scope.hasProblem { scope.stepsWithProblems.append(index) }
            return step
        }
        model.steps = steps
        var problems = scopes.lazy.flatMap(\.stepsWithProblems).makeIterator()
        var nextProblem = problems.next()
        for index in stepDeclarations.indices {
            if index == nextProblem {
                model.steps[index] = resolveStep(stepDeclarations[index], document: documents[stepOrdinals[index]])
                nextProblem = problems.next()
            } else {
                for reference in model.steps[index].laws { noteLawUse(reference.law, at: reference.range) }
            }
        }
    }

    /// The range of `needle` inside a string literal's source, or the literal's start.
    package func range(of needle: String, in literal: StringLiteral) -> SourceRange {
        let file = loaded.sources[literal.range.file]
        let haystack = file.bytes[literal.range.start..<min(literal.range.end, file.bytes.count)]
        let pattern = Array(needle.utf8)
        if !pattern.isEmpty, haystack.count >= pattern.count {
            var i = haystack.startIndex
            while i + pattern.count <= haystack.endIndex {
                if haystack[i] == pattern[0], Array(haystack[i..<i + pattern.count]) == pattern {
                    return SourceRange(file: literal.range.file, start: i, end: i + pattern.count)
                }
                i += 1
            }
        }
        return SourceRange(file: literal.range.file, start: literal.range.start, end: literal.range.start + 1)
    }

    // MARK: - Flows

    private mutating func resolveFlows() {
        var firstFlow: [Int64: SourceRange] = [:]
        // About one flow per declaration: room at once instead of growing past 100,000.
        firstFlow.reserveCapacity(loaded.declarations.count)
        model.flows.reserveCapacity(loaded.declarations.count)
        func key(_ a: Int, _ b: Int) -> Int64 { Int64(a) << 32 | Int64(b) }

        func addFlow(_ resolver: inout Resolver, from: Int, to: Int, label: String?, isBranch: Bool,
                     attributes: FlowAttributes?, range: SourceRange) {
            // One look-up: the slot is filled when empty, else holds the first flow's range.
            if let first = Resolver.firstFill(&firstFlow[key(from, to)], range) {
                resolver.diagnostics.add(.duplicateFlow, [resolver.model.steps[from].id, resolver.model.steps[to].id],
                                         at: range, notes: [Note(Text(.noteFirstGiven), at: first)],
                                         fix: Text(.fixDuplicateFlow))
            }
            let laws = attributes?.laws.compactMap { resolver.lawReference($0) } ?? []
            resolver.model.flows.append(Flow(
                from: from, to: to, label: label, isBranch: isBranch,
                isLoop: attributes?.loop != nil, isException: attributes?.exception != nil,
                consent: attributes?.consent != nil, laws: laws, range: range, loopRange: attributes?.loop?.range))
        }

        let (branchTargets, chainSteps) = lookUpFlowNames()
        var nextBranch = 0, nextChainName = 0

        // Branches, in step order (a step without any, not a decision, has nothing to do here).
        for index in stepDeclarations.indices {
            guard case .step(let s) = stepDeclarations[index], !s.branches.isEmpty || s.kind == .decision else { continue }
            // The label given before, if any: a short search for the usual few
            // branches, a dictionary for a decision with very many.
            var labels: [String: SourceRange] = [:]
            for (b, branch) in s.branches.enumerated() {
                let first: SourceRange?
                if s.branches.count <= 8 {
                    first = s.branches[..<b].last { $0.label.value == branch.label.value }?.label.range
                } else {
                    first = labels[branch.label.value]
                    labels[branch.label.value] = branch.label.range
                }
                if let first {
                    diagnostics.add(.duplicateBranchLabel, [s.id.name, branch.label.value], at: branch.label.range,
                                    notes: [Note(Text(.noteFirstGiven), at: first)], fix: Text(.fixBranchLabels))
                }
                let found = Int(branchTargets[nextBranch])
                nextBranch += 1
                guard let target = found >= 0 ? found : lookupStep(branch.target) else { continue }
                addFlow(&self, from: index, to: target, label: branch.label.value, isBranch: s.kind == .decision,
                        attributes: branch.attributes, range: branch.range)
            }
            if s.kind == .decision, s.branches.count < 2, !s.incomplete {
                diagnostics.add(.decisionTooFewBranches, [s.id.name, "\(s.branches.count)"], at: s.id.range,
                                fix: Text(.fixAddBranches))
            }
        }
        // Flow statements.
        var lookups: [Int] = []
        for (declaration, _) in loaded.declarations {
            guard case .flow(let f) = declaration else { continue }
            // Every name looked up first, in order (an unknown one is reported once),
            // into one array kept from flow to flow: the chain's steps, group after group.
            lookups.removeAll(keepingCapacity: true)
            for group in f.chain {
                for id in group {
                    let found = Int(chainSteps[nextChainName])
                    nextChainName += 1
                    lookups.append(found >= 0 ? found : lookupStep(id) ?? -1)
                }
            }
            var groupStart = 0
            for g in 0..<(f.chain.count - 1) {
                let isLast = g == f.chain.count - 2
                let nextStart = groupStart + f.chain[g].count
                for (k, sourceID) in f.chain[g].enumerated() {
                    let source = lookups[groupStart + k]
                    guard source >= 0 else { continue }
                    if model.steps[source].kind == .decision {
                        diagnostics.add(.flowFromDecision, [sourceID.name], at: sourceID.range,
                                        fix: Text(.fixFlowAsBranch, f.chain[g + 1].first?.name ?? "…"))
                        continue
                    }
                    for (m, targetID) in f.chain[g + 1].enumerated() {
                        let target = lookups[nextStart + m]
                        guard target >= 0 else { continue }
                        addFlow(&self, from: source, to: target, label: isLast ? f.label?.value : nil, isBranch: false,
                                attributes: isLast ? f.attributes : nil, range: sourceID.range.union(targetID.range))
                    }
                }
                groupStart = nextStart
            }
        }
    }

    /// Every step name the flows use, looked up on every core at once: the
    /// branch targets of each step, in step order, and every name of every
    /// flow statement's chain, in order; -1 for a name not declared (which
    /// the resolver then looks up itself, to report it with a suggestion).
    private func lookUpFlowNames() -> (branchTargets: [Int32], chainSteps: [Int32]) {
        let stepIndex = model.stepIndex, steps = stepDeclarations, declarations = loaded.declarations
        let branchTargets = concurrentIndexMap(count: steps.count, state: { [Int32]() }) { i, found in
            guard case .step(let s) = steps[i] else { return }
            for branch in s.branches { found.append(Int32(stepIndex[branch.target.name] ?? -1)) }
        }.states
        let chainSteps = concurrentIndexMap(count: declarations.count, state: { [Int32]() }) { i, found in
            guard case .flow(let f) = declarations[i].declaration else { return }
            for group in f.chain { for id in group { found.append(Int32(stepIndex[id.name] ?? -1)) } }
        }.states
        return (Array(branchTargets.joined()), Array(chainSteps.joined()))
    }

    // MARK: - Rules and views

    private mutating func resolveRules() {
        for (declaration, _) in loaded.declarations {
            guard case .rule(let r) = declaration else { continue }
            model.rules += resolveRule(r)
        }
    }

    /// The rules, when every rule resolves without a problem (nil else):
    /// resolved on another core while the flows are joined, then they are
    /// used as they are; else the resolver resolves them itself, reporting.
    private func pendingCleanRules() -> Pending<[Rule]?> {
        let declarations = loaded.declarations, scope = CleanStepScope(model: model)
        return Pending {
            var scope = scope
            var rules: [Rule] = []
            for (declaration, _) in declarations {
                guard case .rule(let r) = declaration else { continue }
                rules += scope.resolveRule(r)
                if scope.hasProblem { return nil }
            }
            return rules
        }
    }

    private mutating func resolveViews() {
        let allTags = Set(model.steps.flatMap(\.tags))
        for (declaration, _) in loaded.declarations {
            guard case .view(let v) = declaration, let index = model.viewIndex[v.id.name],
                  model.views[index].range == v.range else { continue }
            var items: [ViewItem] = []
            for item in v.items {
                var names: [String] = []
                for name in item.names {
                    switch item.selector {
                    case .lane: if lookupLane(name) != nil { names.append(name.name) }
                    case .step: if lookupStep(name) != nil { names.append(name.name) }
                    case .tag:
                        if !allTags.contains(name.name) {
                            let fix = suggestionBudget > 0 ? closestName(name.name, kind: "tag", allTags) : nil
                            diagnostics.add(.unknownTag, [name.name], at: name.range,
                                            fix: fix.map { Text(.fixDidYouMean, $0) } ?? Text(.fixViewSelection),
                                            edits: fix.map { [TextEdit(name.range, $0)] } ?? [])
                        }
                        names.append(name.name)
                    }
                }
                items.append(ViewItem(include: item.include, selector: item.selector, names: names))
            }
            model.views[index].items = items
        }
    }

    private mutating func reportUnusedLaws() {
        for (index, law) in model.laws.enumerated() {
            guard let firstUse = lawUses[index] else {
                diagnostics.add(.unusedLaw, [law.alias], at: law.range, fix: Text(.fixUnusedLaw, law.alias))
                continue
            }
            if let known = law.known, let repealed = known.repealed {
                let fix = known.replacedBy.map { sfs in
                    Text(.fixRepealed, LawRegister.law(sfs: sfs).map { LawRegister.definiteTitle($0.title) + " (\(sfs))" } ?? "SFS \(sfs)")
                } ?? Text(.fixRepealedNoSuccessor)
                let named = LawRegister.definiteTitle(law.title)
                diagnostics.add(.repealedLaw, [named.prefix(1).uppercased() + named.dropFirst(), law.sfs, Text.date(repealed)],
                                at: law.range,
                                notes: [Note(Text(.noteCitedHere), at: firstUse)], fix: fix)
            }
        }
    }

    private mutating func buildAdjacency() {
        // Out and in on a core each.
        let flows = model.flows, count = model.steps.count
        let lists = inParallel([true, false].map { outgoing in
            { () -> [[Int]] in
                var lists = [[Int]](repeating: [], count: count)
                for i in flows.indices { lists[outgoing ? flows[i].from : flows[i].to].append(i) }
                return lists
            }
        })
        model.outgoing = lists[0]
        model.incoming = lists[1]
    }
}

extension Resolver: StepScope {
    package var laws: [Law] { model.laws }
    package mutating func step(_ id: Identifier) -> Int? { lookupStep(id) }
    package mutating func lane(_ id: Identifier) -> Int? { lookupLane(id) }
    package mutating func phase(_ id: Identifier) -> Int? { lookupPhase(id) }
    package mutating func law(_ alias: Identifier) -> Int? { lookupLaw(alias) }

    mutating func noteLawUse(_ law: Int, at range: SourceRange) {
        if lawUses[law] == nil { lawUses[law] = range }
    }

    package mutating func report(_ code: DiagnosticCode, _ arguments: [String], at range: SourceRange, fix: Text) {
        diagnostics.add(code, arguments, at: range, fix: fix)
    }
}
