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

    static var skipToMap: String { Text(.webSkipToMap).render(language) }
    static var skipToGuide: String { Text(.webSkipToGuide).render(language) }
    package static var version: String { Text(.webVersion).render(language) }
    package static var owner: String { Text(.webOwner).render(language) }
    static var mapHeading: String { Text(.webMapHeading).render(language) }
    static var mapHint: String { Text(.webMapHint).render(language) }
    static var mapNoScriptHint: String { Text(.webMapNoScriptHint).render(language) }
    static var wholeMap: String { Text(.webWholeMap).render(language) }
    static var allParties: String { Text(.webAllParties).render(language) }
    static var viewLabel: String { Text(.webViewLabel).render(language) }
    static var partyLabel: String { Text(.webPartyLabel).render(language) }
    static var searchLabel: String { Text(.webSearchLabel).render(language) }
    static var searchPlaceholder: String { Text(.webSearchPlaceholder).render(language) }
    static var searchNoHits: String { Text(.webSearchNoHits).render(language) }
    static var zoomIn: String { Text(.webZoomIn).render(language) }
    static var zoomOut: String { Text(.webZoomOut).render(language) }
    static var zoomFit: String { Text(.webZoomFit).render(language) }
    static var zoomReset: String { Text(.webZoomReset).render(language) }
    static var toolbarLabel: String { Text(.webToolbarLabel).render(language) }
    package static var close: String { Text(.webClose).render(language) }
    static var panelLabel: String { Text(.webPanelLabel).render(language) }
    static var legendHeading: String { Text(.webLegendHeading).render(language) }
    static var guideHeading: String { Text(.webGuideHeading).render(language) }
    static var guideIntro: String { Text(.webGuideIntro).render(language) }
    static var sharedStepsHeading: String { Text(.webSharedStepsHeading).render(language) }
    static var lawsHeading: String { Text(.webLawsHeading).render(language) }
    static var linksHeading: String { Text(.webLinksHeading).render(language) }
    static var beforeHeading: String { Text(.webBeforeHeading).render(language) }
    static var afterHeading: String { Text(.webAfterHeading).render(language) }
    package static var noSteps: String { Text(.webNoSteps).render(language) }
    static var footer: String { Text(.webFooter).render(language) }
    static var accessibility: String { Text(.webAccessibility).render(language) }
    // Facts of a step.
    package static var part: String { Text(.webPart).render(language) }
    package static var together: String { Text(.webTogether).render(language) }
    package static var kind: String { Text(.webKind).render(language) }
    package static var time: String { Text(.webTime).render(language) }
    package static var phase: String { Text(.webPhase).render(language) }
    package static var actualisation: String { Text(.webActualisation).render(language) }
    static var actualisedBy: String { Text(.webActualisedBy).render(language) }
    static var stepWord: String { Text(.webStepWord).render(language) }
    package static var kindDecision: String { Text(.webKindDecision).render(language) }
    static var kindStart: String { Text(.webKindStart).render(language) }
    static var kindEnd: String { Text(.webKindEnd).render(language) }
    static var kindDecisionShort: String { Text(.webKindDecisionShort).render(language) }
    static var kindStartShort: String { Text(.webKindStartShort).render(language) }
    static var kindEndShort: String { Text(.webKindEndShort).render(language) }
    static var exceptionNote: String { Text(.webExceptionNote).render(language) }
    static var loopNote: String { Text(.webLoopNote).render(language) }
    static var consentNote: String { Text(.webConsentNote).render(language) }
    static var viaLeftOut: String { Text(.webViaLeftOut).render(language) }
    static var processLinkNote: String { Text(.webProcessLinkNote).render(language) }
    // Legend.
    static var legendStep: String { Text(.webLegendStep).render(language) }
    static var legendDecision: String { Text(.webLegendDecision).render(language) }
    static var legendStart: String { Text(.webLegendStart).render(language) }
    static var legendEnd: String { Text(.webLegendEnd).render(language) }
    static var legendActualisation: String { Text(.webLegendActualisation).render(language) }
    static var legendTime: String { Text(.webLegendTime).render(language) }
    static var legendShared: String { Text(.webLegendShared).render(language) }
    static var legendFlow: String { Text(.webLegendFlow).render(language) }
    static var legendException: String { Text(.webLegendException).render(language) }
    static var legendLoop: String { Text(.webLegendLoop).render(language) }
    static var legendProcessLink: String { Text(.webLegendProcessLink).render(language) }
    static var legendPhase: String { Text(.webLegendPhase).render(language) }
    static var legendLane: String { Text(.webLegendLane).render(language) }
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
