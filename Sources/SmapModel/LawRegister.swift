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
    /// The day the law entered into force (ISO date); nil when not verified.
    public var inForce: String?
}

/// The built-in register of laws. Every fact here was checked against a
/// stored public page, cited next to the entry (`docs/sources.md` lists them
/// all); where a fact could not be checked, the field is nil and the comment
/// says so. Update it when a law is repealed or replaced (the repeal is a fact
/// of the register, not of today's date, so the same map always gives the
/// same result).
public enum LawRegister {
    public static let laws: [KnownLaw] = [
        // MARK: Laws in force

        // Socialtjänstlag (2001:453): in force 2002-01-01.
        // Source: http://www.notisum.se/rnp/sls/fakta/a0010453.htm
        // Repealed 2025-07-01, replaced by the new socialtjänstlag: the date is
        // in prop. 2024/25:89 (https://lagen.nu/prop/2024/25:89), adopted in
        // bet. 2024/25:SoU23 (https://partiguiden.nu/dokument/HC01SoU23), and
        // https://aidemokraten.se/2025/7/14/en-ny-socialtjanstlag-for-sverige-2025-vad-betyder-den-i-praktiken
        // Chapters: 4 kap. 1 § is the right to bistånd (försörjningsstöd).
        // Source: https://lagar.nj.se/socialratt/SFS2021-0159
        KnownLaw(sfs: "2001:453", title: "Socialtjänstlag", abbreviation: "SoL", hasChapters: true,
                 repealed: "2025-07-01", replacedBy: "2025:400", inForce: "2002-01-01"),
        // Socialtjänstlag (2025:400): in force 2025-07-01 (sources as above).
        // The SFS number 2025:400 was not found in a stored public page; it is
        // kept from the project's design notes. Where ekonomiskt bistånd and
        // SIP sit in it was not verified either.
        KnownLaw(sfs: "2025:400", title: "Socialtjänstlag", abbreviation: "SoL", hasChapters: true,
                 inForce: "2025-07-01"),
        // Socialförsäkringsbalk (2010:110): in force 2011-01-01.
        // Source: http://www.notisum.se/rnp/sls/fakta/a0100110.htm
        KnownLaw(sfs: "2010:110", title: "Socialförsäkringsbalk", abbreviation: "SFB", hasChapters: true,
                 inForce: "2011-01-01"),
        // Lag om finansiell samordning av rehabiliteringsinsatser (2003:1210): in
        // force 2004-01-01; paragraphs without chapters (1–5 §§).
        // Source: https://finsamgoteborg.se/lagar-och-ramar/
        // Source: http://klevringsjuridik.se/law/lag-2003-1210/
        KnownLaw(sfs: "2003:1210", title: "Lag om finansiell samordning av rehabiliteringsinsatser",
                 abbreviation: "Finsam", hasChapters: false, inForce: "2004-01-01"),
        // Hälso- och sjukvårdslag (2017:30): in force 2017-04-01, replacing 1982:763.
        // Source: https://www.jpinfonet.se/kunskap/kunskapsbank/halso--och-sjukvardslagen/
        KnownLaw(sfs: "2017:30", title: "Hälso- och sjukvårdslag", abbreviation: "HSL", hasChapters: true,
                 inForce: "2017-04-01"),
        // Förvaltningslag (2017:900): in force 2018-07-01, the day 1986:223 was repealed by it.
        // Source: http://rkrattsbaser.gov.se/sfst?bet%25u2009=%25u20092009%3A600&page=253&post_id=7433
        KnownLaw(sfs: "2017:900", title: "Förvaltningslag", abbreviation: "FL", hasChapters: false,
                 inForce: "2018-07-01"),
        // Offentlighets- och sekretesslag (2009:400): in force 2009-06-30.
        // Source: http://www.regeringen.se/sb/d/11767/a/122412
        KnownLaw(sfs: "2009:400", title: "Offentlighets- och sekretesslag", abbreviation: "OSL", hasChapters: true,
                 inForce: "2009-06-30"),
        // Lag om koordineringsinsatser för sjukskrivna patienter (2019:1297): in
        // force 2020-02-01; 1–5 §§ without chapters.
        // Source: https://lagen.nu/2019:1297
        KnownLaw(sfs: "2019:1297", title: "Lag om koordineringsinsatser för sjukskrivna patienter",
                 hasChapters: false, inForce: "2020-02-01"),
        // Lag (2000:625) om den arbetsmarknadspolitiska verksamheten (titled "Lag om
        // arbetsmarknadspolitiska program" until a later amendment); paragraphs
        // without chapters. Its in-force date was not verified.
        // Source: https://www.lagboken.se/Lagboken/start/arbetsratt-och-arbetsmiljoratt/lag-2000625-om-arbetsmarknadspolitiska-program/d_3727-lag-2000_625-om-den-arbetsmarknadspolitiska-verksamheten
        KnownLaw(sfs: "2000:625", title: "Lag om den arbetsmarknadspolitiska verksamheten", hasChapters: false),
        // Lag (2018:1937) om tillgänglighet till digital offentlig service: in
        // force 2019-01-01; paragraphs without chapters (9 §, 12 §).
        // Source: https://www.digg.se/utveckling--innovation/digital-tillganglighet
        // Source: https://www.digg.se/kunskap-och-stod/digital-tillganglighet/skapa-en-tillganglighetsredogorelse
        KnownLaw(sfs: "2018:1937", title: "Lag om tillgänglighet till digital offentlig service",
                 hasChapters: false, inForce: "2019-01-01"),
        // Dataskyddslagen: Lag (2018:218) med kompletterande bestämmelser till EU:s
        // dataskyddsförordning; chapters (1 kap. 1 §); in force 2018-05-25, the
        // day it repealed 1998:204. (The GDPR itself is an EU regulation, not SFS.)
        // Source: https://lagboken.se/Lagboken/start/it-ratt/lag-2018218-med-kompletterande-bestammelser-till-eus-dataskyddsforordning-dataskyddslagen/d_3229937-lag-2018_218-med-kompletterande-bestammelser-till-eu_s-dataskyddsforordning
        // Source: http://retro.lagen.nu/1998:204
        KnownLaw(sfs: "2018:218", title: "Lag med kompletterande bestämmelser till EU:s dataskyddsförordning",
                 hasChapters: true, inForce: "2018-05-25"),
        // Patientdatalag (2008:355): in force 2008-07-01; chapters (4 kap. 6 §, 8 kap. 2 §).
        // Source: http://www.ltdalarna.se/Halso--och-sjukvard/Patientinformation/Lagar-och-regler-/Patientdatalagen/
        // Source: https://lagar.nj.se/halso-och-sjukvard/SFS2008-0958
        KnownLaw(sfs: "2008:355", title: "Patientdatalag", abbreviation: "PDL", hasChapters: true,
                 inForce: "2008-07-01"),
        // Patientsäkerhetslag (2010:659): in force 2011-01-01; chapters (6 kap. 12 §:
        // tystnadsplikt in privately run health care).
        // Source: https://sv.wikipedia.org/wiki/Patients%C3%A4kerhetslagen
        // Source: https://lagen.nu/ds/2018:5
        KnownLaw(sfs: "2010:659", title: "Patientsäkerhetslag", abbreviation: "PSL", hasChapters: true,
                 inForce: "2011-01-01"),

        // MARK: Repealed predecessors that older material cites (W003)

        // Socialtjänstlag (1980:620): repealed 2002-01-01 by 2001:453; numbered
        // paragraphs without chapters (6 § was the right to bistånd).
        // Source: http://klevringsjuridik.se/law/lag-1980-620/
        // Source: https://lagen.nu/1980:620
        KnownLaw(sfs: "1980:620", title: "Socialtjänstlag", abbreviation: "SoL", hasChapters: false,
                 repealed: "2002-01-01", replacedBy: "2001:453"),
        // Sekretesslag (1980:100): chapters; repealed 2009-06-30 by 2009:400.
        // Source: http://rkrattsbaser.gov.se/sfst?bet%25u2009=%25u20092009%3A600&page=290&post_id=8499
        KnownLaw(sfs: "1980:100", title: "Sekretesslag", abbreviation: "SekrL", hasChapters: true,
                 repealed: "2009-06-30", replacedBy: "2009:400"),
        // Hälso- och sjukvårdslag (1982:763): in force 1983-01-01, paragraphs
        // without chapters; repealed 2017-04-01 by 2017:30.
        // Source: http://www.notisum.se/rnp/SLS/fakta/a9820763.htm
        // Source: https://lagen.nu/1982:763
        KnownLaw(sfs: "1982:763", title: "Hälso- och sjukvårdslag", abbreviation: "HSL", hasChapters: false,
                 repealed: "2017-04-01", replacedBy: "2017:30", inForce: "1983-01-01"),
        // Förvaltningslag (1986:223): in force 1987-01-01, paragraphs without
        // chapters; repealed 2018-07-01 by 2017:900.
        // Source: http://rkrattsbaser.gov.se/sfst?bet%25u2009=%25u20092009%3A600&page=253&post_id=7433
        KnownLaw(sfs: "1986:223", title: "Förvaltningslag", abbreviation: "FL", hasChapters: false,
                 repealed: "2018-07-01", replacedBy: "2017:900", inForce: "1987-01-01"),
        // Personuppgiftslag (1998:204): paragraphs without chapters; repealed
        // 2018-05-25 by 2018:218 (and replaced in substance by the GDPR).
        // Source: http://retro.lagen.nu/1998:204
        KnownLaw(sfs: "1998:204", title: "Personuppgiftslag", abbreviation: "PUL", hasChapters: false,
                 repealed: "2018-05-25", replacedBy: "2018:218"),
    ]

    private static let bySFS: [String: KnownLaw] = Dictionary(uniqueKeysWithValues: laws.map { ($0.sfs, $0) })

    public static func law(sfs: String) -> KnownLaw? { bySFS[sfs] }

    /// A law's title as a sentence names it: "socialtjänstlagen",
    /// "socialförsäkringsbalken", "lagen om …".
    public static func definiteTitle(_ title: String) -> String {
        var t = title.prefix(1).lowercased() + title.dropFirst()
        if t.hasPrefix("lag ") { t = "lagen " + t.dropFirst(4) }
        else if t.hasSuffix("lag") || t.hasSuffix("balk") { t += "en" }
        return t
    }

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
