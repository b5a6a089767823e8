import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// Everything the web map itself says. The wording lives in the message
/// catalog (`web.*` keys, Swedish and English) with the rest of smap's words.
enum WebText {
    /// The page's language: the public map is Swedish whatever language the
    /// compiler's messages use. The words are in the message catalog.
    static let language = Language.sv

    static let skipToMap = Text(.webSkipToMap).render(language)
    static let skipToGuide = Text(.webSkipToGuide).render(language)
    package static let version = Text(.webVersion).render(language)
    package static let owner = Text(.webOwner).render(language)
    static let mapHeading = Text(.webMapHeading).render(language)
    static let mapHint = Text(.webMapHint).render(language)
    static let mapNoScriptHint = Text(.webMapNoScriptHint).render(language)
    static let wholeMap = Text(.webWholeMap).render(language)
    static let allParties = Text(.webAllParties).render(language)
    static let viewLabel = Text(.webViewLabel).render(language)
    static let partyLabel = Text(.webPartyLabel).render(language)
    static let searchLabel = Text(.webSearchLabel).render(language)
    static let searchPlaceholder = Text(.webSearchPlaceholder).render(language)
    static let searchNoHits = Text(.webSearchNoHits).render(language)
    static let zoomIn = Text(.webZoomIn).render(language)
    static let zoomOut = Text(.webZoomOut).render(language)
    static let zoomFit = Text(.webZoomFit).render(language)
    static let zoomReset = Text(.webZoomReset).render(language)
    static let toolbarLabel = Text(.webToolbarLabel).render(language)
    package static let close = Text(.webClose).render(language)
    static let panelLabel = Text(.webPanelLabel).render(language)
    static let legendHeading = Text(.webLegendHeading).render(language)
    static let guideHeading = Text(.webGuideHeading).render(language)
    static let guideIntro = Text(.webGuideIntro).render(language)
    static let sharedStepsHeading = Text(.webSharedStepsHeading).render(language)
    static let lawsHeading = Text(.webLawsHeading).render(language)
    static let linksHeading = Text(.webLinksHeading).render(language)
    static let beforeHeading = Text(.webBeforeHeading).render(language)
    static let afterHeading = Text(.webAfterHeading).render(language)
    package static let noSteps = Text(.webNoSteps).render(language)
    static let footer = Text(.webFooter).render(language)
    static let accessibility = Text(.webAccessibility).render(language)
    // Facts of a step.
    package static let part = Text(.webPart).render(language)
    package static let together = Text(.webTogether).render(language)
    package static let kind = Text(.webKind).render(language)
    package static let time = Text(.webTime).render(language)
    package static let phase = Text(.webPhase).render(language)
    package static let actualisation = Text(.webActualisation).render(language)
    static let actualisedBy = Text(.webActualisedBy).render(language)
    static let stepWord = Text(.webStepWord).render(language)
    package static let kindDecision = Text(.webKindDecision).render(language)
    static let kindStart = Text(.webKindStart).render(language)
    static let kindEnd = Text(.webKindEnd).render(language)
    static let kindDecisionShort = Text(.webKindDecisionShort).render(language)
    static let kindStartShort = Text(.webKindStartShort).render(language)
    static let kindEndShort = Text(.webKindEndShort).render(language)
    static let exceptionNote = Text(.webExceptionNote).render(language)
    static let loopNote = Text(.webLoopNote).render(language)
    static let consentNote = Text(.webConsentNote).render(language)
    static let viaLeftOut = Text(.webViaLeftOut).render(language)
    static let processLinkNote = Text(.webProcessLinkNote).render(language)
    // Legend.
    static let legendStep = Text(.webLegendStep).render(language)
    static let legendDecision = Text(.webLegendDecision).render(language)
    static let legendStart = Text(.webLegendStart).render(language)
    static let legendEnd = Text(.webLegendEnd).render(language)
    static let legendActualisation = Text(.webLegendActualisation).render(language)
    static let legendTime = Text(.webLegendTime).render(language)
    static let legendShared = Text(.webLegendShared).render(language)
    static let legendFlow = Text(.webLegendFlow).render(language)
    static let legendException = Text(.webLegendException).render(language)
    static let legendLoop = Text(.webLegendLoop).render(language)
    static let legendProcessLink = Text(.webLegendProcessLink).render(language)
    static let legendPhase = Text(.webLegendPhase).render(language)
    static let legendLane = Text(.webLegendLane).render(language)
    package static func repealed(_ date: String) -> String { Text(.webRepealed, date).render(language) }
    package static func replacedBy(_ sfs: String) -> String { Text(.webReplacedBy, sfs).render(language) }

    static func stepLabel(number: Int?) -> String {
        number.map { "\(stepWord) \($0)" } ?? stepWord
    }

}

/// Escaping for everything that goes into the page. Every text that comes
/// from a map passes through one of these.
package enum HTMLText {
    /// Text for HTML element content and quoted attribute values (also in SVG).
    package static func escape(_ text: String) -> String {
        // Most texts need nothing escaped: then they are the answer, uncopied.
        if needsNoEscape(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        Escaping.append(text, to: &out) { scalar in
            switch scalar {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&#39;"
            default: return isForbidden(scalar) ? "\u{FFFD}" : nil
            }
        }
        return out
    }

    /// True when ``escape(_:)`` would change nothing: no markup character,
    /// and no forbidden scalar (looked for only when a byte is not ASCII).
    private static func needsNoEscape(_ text: String) -> Bool {
        let answer = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var ascii = true
            for b in bytes {
                switch b {
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"),
                     0..<0x09, 0x0B..<0x20, 0x7F:
                    return false
                case 0x80...: ascii = false
                default: break
                }
            }
            return ascii || !text.unicodeScalars.contains(where: isForbidden)
        }
        return answer ?? false
    }

    /// Control characters and noncharacters are not allowed in HTML text; they become U+FFFD.
    static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 { return v != 0x09 && v != 0x0A }
        if v >= 0x7F && v <= 0x9F { return true }
        if v >= 0xFDD0 && v <= 0xFDEF { return true }
        return v & 0xFFFE == 0xFFFE
    }

    /// A JSON string literal safe inside `<script type="application/json">`:
    /// `<`, `>`, `&` and the JavaScript line separators are escaped, so no
    /// text can close the element or start a comment.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        Escaping.append(text, to: &out) { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\t": return "\\t"
            case "\r": return "\\r"
            case "<": return "\\u003c"
            case ">": return "\\u003e"
            case "&": return "\\u0026"
            case "\u{2028}": return "\\u2028"
            case "\u{2029}": return "\\u2029"
            default: return isForbidden(scalar) ? "\\ufffd" : nil
            }
        }
        return out + "\""
    }

    /// A coordinate: whole numbers without decimals, others with one.
    /// (``TextOutput/appendNumber(_:)`` writes the same into bytes.)
    package static func number(_ x: Double) -> String {
        guard let t = TextOutput.tenths(x) else { return "0" }
        if t % 10 == 0 { return String(t / 10) }
        let m = abs(t)
        return (t < 0 ? "-" : "") + "\(m / 10).\(m % 10)"
    }

    /// A fragment identifier for a step: `steg-ID` (identifiers hold only letters, digits and `_`).
    /// The anchor of a step on the page: the one home of the scheme, which
    /// the DOT's links and the other exports use too.
    package static func stepAnchor(_ id: String) -> String { "steg-" + id }

    /// A link to a step from a file beside the page (the DOT, the exports).
    package static func stepURL(_ id: String) -> String { HTMLEmitter().fileName + "#" + stepAnchor(id) }
}
