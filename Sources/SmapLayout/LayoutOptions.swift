import SmapCore
import SmapModel
import SmapCheck

/// Sizes of the swimlane layout, and the few words it must measure.
public struct LayoutOptions: Sendable {
    public var margin = 16.0
    public var boxWidth = 188.0
    public var laneHeaderWidth = 172.0
    public var laneTitleFontSize = 14.0
    public var laneTitleLineHeight = 18.0
    public var phaseHeaderHeight = 46.0
    public var phaseTitleFontSize = 13.0
    public var phaseTitleLineHeight = 16.0

    public var titleFontSize = 13.0
    public var titleLineHeight = 16.0
    public var maxTitleLines = 6
    public var footerFontSize = 11.5
    public var footerLineHeight = 14.0
    /// The strip at the top of a box that holds the number and the actualisation symbol.
    public var boxHeaderHeight = 26.0
    public var boxPaddingBottom = 9.0
    /// The phase tag at the foot of a box, where phases are not column groups.
    public var phaseTagHeight = 16.0
    public var phaseTagFontSize = 10.5

    public var labelFontSize = 11.0
    public var labelLineHeight = 13.0
    public var labelMaxWidth = 132.0
    public var maxLabelLines = 3

    /// Free space above and below a box inside its row.
    public var rowPadding = 10.0
    public var minCorridorHeight = 14.0
    public var trackGap = 8.0
    public var minChannelWidth = 44.0
    /// Room left of the first vertical track of a channel.
    public var channelLead = 12.0
    /// Room for the arrow head right of the last vertical track.
    public var arrowRoom = 16.0
    /// Extra room where one phase ends and the next begins.
    public var phaseGap = 14.0
    /// Barycenter sweeps of crossing reduction (down and up count as one).
    public var orderingSweeps = 4

    /// The words the layout places in boxes; the emitter's language.
    public var text = LayoutText.swedish

    public init() {}
}

/// Interface words the layout has to measure to size boxes.
public struct LayoutText: Sendable {
    /// "Inom 5 dagar".
    public var time: @Sendable (Duration) -> String
    /// "Med: Försäkringskassan, Arbetsförmedlingen".
    public var participants: @Sendable ([String]) -> String
    /// The title of a process link box, given the lane it leads into.
    public var processLink: @Sendable (String) -> String

    public init(time: @escaping @Sendable (Duration) -> String,
                participants: @escaping @Sendable ([String]) -> String,
                processLink: @escaping @Sendable (String) -> String) {
        self.time = time
        self.participants = participants
        self.processLink = processLink
    }

    /// The words in `language`, from the message catalog.
    public static func words(_ language: Language) -> LayoutText {
        LayoutText(time: { Text(.boxWithin, $0.words(language)).render(language) },
                   participants: { Text(.boxWith, $0.joined(separator: ", ")).render(language) },
                   processLink: { Text(.boxContinues, $0).render(language) })
    }

    /// The words of the published (Swedish) map.
    public static let swedish = words(.sv)
}
