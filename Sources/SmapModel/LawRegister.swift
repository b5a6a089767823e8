import SmapCore
import SmapSyntax

/// What smap knows of a law this field cites.
public struct KnownLaw: Sendable, Hashable {
    public var sfs: String
    public var title: String
    public var abbreviation: String?
    /// Whether provisions are cited with chapters (`4 kap. 1 §`); nil when unknown.
    public var hasChapters: Bool?
    /// The day the law was repealed (ISO date), if it has been.
    public var repealed: String?
    public var replacedBy: String?
}

/// The built-in register of laws. Facts come from riksdagen.se and lagen.nu;
/// update it when a law is repealed or replaced (the repeal is a fact of the
/// register, not of today's date, so the same map always gives the same result).
public enum LawRegister {
    public static let laws: [KnownLaw] = [
        KnownLaw(sfs: "2001:453", title: "Socialtjänstlag", abbreviation: "SoL", hasChapters: true,
                 repealed: "2025-07-01", replacedBy: "2025:400"),
        KnownLaw(sfs: "2025:400", title: "Socialtjänstlag", abbreviation: "SoL", hasChapters: true),
        KnownLaw(sfs: "2010:110", title: "Socialförsäkringsbalk", abbreviation: "SFB", hasChapters: true),
        KnownLaw(sfs: "2003:1210", title: "Lag om finansiell samordning av rehabiliteringsinsatser",
                 abbreviation: "Finsam", hasChapters: false),
        KnownLaw(sfs: "2017:30", title: "Hälso- och sjukvårdslag", abbreviation: "HSL", hasChapters: true),
        KnownLaw(sfs: "2017:900", title: "Förvaltningslag", abbreviation: "FL", hasChapters: false),
        KnownLaw(sfs: "2009:400", title: "Offentlighets- och sekretesslag", abbreviation: "OSL", hasChapters: true),
        KnownLaw(sfs: "2019:1297", title: "Lag om koordineringsinsatser för sjukskrivna patienter",
                 hasChapters: false),
        KnownLaw(sfs: "2000:625", title: "Lag om den arbetsmarknadspolitiska verksamheten"),
        KnownLaw(sfs: "2018:1937", title: "Lag om tillgänglighet till digital offentlig service"),
    ]

    private static let bySFS: [String: KnownLaw] = Dictionary(uniqueKeysWithValues: laws.map { ($0.sfs, $0) })

    public static func law(sfs: String) -> KnownLaw? { bySFS[sfs] }

    /// True when `title` names the known law: case and spacing aside, and
    /// allowing the definite form ("Socialtjänstlagen", "Lagen om …").
    public static func titleMatches(_ title: String, _ known: KnownLaw) -> Bool {
        func normalize(_ s: String) -> String {
            s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\t" }).joined(separator: " ")
        }
        let written = normalize(title)
        let expected = normalize(known.title)
        if written == expected || written == expected + "en" || written == expected + "n" { return true }
        if expected.hasPrefix("lag om "), written == "lagen om " + expected.dropFirst("lag om ".count) { return true }
        return false
    }
}
