import SmapCore
import SmapModel
import SmapCheck

/// The geometry of a swimlane map: what the layout stage hands the emitters.
/// Pixels, top-left origin, y downwards. It knows nothing of HTML or SVG.
public struct MapLayout: Sendable, Equatable {
    public var width: Double
    public var height: Double
    /// Lanes that hold at least one box, top to bottom in declared order.
    public var lanes: [LaneBand]
    /// Phase column groups, left to right in declared order. Empty when the map
    /// declares no phases, or when its flows lead into earlier phases: then
    /// columns follow the flows and each box carries its phase as a tag.
    public var phases: [PhaseGroup]
    public var boxes: [StepBox]
    public var flows: [RoutedFlow]
    /// The area of the lane headers on the left (x from `headerLeft` to `headerRight`).
    public var headerLeft: Double
    public var headerRight: Double
    /// The top of the first lane band (below the phase headers).
    public var bandsTop: Double
    /// The number of columns.
    public var columnCount: Int

    /// The box of a model step, if the layout shows it.
    public func box(ofStep step: Int) -> StepBox? {
        guard let i = boxIndexOfStep[step] else { return nil }
        return boxes[i]
    }

    public var boxIndexOfStep: [Int: Int]
}

public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midY: Double { y + height / 2 }

    /// True when the interiors overlap (touching edges do not count).
    public func overlaps(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    public func contains(_ other: Rect) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }
}

public struct LaneBand: Sendable, Equatable {
    /// Index into `Model.lanes`.
    public var lane: Int
    public var y: Double
    public var height: Double
    /// The lane title wrapped to the header's width.
    public var titleLines: [String]
}

public struct PhaseGroup: Sendable, Equatable {
    /// Index into `Model.phases`; nil for steps of no phase when others have one.
    public var phase: Int?
    public var x: Double
    public var width: Double
    public var firstColumn: Int
    public var columnCount: Int
    public var titleLines: [String]
}

/// The shape a box is drawn with; each has its own outline, so no kind is told by color alone.
public enum BoxShape: String, Sendable {
    /// A rounded rectangle.
    case step
    /// A hexagon pointed left and right: exactly one branch is taken.
    case decision
    /// A pill: the process can begin here.
    case start
    /// A pill with a double outline: the process ends here.
    case end
    /// An arrow-shaped box: the flow continues in another party's process that the view leaves out.
    case processLink
}

public struct StepBox: Sendable, Equatable {
    /// Index into `Model.steps`. For a process link: the step it leads to.
    public var step: Int
    public var shape: BoxShape
    /// Index into `Model.lanes` of the band the box sits in.
    public var lane: Int
    /// For a process link: the lane of the process it leads into.
    public var targetLane: Int?
    public var column: Int
    public var row: Int
    public var frame: Rect
    /// The title wrapped to the box (the last line ends with "…" when cut).
    public var titleLines: [String]
    /// The time indication ("Inom 5 dagar"), shown under the title.
    public var timeLine: String?
    /// The participating parties of a shared step (for a process link: the step it leads to), wrapped.
    public var participantLines: [String]
    /// Where phases are not column groups: the box's phase, and its name fitted to one line.
    public var phase: Int?
    public var phaseTag: String?
    /// The baseline of the first title line, relative to the box's top.
    public var titleTop: Double
    public var number: Int?
    public var isActualisation: Bool
    /// Lanes taking part besides the box's own (shared steps).
    public var participants: [Int]

    /// The x where a horizontal line at `y` meets the box's outline on the right.
    public func rightEdge(at y: Double) -> Double {
        frame.maxX - inset(at: y, right: true)
    }

    /// The x where a horizontal line at `y` meets the box's outline on the left.
    public func leftEdge(at y: Double) -> Double {
        frame.x + inset(at: y, right: false)
    }

    /// How far the outline lies inside the frame at height `y`.
    private func inset(at y: Double, right: Bool) -> Double {
        let half = frame.height / 2
        let dy = min(abs(y - frame.midY), half)
        switch shape {
        case .step:
            return 0
        case .decision:
            return StepBox.pointDepth * (dy / half)
        case .processLink:
            return right ? StepBox.pointDepth * (dy / half) : 0
        case .start, .end:
            let r = min(half, StepBox.pillRadius)
            let straight = half - r
            guard dy > straight else { return 0 }
            let d = dy - straight
            return r - (r * r - d * d).squareRoot()
        }
    }

    /// How far the points of decisions and process links reach.
    public static let pointDepth = 16.0
    /// The corner radius of start and end pills.
    public static let pillRadius = 22.0
}

public struct RoutedFlow: Sendable, Equatable {
    /// Box indices.
    public var from: Int
    public var to: Int
    /// Index into `Model.flows`, when the flow is one of the model's own.
    public var flow: Int?
    /// The polyline, from the source's outline to the target's outline (the arrow's tip).
    public var points: [Point]
    public var labelLines: [String]
    /// The top-left of the label's first line box; labels sit just above the first segment.
    public var labelOrigin: Point?
    public var isException: Bool
    public var isLoop: Bool
    /// True when the flow is drawn right to left (loops, and flows into an earlier phase).
    public var isBackward: Bool
    /// True for the flow from a step into its process link.
    public var isProcessLink: Bool
}
