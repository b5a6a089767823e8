import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// Everything the web map itself says, in Swedish: the public map is Swedish
/// whatever language the compiler's messages use. Kept in one place so a
/// reviewer can read the page's voice at once.
enum WebText {
    static let skipToMap = "Hoppa till kartan"
    static let skipToGuide = "Hoppa till handläggarstödet"
    package static let version = "Version"
    package static let owner = "Ägare"
    static let mapHeading = "Processkarta"
    static let mapHint = "Välj ett steg med musen, eller med Tab och Enter, för att läsa mer om det. "
        + "Samma information finns i handläggarstödet under kartan."
    static let mapNoScriptHint = "Stegen i kartan leder till deras beskrivning i handläggarstödet."
    static let wholeMap = "Hela kartan"
    static let allParties = "Alla parter"
    static let viewLabel = "Vy"
    static let partyLabel = "Partens egen karta"
    static let searchLabel = "Sök steg"
    static let searchPlaceholder = "Ord i rubrik eller text"
    static let searchNoHits = "Inga steg hittades."
    static let zoomIn = "Zooma in"
    static let zoomOut = "Zooma ut"
    static let zoomFit = "Anpassa till bredden"
    static let zoomReset = "Verklig storlek"
    static let toolbarLabel = "Verktyg för kartan"
    package static let close = "Stäng"
    static let panelLabel = "Om steget"
    static let legendHeading = "Teckenförklaring"
    static let guideHeading = "Handläggarstöd"
    static let guideIntro = "Alla steg i kartan, ordnade efter part och nummer, med information och lagrum. "
        + "Avsnittet är också kartans textversion och det som skrivs ut."
    static let sharedStepsHeading = "Gemensamma steg där parten deltar"
    static let lawsHeading = "Lagrum"
    static let linksHeading = "Länkar"
    static let beforeHeading = "Före det här steget"
    static let afterHeading = "Efter det här steget"
    package static let noSteps = "Kartan har inga steg att visa."
    static let footer = "Kartan är skapad med smap ur kartans källtext."
    static let accessibility = "Sidan är gjord för att uppfylla WCAG 2.1 nivå AA: den går att använda med tangentbord, "
        + "med skärmläsare och utan JavaScript, och innehållet finns också som text i handläggarstödet. "
        + "Kontakta kartans ägare om något inte fungerar för dig."

    // Facts of a step.
    package static let part = "Part"
    package static let together = "Tillsammans med"
    package static let kind = "Typ"
    package static let time = "Tidsindikation"
    package static let phase = "Fas"
    package static let actualisation = "Aktualiseringspunkt"
    static let actualisedBy = "Kan aktualiseras av"
    static let stepWord = "Steg"
    package static let kindDecision = "Beslut – ett av utfallen följs"
    static let kindStart = "Start – processen kan börja här"
    static let kindEnd = "Slut – processen slutar här"
    static let kindDecisionShort = "beslut"
    static let kindStartShort = "start"
    static let kindEndShort = "slut"
    static let exceptionNote = "undantag"
    static let loopNote = "tillbaka till ett tidigare steg"
    static let consentNote = "med individens samtycke"
    static let viaLeftOut = "via steg som vyn inte visar"
    static let processLinkNote = "fortsätter i en annan parts process"

    // Legend.
    static let legendStep = "Steg i processen. Siffran är stegets nummer i handläggarstödet."
    static let legendDecision = "Beslut: exakt ett av utfallen följs. Utfallen står vid pilarna."
    static let legendStart = "Start: här kan processen börja."
    static let legendEnd = "Slut: här slutar processen (dubbel kant)."
    static let legendActualisation = "Aktualiseringspunkt: här kan parten aktualisera individen för samverkan."
    static let legendTime = "Tidsindikation: tiden inom vilken steget bör vara gjort."
    static let legendShared = "Gemensamt steg: ”Med:” anger parterna som deltar."
    static let legendFlow = "Flöde till nästa steg. Flera pilar ut från ett steg som inte är ett beslut betyder att allt görs, parallellt."
    static let legendException = "Undantag: en väg som bara används undantagsvis (streckad)."
    static let legendLoop = "Tillbaka till ett tidigare steg (loop), ritad under simbanan."
    static let legendProcessLink = "Processkoppling: flödet fortsätter i en annan parts process."
    static let legendPhase = "Fas: kolumnerna grupperas i faser med namnet överst, eller så står fasens namn längst ned i steget."
    static let legendLane = "Simbana: varje part har en egen rad med namn och färg till vänster."

    package static func repealed(_ date: String) -> String { "upphävd \(date)" }
    package static func replacedBy(_ sfs: String) -> String { "ersatt av SFS \(sfs)" }

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
