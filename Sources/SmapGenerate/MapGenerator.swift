import SmapCore

/// Writes synthetic but realistic `.smap` maps of any size, for benchmarks,
/// scaling tests and layout tests. The same `steps` and `seed` always give the
/// same bytes. Every map it writes compiles clean: no errors, no warnings.
///
/// A generated map is a process that runs from one start step through a long
/// series of *segments* to a final end step, across six parties (lanes) and six
/// phases. The segments are what real process maps are made of:
///
/// - a chain of timed steps that hands over to another party midway,
/// - a decision whose branches join again (one branch may be an exception),
/// - parallel work: a fan-out to several parties and a fan-in,
/// - a rework loop: a decision sends the work back (`loop`),
/// - a decision that can end the process early,
/// - a step shared by several parties (`in … with …`).
///
/// Each segment states rules that hold (`before`, `parallel`, `within`); steps
/// carry info texts in the Markdown subset, law references, links, tags and
/// numbers; every handover states its basis (the map turns on
/// `checks { handover_basis }`), and two views select from the map.
public struct MapGenerator {
    /// The map's text: exactly `steps` steps (at least 2).
    public static func generate(steps: Int, seed: UInt64 = 1) -> String {
        var generator = MapGenerator(steps: max(2, steps), seed: seed)
        return generator.run()
    }

    // MARK: - Fixed vocabulary

    private static let lanes: [(id: String, title: String, color: String)] = [
        ("soc", "Socialtjänsten – ekonomiskt bistånd", "#b71c1c"),
        ("jobbtorg", "Jobbtorg Stockholm", "#1b5e20"),
        ("af", "Arbetsförmedlingen", "#0d47a1"),
        ("fk", "Försäkringskassan", "#004d40"),
        ("vard", "Hälso- och sjukvården", "#4a148c"),
        ("finsam", "FINSAM-team", "#5d4037"),
    ]

    /// Lanes whose steps carry written numbers; the others are numbered by smap.
    private static let numberedLanes: Set<Int> = [0, 1]

    private static let phases: [(id: String, title: String, color: String)] = [
        ("aktualisering", "Aktualisering", "#e3f2fd"),
        ("utredning", "Utredning och kartläggning", "#fff3e0"),
        ("planering", "Planering", "#f1f8e9"),
        ("insats", "Insatser", "#ede7f6"),
        ("samordning", "Samordning och uppföljning", "#e0f2f1"),
        ("avslut", "Avslut", "#eceff1"),
    ]

    /// Alias, SFS number, title (as the register knows it), citations.
    private static let laws: [(alias: String, sfs: String, title: String, citations: [String])] = [
        ("SoL", "2025:400", "Socialtjänstlag", ["4 kap. 1 §", "2 kap. 7 §", "11 kap. 1 a §", "4 kap. 1–3 §§"]),
        ("SFB", "2010:110", "Socialförsäkringsbalk", ["30 kap. 10 §", "27 kap. 2 §", "110 kap. 14 § 2 st."]),
        ("HSL", "2017:30", "Hälso- och sjukvårdslag", ["16 kap. 4 §", "5 kap. 1 § 3 p."]),
        ("OSL", "2009:400", "Offentlighets- och sekretesslag", ["10 kap. 1 §", "12 kap. 2 §", "25 kap."]),
        ("Finsam", "2003:1210", "Lag om finansiell samordning av rehabiliteringsinsatser", ["5 §", "7 §"]),
        ("FL", "2017:900", "Förvaltningslag", ["8 §", "9 § 1 st."]),
        ("KoordL", "2019:1297", "Lag om koordineringsinsatser för sjukskrivna patienter", ["3 §", "2 §"]),
    ]

    /// Index of OSL in `laws`: the basis of handovers that cite a provision.
    private static let osl = 3

    private static let activities: [(slug: String, title: String)] = [
        ("mottagning", "Mottagning"), ("kartlaggning", "Kartläggning"), ("bedomning", "Bedömning av läkarintyget"),
        ("forandringsplan", "Förändringsplan"), ("uppfoljning", "Uppföljning"), ("avstamning", "Avstämningsmöte"),
        ("jobbplan", "Jobbplan"), ("insats", "Arbetsförberedande insats"), ("rehabforfragan", "Rehabiliteringsförfrågan"),
        ("inskrivning", "Inskrivning"), ("arbetsformaga", "Utredning av arbetsförmåga"), ("sip", "Samordnad individuell plan"),
        ("vardkontakt", "Kontakt med vårdcentralen"), ("planering", "Planering av insatser"), ("praktik", "Praktik"),
        ("vagledning", "Vägledning"), ("studier", "Studieplanering"), ("behandling", "Behandling"),
        ("samtycke", "Samtycke till samverkan"), ("overlamning", "Överlämning"),
    ]

    private static let questions: [String] = [
        "Finns läkarintyg?", "Behövs samordnade insatser?", "Är planen klar?", "Står individen nära arbetsmarknaden?",
        "Behövs en rehabiliteringsförfrågan?", "Är arbetsförmågan utredd?", "Vill individen delta?",
    ]

    private static let sentences: [String] = [
        "Handläggaren går igenom individens situation tillsammans med individen.",
        "Individen ska få veta vad som händer härnäst och vem som är kontaktperson.",
        "Uppgifter om individen omfattas av sekretess och lämnas bara ut med samtycke.",
        "Planen beskriver mål, aktiviteter och vem som gör vad.",
        "Tidigare bedömningar används så att individen inte behöver berätta allt igen.",
        "Parterna stämmer av hur arbetet går och vad som behöver ändras.",
        "Läkarintyget visar vilka aktiviteter individen klarar och vilka som begränsas.",
        "Kontakten dokumenteras i akten enligt verksamhetens rutin.",
    ]

    private static let listItems: [String] = [
        "tidigare arbete, utbildning och språk",
        "hälsa, pågående behandling och kontakter med vården",
        "kontakter med Försäkringskassan och Arbetsförmedlingen",
        "individens egna mål och vad hen själv tror sig klara",
        "behov av tolk eller andra anpassningar",
    ]

    private static let linkTargets: [(title: String, url: String)] = [
        ("Samordningsförbundet Stockholms stad", "https://samordningstockholm.se/"),
        ("Försäkringskassan om samordning", "https://www.forsakringskassan.se/privatperson/sjuk"),
        ("Arbetsförmedlingen", "https://arbetsformedlingen.se/"),
        ("Blankett för rehabiliteringsförfrågan", "https://example.org/blanketter/rehabiliteringsforfragan.pdf"),
        ("Vårdguiden 1177", "https://www.1177.se/"),
    ]

    // MARK: - State

    private struct Branch {
        var label: String
        var target: Int
        var exception = false
        var loop = false
        /// `consent` and/or `law OSL …` where the branch hands over to another party.
        var basis: String?
    }

    private struct GeneratedStep {
        var id: String
        var title: String
        var kind: StepKind
        var lane: Int
        var participants: [Int] = []
        var within: Int? // days
        var isStart = false
        var isEnd = false
        var branches: [Branch] = []
        var phase: Int = 0
    }

    private let stepCount: Int
    private var random: SplitMix64
    private var steps: [GeneratedStep] = []
    /// Flow statements, each written after the steps it connects.
    private var blocks: [(steps: Range<Int>, flows: [String])] = []
    private var flows: [String] = []
    private var rules: [String] = []
    private var segmentEntries: [Int] = []
    private var segmentExits: [Int] = []
    /// Aliases of the laws the map cites (only those are declared).
    private var citedLaws = Set<String>()

    private init(steps: Int, seed: UInt64) {
        self.stepCount = steps
        self.random = SplitMix64(seed: seed)
    }

    // MARK: - Building the graph

    private mutating func newStep(_ lane: Int, kind: StepKind = .step, within: Int? = nil) -> Int {
        let index = steps.count
        let id: String
        let title: String
        if kind == .decision {
            id = "beslut_\(index)"
            title = MapGenerator.questions[random.next(MapGenerator.questions.count)]
        } else {
            let activity = MapGenerator.activities[random.next(MapGenerator.activities.count)]
            id = "\(activity.slug)_\(index)"
            title = "\(activity.title) \(index)"
        }
        let phase = min(MapGenerator.phases.count - 1, index * MapGenerator.phases.count / stepCount)
        steps.append(GeneratedStep(id: id, title: title, kind: kind, lane: lane, within: within, phase: phase))
        return index
    }

    /// The basis a handover states, varied: consent, a provision of OSL, or both.
    private mutating func handoverBasis() -> String {
        let choice = random.next(3)
        if choice > 0 { citedLaws.insert(MapGenerator.laws[MapGenerator.osl].alias) }
        switch choice {
        case 0: return "consent"
        case 1: return "law OSL \"\(MapGenerator.laws[MapGenerator.osl].citations[0])\""
        default: return "consent law OSL \"\(MapGenerator.laws[MapGenerator.osl].citations[1])\""
        }
    }

    private func isHandover(_ a: Int, _ b: Int) -> Bool { steps[a].lane != steps[b].lane }

    /// `a -> b`, with the handover basis where it crosses parties.
    private mutating func flow(_ a: Int, _ b: Int, label: String? = nil, exception: Bool = false) {
        var line = "\(steps[a].id) -> \(steps[b].id)"
        if let label { line += " : \"\(label)\"" }
        var attributes: [String] = []
        if exception { attributes.append("exception") }
        if isHandover(a, b) { attributes.append(handoverBasis()) }
        if !attributes.isEmpty { line += " { \(attributes.joined(separator: " ")) }" }
        flows.append(line)
    }

    private mutating func branch(_ decision: Int, _ label: String, _ target: Int, exception: Bool = false,
                                 loop: Bool = false) {
        let basis = isHandover(decision, target) ? handoverBasis() : nil
        steps[decision].branches.append(Branch(label: label, target: target, exception: exception, loop: loop,
                                               basis: basis))
    }

    private mutating func days() -> Int { 1 + random.next(10) }

    private mutating func otherLane(than lane: Int) -> Int {
        (lane + 1 + random.next(MapGenerator.lanes.count - 1)) % MapGenerator.lanes.count
    }

    private mutating func run() -> String {
        let start = newStep(0)
        steps[start].isStart = true
        var exit = start
        var segment = 0
        var blockStart = 0
        // Keep one step for the final end.
        while steps.count < stepCount - 1 {
            let remaining = stepCount - 1 - steps.count
            let home = (segment + 1) % MapGenerator.lanes.count
            let kind = segment % 37 == 36 ? 6 : random.next(6)
            let entryCount = steps.count
            switch (kind, remaining) {
            case (0, 3...), (_, 1...3): exit = chain(after: exit, home: home, length: min(remaining, 3 + random.next(4)))
            case (1, 4...): exit = diamond(after: exit, home: home)
            case (2, 6...): exit = fanOut(after: exit, home: home, width: 2 + random.next(3))
            case (3, 4...): exit = rework(after: exit, home: home)
            case (4, 3...): exit = earlyEnd(after: exit, home: home)
            case (5, 3...): exit = shared(after: exit, home: home)
            case (6, 16...): exit = fanOut(after: exit, home: home, width: 12)
            default: exit = chain(after: exit, home: home, length: min(remaining, 3))
            }
            segmentEntries.append(entryCount)
            segmentExits.append(exit)
            // A long-range rule every tenth segment: an earlier segment's entry
            // comes before this segment's exit (each entry dominates what follows).
            if segment % 10 == 9 {
                let earlier = segmentEntries[segmentEntries.count - 6]
                rules.append("rule \"\(steps[earlier].title) före \(steps[exit].title)\" {\n  \(steps[earlier].id) before \(steps[exit].id)\n}")
            }
            segment += 1
            if segment % 4 == 0 {
                blocks.append((blockStart..<steps.count, flows))
                flows = []
                blockStart = steps.count
            }
        }
        let end = newStep(0)
        steps[end].isEnd = true
        flow(exit, end)
        blocks.append((blockStart..<steps.count, flows))
        flows = []
        return write()
    }

    /// `length` timed steps; the second half is done by another party.
    private mutating func chain(after previous: Int, home: Int, length: Int) -> Int {
        let other = otherLane(than: home)
        var members: [Int] = []
        for k in 0..<length {
            members.append(newStep(k < (length + 1) / 2 ? home : other, within: days()))
        }
        flow(previous, members[0])
        // Consecutive steps of one party as one chain statement, handovers on their own.
        var run = [members[0]]
        for k in 1..<members.count {
            if isHandover(members[k - 1], members[k]) {
                if run.count > 1 { flows.append(run.map { steps[$0].id }.joined(separator: " -> ")) }
                flow(members[k - 1], members[k])
                run = [members[k]]
            } else {
                run.append(members[k])
            }
        }
        if run.count > 1 { flows.append(run.map { steps[$0].id }.joined(separator: " -> ")) }
        if members.count >= 3 {
            let first = members[0], last = members[members.count - 1]
            let total = members.dropFirst().reduce(0) { $0 + (steps[$1].within ?? 0) } + random.next(3)
            rules.append("rule \(steps[last].id) within \(total)d after \(steps[first].id)")
            rules.append("rule \(steps[first].id) before \(steps[last].id)")
        }
        return members[members.count - 1]
    }

    /// A decision whose two branches meet again; "Nej" may be an exception.
    private mutating func diamond(after previous: Int, home: Int) -> Int {
        let decision = newStep(home, kind: .decision)
        let yes = newStep(home, within: days())
        let no = newStep(random.next(2) == 0 ? home : otherLane(than: home), within: days())
        let join = newStep(home, within: days())
        flow(previous, decision)
        branch(decision, "Ja", yes)
        branch(decision, "Nej", no, exception: random.next(3) == 0)
        flow(yes, join)
        flow(no, join)
        let longest = max(steps[yes].within!, steps[no].within!) + steps[join].within!
        rules.append("rule \"Beslutet fattas innan arbetet går vidare\" {\n  \(steps[decision].id) before \(steps[join].id)\n  \(steps[join].id) within \(longest)d after \(steps[decision].id)\n}")
        return join
    }

    /// Parallel work: one step leads to `width` steps (partly other parties) that join again.
    private mutating func fanOut(after previous: Int, home: Int, width: Int) -> Int {
        let split = newStep(home)
        var parallel: [Int] = []
        let sameParty = random.next(2) == 0
        for _ in 0..<width { parallel.append(newStep(sameParty ? home : otherLane(than: home))) }
        let join = newStep(home)
        flow(previous, split)
        let ids = parallel.map { steps[$0].id }.joined(separator: ", ")
        if sameParty {
            flows.append("\(steps[split].id) -> [\(ids)] -> \(steps[join].id)")
        } else {
            // Handovers state their basis flow by flow.
            for p in parallel { flow(split, p) }
            for p in parallel { flow(p, join) }
        }
        rules.append("rule \(steps[parallel[0]].id) parallel \(steps[parallel[1]].id)")
        rules.append("rule \(steps[join].id) after \(steps[split].id)")
        return join
    }

    /// Work that may be sent back: a decision loops to an earlier step.
    private mutating func rework(after previous: Int, home: Int) -> Int {
        let work = newStep(home)
        let review = newStep(home)
        let decision = newStep(home, kind: .decision)
        let next = newStep(otherLane(than: home))
        flow(previous, work)
        flows.append("\(steps[work].id) -> \(steps[review].id) -> \(steps[decision].id)")
        branch(decision, "Nej, gör om", work, loop: true)
        branch(decision, "Ja", next)
        rules.append("rule \(steps[work].id) before \(steps[next].id)")
        return next
    }

    /// A decision that can end the process early.
    private mutating func earlyEnd(after previous: Int, home: Int) -> Int {
        let decision = newStep(home, kind: .decision)
        let done = newStep(home)
        steps[done].isEnd = true
        let next = newStep(home)
        flow(previous, decision)
        branch(decision, "Egen försörjning", done)
        branch(decision, "Fortsatt stöd", next)
        rules.append("rule \(steps[done].id) parallel \(steps[next].id)")
        return next
    }

    /// A step done together with other parties.
    private mutating func shared(after previous: Int, home: Int) -> Int {
        let meeting = newStep(home)
        let first = otherLane(than: home)
        var participants = [first]
        let second = otherLane(than: home)
        if second != first { participants.append(second) }
        steps[meeting].participants = participants
        let after = newStep(home)
        flow(previous, meeting)
        flow(meeting, after)
        return after
    }

    // MARK: - Writing

    private mutating func write() -> String {
        var usedLanes = Set<Int>()
        for s in steps { usedLanes.insert(s.lane); usedLanes.formUnion(s.participants) }

        // Steps, flows, rules and views first: the header declares only the laws they cite.
        var body = ""
        body.reserveCapacity(stepCount * 420 + 4096)
        var actualised = Set<Int>()
        var nextNumber = [Int](repeating: 1, count: MapGenerator.lanes.count)
        for block in blocks {
            for index in block.steps {
                writeStep(index, to: &body, actualised: &actualised, nextNumber: &nextNumber)
            }
            for line in block.flows { body += line + "\n" }
            body += "\n"
        }
        for rule in rules { body += rule + "\n" }
        body += """

        view latt "Lättvariant – de vanligaste stegen" {
          include tag vanlig
        }

        view soc_karta "Socialtjänstens process" {
          include lane soc
          exclude tag sallan
        }

        """

        var out = """
        # Generated by smap's MapGenerator (\(stepCount) steps): a synthetic map for
        # benchmarks and tests. It compiles clean.

        map "Genererad processkarta (\(stepCount) steg)" {
          version "1"
          owner "Samordningsförbundet (genererad)"
          summary \"\"\"
            En genererad karta med samma byggstenar som en riktig processkarta:
            parter, faser, beslut, parallellt arbete, regler och vyer.
            \"\"\"
          checks { handover_basis }
        }

        """
        out.reserveCapacity(body.utf8.count + 4096)
        for law in MapGenerator.laws where citedLaws.contains(law.alias) {
            out += "law \(law.alias) \"\(law.sfs)\" \"\(law.title)\"\n"
        }
        out += "\n"
        for (index, lane) in MapGenerator.lanes.enumerated() where usedLanes.contains(index) {
            out += "lane \(lane.id) \"\(lane.title)\" { color \"\(lane.color)\" }\n"
        }
        out += "\n"
        for phase in MapGenerator.phases {
            out += "phase \(phase.id) \"\(phase.title)\" { color \"\(phase.color)\" }\n"
        }
        out += "\n"
        out += body
        return out
    }

    private mutating func writeStep(_ index: Int, to out: inout String, actualised: inout Set<Int>,
                                    nextNumber: inout [Int]) {
        let step = steps[index]
        let lanes = MapGenerator.lanes
        out += step.kind == .decision ? "decision " : "step "
        out += "\(step.id) \"\(step.title)\" in \(lanes[step.lane].id)"
        if !step.participants.isEmpty {
            out += " with " + step.participants.map { lanes[$0].id }.joined(separator: ", ")
        }
        out += " {\n"
        if MapGenerator.numberedLanes.contains(step.lane) {
            out += "  number \(nextNumber[step.lane])\n"
            nextNumber[step.lane] += 1
        }
        if step.isStart { out += "  start\n" }
        if step.isEnd { out += "  end\n" }
        // Every party needs an actualisation point: the first step it takes part in
        // is one; now and then a step is one for two parties.
        var parties = ([step.lane] + step.participants).filter { actualised.insert($0).inserted }
        if parties.isEmpty, random.next(25) == 0 {
            let other = otherLane(than: step.lane)
            if actualised.contains(other) { parties = [step.lane, other] } // a party the map declares
        }
        if parties == [step.lane] {
            out += "  actualise \"\(lanes[step.lane].title) kan aktualisera individen för samverkan här.\"\n"
        } else if !parties.isEmpty {
            actualised.formUnion(parties)
            out += "  actualise by " + parties.map { lanes[$0].id }.joined(separator: ", ") + "\n"
        }
        if let within = step.within { out += "  within \(within % 7 == 0 ? "\(within / 7)w" : "\(within)d")\n" }
        var tags: [String] = []
        if index == 0 || random.next(2) == 0 { tags.append("vanlig") } else if random.next(4) == 0 { tags.append("sallan") }
        if index == steps.count - 1, !tags.contains("sallan") { tags.append("sallan") } // the view excludes it
        if step.lane == 3 { tags.append("fk_del") }
        if !tags.isEmpty { out += "  tags \(tags.joined(separator: ", "))\n" }
        out += "  phase \(MapGenerator.phases[step.phase].id)\n"
        if index < MapGenerator.laws.count {
            // The first steps cite every law once.
            let law = MapGenerator.laws[index]
            citedLaws.insert(law.alias)
            out += "  law \(law.alias) \"\(law.citations[0])\"\n"
        } else if random.next(3) == 0 {
            let law = MapGenerator.laws[random.next(MapGenerator.laws.count)]
            citedLaws.insert(law.alias)
            out += "  law \(law.alias) \"\(law.citations[random.next(law.citations.count)])\"\n"
        }
        if random.next(7) == 0 {
            let link = MapGenerator.linkTargets[random.next(MapGenerator.linkTargets.count)]
            out += "  link \"\(link.title)\" \"\(link.url)\"\n"
        }
        writeInfo(for: step, to: &out)
        for b in step.branches {
            out += "  \"\(b.label)\" -> \(steps[b.target].id)"
            var attributes: [String] = []
            if b.loop { attributes.append("loop") }
            if b.exception { attributes.append("exception") }
            if let basis = b.basis { attributes.append(basis) }
            if !attributes.isEmpty { out += " { \(attributes.joined(separator: " ")) }" }
            out += "\n"
        }
        out += "}\n"
    }

    /// One line for most steps; Markdown with a list, emphasis and a link for some.
    private mutating func writeInfo(for step: GeneratedStep, to out: inout String) {
        let s = MapGenerator.sentences
        if random.next(4) != 0 {
            out += "  info \"\(s[random.next(s.count)])\"\n"
            return
        }
        let items = MapGenerator.listItems
        let link = MapGenerator.linkTargets[random.next(MapGenerator.linkTargets.count)]
        out += "  info \"\"\"\n"
        out += "    \(s[random.next(s.count)]) Steget heter **\(step.title)**.\n"
        out += "    \(s[random.next(s.count)])\n\n"
        if random.next(2) == 0 {
            let first = random.next(items.count)
            for k in 0..<(2 + random.next(3)) { out += "    - \(items[(first + k) % items.count]),\n" }
        } else {
            for k in 0..<(2 + random.next(2)) { out += "    \(k + 1). \(items[k % items.count])\n" }
        }
        out += "\n    *Läs mer:* [\(link.title)](\(link.url))\n"
        out += "    \"\"\"\n"
    }
}

