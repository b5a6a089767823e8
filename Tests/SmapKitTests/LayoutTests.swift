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

/// Properties every swimlane layout must have, checked on the real map, the
/// examples (each view too) and generated maps.
@Suite struct LayoutTests {
    static let root = ExternalTool.packageRoot

    static func compile(_ relative: String) throws -> Compilation {
        let compilation = try Compiler.compile(path: root.appendingPathComponent(relative).path)
        #expect(!compilation.hasErrors, "\(relative) has errors")
        return compilation
    }

    static let mapFiles = [
        "maps/stockholmsmodellen.smap",
        "examples/minimal.smap", "examples/views.smap", "examples/loops.smap", "examples/handover.smap",
        "examples/laws.smap", "examples/remiss-ordning.smap", "examples/rules.smap", "examples/include/main.smap",
    ]

    /// Every layout of a compilation: the whole map and each view.
    static func layouts(_ c: Compilation) -> [(name: String, layout: MapLayout, view: ViewProjection?)] {
        var result: [(String, MapLayout, ViewProjection?)] = [("map", SwimlaneLayout.layout(c), nil)]
        for v in c.views {
            result.append((c.model.views[v.view!].id, SwimlaneLayout.layout(c, view: v), v))
        }
        return result
    }

    @Test(arguments: mapFiles)
    func propertiesHoldOnMapsAndViews(_ file: String) throws {
        let c = try Self.compile(file)
        for (name, layout, view) in Self.layouts(c) {
            Self.checkProperties(layout, model: c.model, view: view, context: "\(file) \(name)")
        }
    }

    @Test(arguments: [40, 300, 1200])
    func propertiesHoldOnGeneratedMaps(_ steps: Int) {
        let c = Compiler.compile(source: MapGenerator.generate(steps: steps, seed: UInt64(steps)))
        #expect(!c.hasErrors)
        Self.checkProperties(SwimlaneLayout.layout(c), model: c.model, view: nil, context: "generated \(steps)")
        for v in c.views {
            Self.checkProperties(SwimlaneLayout.layout(c, view: v), model: c.model, view: v,
                                 context: "generated \(steps) view \(v.view)")
        }
    }

    @Test func layoutIsDeterministic() throws {
        let c = try Self.compile("maps/stockholmsmodellen.smap")
        #expect(SwimlaneLayout.layout(c) == SwimlaneLayout.layout(c))
        let again = try Self.compile("maps/stockholmsmodellen.smap")
        #expect(SwimlaneLayout.layout(c) == SwimlaneLayout.layout(again))
        let g = Compiler.compile(source: MapGenerator.generate(steps: 500, seed: 7))
        #expect(SwimlaneLayout.layout(g) == SwimlaneLayout.layout(g))
    }

    @Test func everyShownStepHasOneBoxOfItsShape() throws {
        let c = try Self.compile("maps/stockholmsmodellen.smap")
        let layout = SwimlaneLayout.layout(c)
        #expect(layout.boxes.count == c.model.steps.count)
        for (i, step) in c.model.steps.enumerated() {
            let box = try #require(layout.box(ofStep: i))
            #expect(box.lane == step.lane)
            #expect(box.number == c.numbers[i])
            #expect(box.isActualisation == (step.actualisation != nil))
            switch box.shape {
            case .decision: #expect(step.kind == .decision)
            case .start: #expect(step.isStart)
            case .end: #expect(step.isEnd)
            case .step: #expect(step.kind == .step && !step.isStart && !step.isEnd)
            case .processLink: Issue.record("process link in the whole map")
            }
            if let within = step.within { #expect(box.timeLine == "Inom " + within.words(.sv)) }
            #expect(box.participants == step.participants)
            if !step.participants.isEmpty { #expect(box.participantLines.first?.hasPrefix("Med: ") == true) }
        }
        #expect(layout.lanes.map(\.lane) == Array(c.model.lanes.indices))
        #expect(layout.flows.count == c.model.flows.count)
    }

    /// Phases that agree with the flows.
    static let phasedMap = """
        map "Faser" { version "1" }
        lane a "A"
        lane b "B"
        phase p1 "Början"
        phase p2 "Mitten"
        phase p3 "Slutet"
        step s "S" in a { start phase p1 info "x" }
        step t "T" in b { phase p1 info "x" }
        step u "U" in a { phase p2 info "x" }
        step v "V" in b { phase p2 info "x" }
        step w "W" in a { phase p3 end info "x" }
        step x "X" in b { info "x" }
        s -> t -> u -> v -> x -> w
        s -> w
        """

    @Test func phasesAreColumnGroupsInDeclaredOrder() throws {
        let c = Compiler.compile(source: Self.phasedMap)
        #expect(!c.hasErrors)
        let layout = SwimlaneLayout.layout(c)
        #expect(layout.phases.map(\.phase) == [0, 1, 2])
        #expect(layout.boxes.allSatisfy { $0.phaseTag == nil })
        // A step without a phase joins its predecessor's.
        let x = try #require(layout.box(ofStep: c.model.stepIndex["x"]!))
        #expect(x.column >= layout.phases[1].firstColumn && x.column < layout.phases[2].firstColumn)
        Self.checkProperties(layout, model: c.model, view: nil, context: "phased")
        for box in layout.boxes {
            guard let phase = c.model.steps[box.step].phase else { continue }
            let group = try #require(layout.phases.first { $0.phase == phase })
            #expect(box.column >= group.firstColumn && box.column < group.firstColumn + group.columnCount)
            #expect(box.frame.x >= group.x && box.frame.maxX <= group.x + group.width)
        }
        for (a, b) in zip(layout.phases, layout.phases.dropFirst()) {
            #expect(a.x + a.width <= b.x + 0.01)
            #expect(a.firstColumn + a.columnCount == b.firstColumn)
        }
    }

    @Test func phasesAgainstTheFlowsBecomeTagsInTheBoxes() throws {
        // In the real map each party moves through its own phases, so flows
        // lead into earlier phases: columns follow the flows instead.
        let c = try Self.compile("maps/stockholmsmodellen.smap")
        let layout = SwimlaneLayout.layout(c)
        #expect(layout.phases.isEmpty)
        for box in layout.boxes {
            let phase = c.model.steps[box.step].phase
            #expect(box.phase == phase)
            #expect((box.phaseTag != nil) == (phase != nil))
            if let phase, let tag = box.phaseTag {
                let title = c.model.phases[phase].title
                #expect(tag == title || (tag.hasSuffix("…") && title.hasPrefix(String(tag.dropLast()))))
            }
        }
    }

    @Test func viewsShowProcessLinks() throws {
        let c = try Self.compile("examples/views.smap")
        let index = try #require(c.model.viewIndex["soc_karta"])
        let projection = try #require(c.views.first { $0.view == index })
        #expect(!projection.processLinks.isEmpty)
        let layout = SwimlaneLayout.layout(c, view: projection)
        let links = layout.boxes.filter { $0.shape == .processLink }
        #expect(links.count == projection.processLinks.count)
        let jobbtorg = try #require(c.model.laneIndex["jobbtorg"])
        #expect(links.first?.targetLane == jobbtorg)
        #expect(links.first?.titleLines.joined(separator: " ") == "Fortsätter hos Jobbtorg Stockholm")
        #expect(layout.lanes.map(\.lane) == [c.model.laneIndex["soc"]!])
        #expect(layout.flows.contains { $0.isProcessLink })
    }

    @Test func loopsAreDrawnBackUnderTheirLane() throws {
        let c = try Self.compile("examples/loops.smap")
        let layout = SwimlaneLayout.layout(c)
        let loops = layout.flows.filter { $0.isLoop }
        #expect(!loops.isEmpty)
        for flow in loops where layout.boxes[flow.from].lane == layout.boxes[flow.to].lane && flow.isBackward {
            let band = try #require(layout.lanes.first { $0.lane == layout.boxes[flow.from].lane })
            let lowest = flow.points.map(\.y).max() ?? 0
            let boxesBottom = layout.boxes.filter { $0.lane == band.lane }.map(\.frame.maxY).max() ?? 0
            #expect(lowest > boxesBottom && lowest < band.y + band.height, "a loop runs under its lane's boxes")
        }
        let exceptions = layout.flows.filter(\.isException)
        #expect(exceptions.count == c.model.flows.filter(\.isException).count)
    }

    @Test func decisionBranchesCarryTheirLabels() throws {
        let c = try Self.compile("examples/minimal.smap")
        let layout = SwimlaneLayout.layout(c)
        let labelled = layout.flows.filter { !$0.labelLines.isEmpty }
        #expect(Set(labelled.map { $0.labelLines.joined(separator: " ") }) == ["Ja", "Nej"])
        for flow in labelled { #expect(flow.labelOrigin != nil) }
    }

    @Test func longTitlesAreWrappedAndCut() {
        let long = String(repeating: "Mycket långt stegnamn ", count: 40)
        let c = Compiler.compile(source: """
            map "M" { version "1" }
            lane a "A"
            step s "\(long)" in a { start info "x" }
            step e "Slut" in a { end info "x" }
            s -> e
            """)
        let layout = SwimlaneLayout.layout(c)
        let box = layout.boxes[0]
        #expect(box.titleLines.count == LayoutOptions().maxTitleLines)
        #expect(box.titleLines.last?.hasSuffix("…") == true)
        for line in box.titleLines {
            #expect(TextMetrics.width(line, fontSize: 13, bold: true) <= box.frame.width - 20)
        }
    }

    @Test func wrapBreaksOverlongWordsAndKeepsShortText() {
        #expect(TextMetrics.wrap("Kort", maxWidth: 100, fontSize: 13) == ["Kort"])
        #expect(TextMetrics.wrap("   ", maxWidth: 100, fontSize: 13) == [])
        let lines = TextMetrics.wrap(String(repeating: "x", count: 200), maxWidth: 60, fontSize: 13)
        #expect(lines.count > 3)
        for line in lines { #expect(TextMetrics.width(line, fontSize: 13) <= 60) }
        #expect(TextMetrics.wrap("a b c d e f g", maxWidth: 20, fontSize: 13, maxLines: 2).count == 2)
    }

    @Test func emptyMapGivesEmptyLayout() {
        let c = Compiler.compile(source: "map \"M\" { version \"1\" }\n")
        let layout = SwimlaneLayout.layout(c.anyMap)
        #expect(layout.boxes.isEmpty && layout.flows.isEmpty && layout.lanes.isEmpty)
    }

    @Test func aLongChainStaysIterativeAndLinear() {
        // 20,000 steps in one chain: recursion would overflow, quadratic work would time out.
        var text = "map \"Kedja\" { version \"1\" }\nlane a \"A\"\n"
        let count = 20_000
        for i in 0..<count {
            text += "step s\(i) \"Steg \(i)\" in a\(i == 0 ? " { start }" : i == count - 1 ? " { end }" : "")\n"
        }
        text += (0..<count).map { "s\($0)" }.joined(separator: " -> ") + "\n"
        // (Its time is not asserted here: scripts/bench times the layout stage.)
        let c = Compiler.compile(source: text)
        let layout = SwimlaneLayout.layout(c)
        #expect(layout.columnCount == count)
        #expect(layout.flows.allSatisfy { $0.points.count == 2 }, "a chain is straight lines")
    }

    @Test func threeThousandStepsLayOut() {
        // How fast is scripts/bench's to measure (the layout of generated maps,
        // in a release build); a wall-clock limit here would fail on a busy machine
        // and pass a slow layout on a fast one.
        let c = Compiler.compile(source: MapGenerator.generate(steps: 3000, seed: 3))
        #expect(!c.hasErrors)
        let layout = SwimlaneLayout.layout(c)
        #expect(layout.boxes.count == 3000)
    }

    @Test func maxTreeAgreesWithBruteForce() {
        var random = SeededRandom(seed: 0x4D41_5854)
        for size in [1, 2, 7, 64, 100] {
            var tree = MaxTree(size: size)
            var plain = [Int](repeating: -1, count: size)
            for _ in 0..<300 {
                let a = Int.random(in: 0..<size, using: &random), b = Int.random(in: 0..<size, using: &random)
                let lo = min(a, b), hi = max(a, b)
                if Bool.random(using: &random) {
                    let v = Int.random(in: 0..<50, using: &random)
                    tree.raise(lo, hi, to: v)
                    for i in lo...hi { plain[i] = max(plain[i], v) }
                } else {
                    #expect(tree.max(lo, hi) == plain[lo...hi].max()!)
                }
            }
        }
    }

    @Test func orderedTracksSeparateOverlapsAndNestRoutes() {
        var random = SeededRandom(seed: 0x5452_4143)
        var segments: [(lo: Int, hi: Int, ends: [SegmentEnd], edge: Int)] = []
        for e in 0..<200 {
            let a = Int.random(in: 0..<60, using: &random), b = Int.random(in: 0..<60, using: &random)
            segments.append((min(a, b), max(a, b), [SegmentEnd(pos: Double(a), towardFirst: Bool.random(using: &random)),
                                                    SegmentEnd(pos: Double(b), towardFirst: Bool.random(using: &random))], e))
        }
        let (tracks, count) = OrderedTracks.assign(segments)
        for i in segments.indices {
            #expect(tracks[i] >= 0 && tracks[i] < count)
            for j in segments.indices where j > i && segments[i].lo <= segments[j].hi && segments[j].lo <= segments[i].hi {
                #expect(tracks[i] != tracks[j], "overlapping segments share a track")
            }
        }
        // Two nested Z-shaped routes (first side at the top) do not cross: the outer one lies farther out.
        let z: [(lo: Int, hi: Int, ends: [SegmentEnd], edge: Int)] = [
            (2, 8, [SegmentEnd(pos: 2, towardFirst: true), SegmentEnd(pos: 8, towardFirst: false)], 0),
            (4, 10, [SegmentEnd(pos: 4, towardFirst: true), SegmentEnd(pos: 10, towardFirst: false)], 1),
        ]
        let (zt, _) = OrderedTracks.assign(z)
        #expect(zt[0] > zt[1], "the route that turns in higher up runs farther right")
        // A segment that only turns toward the last side sits there.
        let c: [(lo: Int, hi: Int, ends: [SegmentEnd], edge: Int)] = [
            (0, 9, [SegmentEnd(pos: 0, towardFirst: false), SegmentEnd(pos: 9, towardFirst: false)], 0),
            (3, 6, [SegmentEnd(pos: 3, towardFirst: true), SegmentEnd(pos: 6, towardFirst: false)], 1),
        ]
        let (ct, _) = OrderedTracks.assign(c)
        #expect(ct[0] > ct[1])
    }

    // MARK: - The properties

    static func checkProperties(_ layout: MapLayout, model: Model, view: ViewProjection?, context: String,
                                requireLeftToRight: Bool = true) {
        let boxes = layout.boxes
        // No two boxes overlap (boxes are sorted by column so only neighbours need comparing).
        let byColumn = boxes.indices.sorted { (boxes[$0].column, boxes[$0].frame.y) < (boxes[$1].column, boxes[$1].frame.y) }
        var overlaps = 0
        for (k, i) in byColumn.enumerated() {
            var j = k + 1
            while j < byColumn.count, boxes[byColumn[j]].frame.x < boxes[i].frame.maxX {
                if boxes[i].frame.overlaps(boxes[byColumn[j]].frame) { overlaps += 1 }
                j += 1
            }
        }
        #expect(overlaps == 0, "\(context): \(overlaps) overlapping boxes")

        // Every box inside its lane's band, right of the lane headers, inside the picture.
        var outside = 0
        let bandOfLane = Dictionary(uniqueKeysWithValues: layout.lanes.map { ($0.lane, $0) })
        for box in boxes {
            guard let band = bandOfLane[box.lane] else { outside += 1; continue }
            let bandRect = Rect(x: layout.headerRight, y: band.y, width: layout.width - layout.headerRight, height: band.height)
            if !bandRect.contains(box.frame) { outside += 1 }
        }
        #expect(outside == 0, "\(context): \(outside) boxes outside their lane")
        for (a, b) in zip(layout.lanes, layout.lanes.dropFirst()) {
            #expect(abs(a.y + a.height - b.y) < 0.01, "\(context): lane bands are adjacent")
        }

        // Flows run left to right, except loops and flows into an earlier phase.
        if requireLeftToRight {
            var backwards = 0
            for flow in layout.flows where !flow.isLoop {
                let a = boxes[flow.from], b = boxes[flow.to]
                let pa = a.shape == .processLink ? nil : model.steps[a.step].phase
                let pb = b.shape == .processLink ? nil : model.steps[b.step].phase
                if let pa, let pb, pb < pa { continue }
                if b.column <= a.column { backwards += 1 }
            }
            #expect(backwards == 0, "\(context): \(backwards) flows run right to left")
        }

        // Routes are orthogonal, start on their source and end on their target, and cross no box.
        let grid = BoxGrid(boxes)
        var crossings: [String] = []
        for (f, flow) in layout.flows.enumerated() {
            let pts = flow.points
            guard pts.count >= 2 else { crossings.append("flow \(f) has no route"); continue }
            let a = boxes[flow.from], b = boxes[flow.to]
            if abs(pts[0].x - a.rightEdge(at: pts[0].y)) > 0.01 { crossings.append("flow \(f) does not leave its box") }
            if abs(pts[pts.count - 1].x - b.leftEdge(at: pts[pts.count - 1].y)) > 0.01 {
                crossings.append("flow \(f) does not reach its box")
            }
            for k in 0..<(pts.count - 1) {
                let p = pts[k], q = pts[k + 1]
                if abs(p.x - q.x) > 0.01 && abs(p.y - q.y) > 0.01 { crossings.append("flow \(f) segment \(k) is diagonal") }
                for i in grid.candidates(p, q) {
                    if i == flow.from && k == 0 { continue }
                    if i == flow.to && k == pts.count - 2 { continue }
                    if segmentCrosses(p, q, boxes[i].frame) {
                        crossings.append("flow \(f) segment \(k) crosses box of \(model.steps[boxes[i].step].id)")
                    }
                }
            }
            if let origin = flow.labelOrigin {
                let width = flow.labelLines.map { TextMetrics.width($0, fontSize: 11) }.max() ?? 0
                let rect = Rect(x: origin.x, y: origin.y, width: width, height: Double(flow.labelLines.count) * 13)
                for i in grid.candidates(Point(rect.x, rect.y), Point(rect.maxX, rect.maxY)) where rect.overlaps(boxes[i].frame) {
                    crossings.append("label of flow \(f) covers box of \(model.steps[boxes[i].step].id)")
                }
            }
        }
        #expect(crossings.isEmpty, "\(context): \(crossings.prefix(5).joined(separator: "; "))")
        for flow in layout.flows {
            for p in flow.points {
                #expect(p.x >= 0 && p.x <= layout.width && p.y >= 0 && p.y <= layout.height, "\(context): route leaves the picture")
            }
        }
    }

    /// True when the axis-aligned segment pq enters the rectangle's interior.
    static func segmentCrosses(_ p: Point, _ q: Point, _ r: Rect) -> Bool {
        let inset = 0.5
        let minX = min(p.x, q.x), maxX = max(p.x, q.x), minY = min(p.y, q.y), maxY = max(p.y, q.y)
        return maxX > r.x + inset && minX < r.maxX - inset && maxY > r.y + inset && minY < r.maxY - inset
    }

    /// Boxes bucketed by column, so that checking a route costs its length, not the map's size.
    struct BoxGrid {
        var columns: [(minX: Double, maxX: Double, boxes: [Int])] = []

        init(_ boxes: [StepBox]) {
            var byColumn: [Int: [Int]] = [:]
            for (i, b) in boxes.enumerated() { byColumn[b.column, default: []].append(i) }
            for c in byColumn.keys.sorted() {
                let ids = byColumn[c]!
                columns.append((ids.map { boxes[$0].frame.x }.min()!, ids.map { boxes[$0].frame.maxX }.max()!, ids))
            }
        }

        func candidates(_ p: Point, _ q: Point) -> [Int] {
            let lo = min(p.x, q.x), hi = max(p.x, q.x)
            var first = 0, last = columns.count
            while first < last {
                let mid = (first + last) / 2
                if columns[mid].maxX < lo { first = mid + 1 } else { last = mid }
            }
            var result: [Int] = []
            var i = first
            while i < columns.count, columns[i].minX <= hi {
                result += columns[i].boxes
                i += 1
            }
            return result
        }
    }
}

/// Seeded randomness for the tests (``SplitMix64``), so that a failure repeats.
struct SeededRandom: RandomNumberGenerator {
    var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { base.nextValue() }
}
